package io.consultdesk.mail;

import java.util.regex.Pattern;

/**
 * The address check used before anything is accepted: a practical subset of RFC 5321 that real
 * mailboxes use. No quoted local parts, no IP literals, and never a CR, LF or other control
 * character, so an address can never smuggle a header into an email.
 */
public final class EmailAddresses {
    private static final Pattern ADDRESS = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

    private EmailAddresses() {}

    public static boolean isValid(String address) {
        return address != null
                && address.length() <= 254
                && address.indexOf('@') <= 64
                && ADDRESS.matcher(address).matches();
    }
}

package io.consultdesk.web;

import java.nio.charset.StandardCharsets;

/**
 * {@code mailto:} and {@code tel:} links built from what a visitor typed. The address and the number are checked when
 * a request is taken, but a link is built as if they were not (rows stored under older rules, a rule that changes): a
 * {@code ?}, {@code &}, {@code #} or {@code %} in an address never becomes a header or a body of the email a click
 * opens (RFC 6068), and a number is only its digits.
 */
public final class Links {
    private Links() {}

    /**
     * {@code mailto:} and the address, every character but letters, digits, {@code - . _ ~ +} percent-encoded (UTF-8),
     * the last {@code @} kept as the separator; null for no address.
     */
    public static String mailto(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "mailto:" + encode(address);
        }
        return "mailto:" + encode(address.substring(0, at)) + "@" + encode(address.substring(at + 1));
    }

    /** {@code tel:} and the number's digits, with its leading {@code +}; null when there is no digit. */
    public static String tel(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return null;
        }
        return "tel:" + (phone.strip().startsWith("+") ? "+" : "") + digits;
    }

    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }
}

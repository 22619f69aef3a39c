package io.consultdesk.mail;

import java.time.Duration;
import java.util.Optional;

/**
 * How emails leave the server. With no SMTP host (the embedded default) every email is written as an
 * {@code .eml} file under {@code {DATA_DIR}/mail/} instead of being sent.
 */
public record MailSettings(
        Optional<String> smtpHost,
        int smtpPort,
        Optional<String> username,
        Optional<String> password,
        Transport transport,
        String from,
        Duration giveUpAfter) {

    /**
     * {@code smtp}: plain, upgraded to TLS when offered, and never with a user name (a network that strips the
     * STARTTLS offer would read the password and every link); {@code starttls}: TLS required before anything is
     * sent, the default with a user name; {@code smtps}: TLS from the start.
     */
    public enum Transport {
        SMTP(25), STARTTLS(587), SMTPS(465);

        public final int defaultPort;

        Transport(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    /** The password is never sent where TLS is optional: {@code smtp} with a user name is refused. */
    public MailSettings {
        if (transport == Transport.SMTP && username.isPresent()) {
            throw new IllegalArgumentException("SMTP credentials need the starttls or smtps transport, never plain smtp");
        }
    }

    public static final String DEFAULT_FROM = "consultdesk@localhost";
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofDays(3);

    /** Emails written to files, as on a fresh machine. */
    public static MailSettings files() {
        return new MailSettings(Optional.empty(), 25, Optional.empty(), Optional.empty(), Transport.SMTP,
                DEFAULT_FROM, DEFAULT_GIVE_UP_AFTER);
    }

    /** Plain SMTP without authentication, e.g. to a test server on localhost. */
    public static MailSettings smtp(String host, int port) {
        return new MailSettings(Optional.of(host), port, Optional.empty(), Optional.empty(), Transport.SMTP,
                DEFAULT_FROM, DEFAULT_GIVE_UP_AFTER);
    }

    public boolean sendsSmtp() {
        return smtpHost.isPresent();
    }

    /** Whether the SMTP server is on this machine (a local relay), where an unencrypted connection stays off the network. */
    public boolean toLoopback() {
        String host = smtpHost.orElse("").toLowerCase(java.util.Locale.ROOT).replaceAll("^\\[|\\]$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** The domain of the sender address, used on the right of every Message-ID. */
    public String fromDomain() {
        return from.substring(from.indexOf('@') + 1);
    }

    public MailSettings withGiveUpAfter(Duration d) {
        return new MailSettings(smtpHost, smtpPort, username, password, transport, from, d);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MailSettings[" + smtpHost.map(h -> transport.name().toLowerCase(java.util.Locale.ROOT) + "://" + h + ":" + smtpPort)
                .orElse("files") + ", from=" + from + ", user=" + username.orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-") + ", giveUpAfter=" + giveUpAfter + "]";
    }
}

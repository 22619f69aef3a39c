package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simplejavamail.MailException;

/**
 * {@link SendFailure#classify} against the exception objects Angus Mail (under Simple Java Mail) really
 * throws, built the way Angus builds them.
 */
class SendFailureTest {

    private static final String PATIENT = "patient@example.org";
    private static final String SENDER = "consultdesk@clinic.example";
    private static final Address[] NONE = new Address[0];

    // --- how Angus reports each failure ------------------------------------------------------------

    /** RCPT TO refused: Angus throws SendFailedException("Invalid Addresses") whose next exception is the per-address failure. */
    private static SendFailedException rcptRefused(int code, String reply) throws AddressException {
        InternetAddress to = new InternetAddress(PATIENT);
        SMTPAddressFailedException perAddress = new SMTPAddressFailedException(to, "RCPT TO:<" + PATIENT + ">", code, reply);
        return new SendFailedException("Invalid Addresses", perAddress, NONE, NONE, new Address[] {to});
    }

    /** The same, with the per-address failure attached later through setNextException. */
    private static SendFailedException rcptRefusedViaNext(int code, String reply) throws AddressException {
        InternetAddress to = new InternetAddress(PATIENT);
        SendFailedException outer = new SendFailedException("Invalid Addresses");
        outer.setNextException(new SMTPAddressFailedException(to, "RCPT TO:<" + PATIENT + ">", code, reply));
        return outer;
    }

    /** After the message body: the reply to the final "." (or to DATA itself). */
    private static SMTPSendFailedException dataRefused(String cmd, int code, String reply) throws AddressException {
        return new SMTPSendFailedException(cmd, code, reply, null, NONE, new Address[] {new InternetAddress(PATIENT)}, NONE);
    }

    /**
     * MAIL FROM refused with 501, 503, 550, 551 or 553: Angus's SMTPTransport.mailFrom() catches the
     * SMTPSendFailedException from issueSendCommand, attaches an SMTPSenderFailedException to it with
     * setNextException, and rethrows the SMTPSendFailedException itself.
     */
    private static SMTPSendFailedException senderRefusedAsAngusThrowsIt(int code, String reply) throws AddressException {
        String cmd = "MAIL FROM:<" + SENDER + ">";
        SMTPSendFailedException outer = new SMTPSendFailedException(cmd, code, reply, null, NONE, NONE, NONE);
        outer.setNextException(new SMTPSenderFailedException(new InternetAddress(SENDER), cmd, code, reply));
        return outer;
    }

    private static SMTPSenderFailedException senderRefused(int code, String reply) throws AddressException {
        return new SMTPSenderFailedException(new InternetAddress(SENDER), "MAIL FROM:<" + SENDER + ">", code, reply);
    }

    /** Simple Java Mail wraps whatever Angus threw in its MailerException (package-private; same superclass). */
    private static RuntimeException simpleJavaMail(Exception cause) {
        return new MailException("Third party error", cause) {};
    }

    private static MailConnectException connectionRefused() {
        return new MailConnectException(new SocketConnectException("Connection refused",
                new ConnectException("Connection refused"), "smtp.clinic.example", 587, 30_000));
    }

    // --- the table ---------------------------------------------------------------------------------

    static Stream<Arguments> smtpReplies() throws Exception {
        return Stream.of(
                // recipient refused for good
                Arguments.of("550 recipient", rcptRefused(550, "550 5.1.1 <patient@example.org>: Recipient address rejected: User unknown"), true, 550),
                Arguments.of("553 recipient", rcptRefused(553, "553 5.1.3 Bad recipient address syntax"), true, 553),
                Arguments.of("554 recipient", rcptRefused(554, "554 5.7.1 Relay access denied"), true, 554),
                Arguments.of("550 recipient, reply without code", rcptRefused(550, "User unknown"), true, 550),
                Arguments.of("550 recipient via setNextException", rcptRefusedViaNext(550, "550 No such user"), true, 550),
                Arguments.of("550 recipient bare", new SMTPAddressFailedException(new InternetAddress(PATIENT), "RCPT TO:<" + PATIENT + ">", 550, "550 No such user"), true, 550),
                Arguments.of("550 recipient via Simple Java Mail", simpleJavaMail(rcptRefused(550, "550 5.1.1 User unknown")), true, 550),
                Arguments.of("553 recipient in RuntimeException", new RuntimeException("send failed", rcptRefused(553, "553 mailbox name not allowed")), true, 553),
                // recipient refused for now
                Arguments.of("450 recipient", rcptRefused(450, "450 4.2.0 <patient@example.org>: Recipient address rejected: Greylisted"), false, 450),
                Arguments.of("451 recipient", rcptRefused(451, "451 4.3.0 Temporary lookup failure"), false, 451),
                Arguments.of("452 recipient", rcptRefused(452, "452 4.5.3 Too many recipients"), false, 452),
                Arguments.of("451 recipient via Simple Java Mail", simpleJavaMail(rcptRefusedViaNext(451, "451 try later")), false, 451),
                // the message refused after DATA
                Arguments.of("554 after data", dataRefused(".", 554, "554 5.7.1 Message rejected as spam"), true, 554),
                Arguments.of("552 after data", dataRefused(".", 552, "552 5.3.4 Message size exceeds fixed limit"), true, 552),
                Arguments.of("554 at DATA", dataRefused("DATA", 554, "554 5.5.1 No valid recipients"), true, 554),
                Arguments.of("554 after data via Simple Java Mail", simpleJavaMail(dataRefused(".", 554, "554 rejected")), true, 554),
                Arguments.of("451 after data", dataRefused(".", 451, "451 4.3.0 Local error in processing"), false, 451),
                Arguments.of("421 after data", dataRefused(".", 421, "421 4.4.2 Connection timed out"), false, 421),
                // our own sender address refused: a settings mistake, retried after the operator fixes it
                Arguments.of("553 sender", senderRefused(553, "553 5.7.1 <consultdesk@clinic.example>: Sender address rejected: not owned by user"), false, 553),
                Arguments.of("550 sender", senderRefused(550, "550 5.7.1 Sender rejected"), false, 550),
                Arguments.of("553 sender via Simple Java Mail", simpleJavaMail(senderRefused(553, "553 not owned by user")), false, 553),
                Arguments.of("553 sender as Angus throws it", senderRefusedAsAngusThrowsIt(553, "553 5.7.1 <consultdesk@clinic.example>: Sender address rejected: not owned by user"), false, 553),
                Arguments.of("550 sender as Angus throws it, via Simple Java Mail", simpleJavaMail(senderRefusedAsAngusThrowsIt(550, "550 5.7.1 Sender rejected")), false, 550));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smtpReplies")
    void anSmtpReplyIsClassifiedByItsCode(String name, Throwable thrown, boolean permanent, int code) {
        SendFailure f = SendFailure.classify(thrown);
        assertEquals(permanent, f.permanent(), name + " -> " + f);
        assertEquals(code, f.code(), name + " -> " + f);
        assertTrue(f.detail().startsWith("SMTP " + code + " "), f.detail());
        assertSafe(f);
    }

    static Stream<Arguments> noReply() throws Exception {
        return Stream.of(
                Arguments.of("auth failed", new AuthenticationFailedException("535 5.7.8 Error: authentication failed: bad credentials"), "CONSULTDESK_SMTP_USERNAME"),
                Arguments.of("auth failed via Simple Java Mail", simpleJavaMail(new AuthenticationFailedException("535 5.7.8 Error")), "CONSULTDESK_SMTP_USERNAME"),
                Arguments.of("auth failed in RuntimeException", new RuntimeException(new AuthenticationFailedException("535 5.7.8 Error")), "sign-in refused"),
                Arguments.of("connection refused (Angus MailConnectException)", connectionRefused(), "ConnectException"),
                Arguments.of("connection refused via Simple Java Mail", simpleJavaMail(connectionRefused()), "ConnectException"),
                Arguments.of("connection refused in MessagingException",
                        new MessagingException("Could not connect to SMTP host: smtp.clinic.example, port: 587", new ConnectException("Connection refused")), "ConnectException"),
                Arguments.of("connection refused in MessagingException in RuntimeException",
                        new RuntimeException(new MessagingException("Could not connect", new ConnectException("Connection refused"))), "ConnectException: Connection refused"),
                Arguments.of("read timeout",
                        simpleJavaMail(new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"))), "SocketTimeoutException"),
                Arguments.of("no STARTTLS offered (starttls required), as Angus says it via Simple Java Mail",
                        simpleJavaMail(new MessagingException("STARTTLS is required but host does not support STARTTLS")),
                        "did not offer STARTTLS"),
                Arguments.of("bare IOException without message", new java.io.IOException(), "IOException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noReply")
    void withoutAnSmtpReplyEverythingIsRetried(String name, Throwable thrown, String detailNames) {
        SendFailure f = SendFailure.classify(thrown);
        assertFalse(f.permanent(), name + " -> " + f);
        assertEquals(0, f.code(), name + " -> " + f);
        assertTrue(f.detail().contains(detailNames), f.detail());
        assertSafe(f);
    }

    @Test
    void theAuthenticationDetailDoesNotEchoTheServerText() {
        SendFailure f = SendFailure.classify(new AuthenticationFailedException("535 5.7.8 user=admin pass=hunter2 rejected"));
        assertFalse(f.detail().contains("hunter2"), f.detail());
    }

    @Test
    void aLongMultiLineReplyIsClippedToOneLine() throws Exception {
        String reply = "550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                + "550-5.1.1 Please try double-checking the recipient's email address for typos\n"
                + "550 5.1.1 " + "x".repeat(1000);
        SendFailure f = SendFailure.classify(simpleJavaMail(rcptRefused(550, reply)));
        assertTrue(f.permanent());
        assertEquals(550, f.code());
        assertTrue(f.detail().startsWith("SMTP 550-5.1.1 The email account"), f.detail());
        assertTrue(f.detail().length() > 250, "clipped, not dropped: " + f.detail().length());
        assertSafe(f);
    }

    @Test
    void aLongExceptionMessageIsClipped() {
        SendFailure f = SendFailure.classify(new RuntimeException(new ConnectException("refused " + "y".repeat(2000))));
        assertFalse(f.permanent());
        assertTrue(f.detail().startsWith("ConnectException: refused yyy"), f.detail());
        assertSafe(f);
    }

    /** A server's multi-line bad greeting (e.g. 421 while busy) reaches us as a plain MessagingException. */
    @Test
    void aMultiLineServerTextWithoutAnSmtpExceptionIsStillOneLine() {
        MessagingException greeting = new MessagingException("Got bad greeting from SMTP host: smtp.clinic.example, port: 587, "
                + "response: 421-mx.clinic.example busy\r\n421 4.3.2 try again later");
        SendFailure f = SendFailure.classify(simpleJavaMail(greeting));
        assertFalse(f.permanent());
        assertEquals(0, f.code());
        assertTrue(f.detail().contains("421 4.3.2 try again later"), f.detail());
        assertSafe(f);
    }

    /** find() already guards against loops in the chain (its "seen" set); the whole of classify must too. */
    @Test
    void aLoopInTheCauseChainDoesNotHang() {
        MessagingException a = new MessagingException("a");
        MessagingException b = new MessagingException("b", a);
        a.setNextException(b); // only a direct self-link is refused; a longer loop is accepted
        SendFailure f = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> SendFailure.classify(b));
        assertFalse(f.permanent());
        assertEquals(0, f.code());
        assertSafe(f);
    }

    private static void assertSafe(SendFailure f) {
        assertTrue(f.detail().length() <= 301, "detail is " + f.detail().length() + " chars");
        assertFalse(f.detail().contains("\r") || f.detail().contains("\n"), "detail has a line break: " + f.detail());
        assertFalse(f.detail().isBlank());
    }
}

package io.consultdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.mail.MailSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void everyVariableHasADefault() {
        Config c = Config.fromEnv(Map.of());
        assertEquals(7070, c.port());
        assertEquals(Path.of("./data"), c.dataDir());
        assertTrue(c.baseUrl().isEmpty());
        assertEquals("http://localhost:7070", c.publicUrl(7070).toString());
        assertFalse(c.dev());
        assertEquals(20, c.rateLimitPerHour());
        assertFalse(c.trustProxy());
        assertEquals(Duration.ofSeconds(3), c.minFillTime());
        assertEquals(Path.of("./data", "consultdesk.db"), c.databaseFile());
    }

    @Test
    void readsEveryVariable() {
        Config c = Config.fromEnv(Map.of(
                "CONSULTDESK_PORT", "8081", "CONSULTDESK_DATA_DIR", "/var/lib/consultdesk",
                "CONSULTDESK_BASE_URL", "https://consult.example.com/", "CONSULTDESK_DEV", "true",
                "CONSULTDESK_RATE_LIMIT_PER_HOUR", "5", "CONSULTDESK_TRUST_PROXY", "yes",
                "CONSULTDESK_MIN_FILL_SECONDS", "0"));
        assertEquals(8081, c.port());
        assertEquals(Path.of("/var/lib/consultdesk"), c.dataDir());
        assertEquals("https://consult.example.com", c.publicUrl(8081).toString());
        assertTrue(c.dev());
        assertEquals(5, c.rateLimitPerHour());
        assertTrue(c.trustProxy());
        assertEquals(Duration.ZERO, c.minFillTime());
    }

    @ParameterizedTest
    @CsvSource({
        "CONSULTDESK_PORT, seventy",
        "CONSULTDESK_PORT, 70000",
        "CONSULTDESK_BASE_URL, consult.example.com",
        "CONSULTDESK_BASE_URL, ftp://consult.example.com",
        "CONSULTDESK_DEV, maybe",
        "CONSULTDESK_RATE_LIMIT_PER_HOUR, 0",
        "CONSULTDESK_TRUST_PROXY, sometimes",
        "CONSULTDESK_MIN_FILL_SECONDS, -1",
    })
    void aBadValueNamesTheVariable(String variable, String value) {
        Config.Invalid e = assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(variable, value)));
        assertTrue(e.getMessage().startsWith(variable + "=" + value + " is not valid: expected "), e.getMessage());
    }

    // --- mail settings ---------------------------------------------------------------------------

    @Test
    void withoutAnSmtpHostEmailsAreWrittenToFiles() {
        MailSettings m = Config.fromEnv(Map.of()).mail();
        assertFalse(m.sendsSmtp());
        assertEquals(Optional.empty(), m.smtpHost());
        assertEquals("consultdesk@localhost", m.from());
        assertEquals(Duration.ofDays(3), m.giveUpAfter());
        assertEquals(Optional.empty(), m.username());
        assertEquals(Optional.empty(), m.password());
        assertEquals(MailSettings.Transport.SMTP, m.transport());
    }

    @Test
    void blankMailVariablesMeanTheDefaults() {
        MailSettings m = Config.fromEnv(Map.of(
                Config.SMTP_HOST, "  ", Config.SMTP_PORT, "", Config.SMTP_TRANSPORT, " ",
                Config.MAIL_FROM, "", Config.MAIL_GIVE_UP_HOURS, " ")).mail();
        assertFalse(m.sendsSmtp());
        assertEquals("consultdesk@localhost", m.from());
        assertEquals(Duration.ofDays(3), m.giveUpAfter());
    }

    @Test
    void readsEveryMailVariable() {
        MailSettings m = Config.fromEnv(Map.of(
                Config.SMTP_HOST, " smtp.clinic.example ", Config.SMTP_PORT, "2525",
                Config.SMTP_USERNAME, "desk", Config.SMTP_PASSWORD, "s3cret pass",
                Config.SMTP_TRANSPORT, "STARTTLS", Config.MAIL_FROM, "no-reply@clinic.example",
                Config.MAIL_GIVE_UP_HOURS, "48")).mail();
        assertTrue(m.sendsSmtp());
        assertEquals(Optional.of("smtp.clinic.example"), m.smtpHost());
        assertEquals(2525, m.smtpPort());
        assertEquals(Optional.of("desk"), m.username());
        assertEquals(Optional.of("s3cret pass"), m.password());
        assertEquals(MailSettings.Transport.STARTTLS, m.transport());
        assertEquals("no-reply@clinic.example", m.from());
        assertEquals("clinic.example", m.fromDomain());
        assertEquals(Duration.ofHours(48), m.giveUpAfter());
    }

    @ParameterizedTest(name = "transport {0} -> port {1}")
    @CsvSource({
        "starttls, 587",
        "StartTLS, 587",
        "smtps,    465",
        "SMTPS,    465",
        "smtp,     25",
        "'',       25",
    })
    void thePortDefaultsByTransport(String transport, int expectedPort) {
        MailSettings m = Config.fromEnv(Map.of(Config.SMTP_HOST, "smtp.clinic.example", Config.SMTP_TRANSPORT, transport)).mail();
        assertTrue(m.sendsSmtp());
        assertEquals(expectedPort, m.smtpPort());
    }

    @ParameterizedTest(name = "transport {0}, port {1}")
    @CsvSource({"starttls, 2525", "smtps, 587", "smtp, 465", "smtp, 1", "starttls, 65535"})
    void anExplicitPortWins(String transport, int port) {
        MailSettings m = Config.fromEnv(Map.of(Config.SMTP_HOST, "10.0.0.5",
                Config.SMTP_TRANSPORT, transport, Config.SMTP_PORT, String.valueOf(port))).mail();
        assertEquals(port, m.smtpPort());
    }

    @ParameterizedTest(name = "give up after {0} h")
    @CsvSource({"1", "72", "720"})
    void theGiveUpHorizonIsReadInHours(int hours) {
        assertEquals(Duration.ofHours(hours), Config.fromEnv(Map.of(Config.MAIL_GIVE_UP_HOURS, String.valueOf(hours))).mail().giveUpAfter());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"desk@localhost", "no-reply@clinic.example", "Praxis.Empfang+web@mail.clinic-example.de"})
    void aSenderAddressIsAccepted(String from) {
        assertEquals(from, Config.fromEnv(Map.of(Config.MAIL_FROM, from)).mail().from());
    }

    static Stream<Arguments> badMailValues() {
        String host = "smtp.clinic.example";
        return Stream.of(
                Arguments.of(Config.SMTP_TRANSPORT, "tls", Map.of(Config.SMTP_HOST, host)),
                Arguments.of(Config.SMTP_TRANSPORT, "ssl", Map.of()),
                Arguments.of(Config.SMTP_PORT, "0", Map.of(Config.SMTP_HOST, host)),
                Arguments.of(Config.SMTP_PORT, "65536", Map.of(Config.SMTP_HOST, host)),
                Arguments.of(Config.SMTP_PORT, "submission", Map.of(Config.SMTP_HOST, host)),
                Arguments.of(Config.SMTP_PORT, "-25", Map.of(Config.SMTP_HOST, host)),
                Arguments.of(Config.MAIL_FROM, "not an address", Map.of()),
                Arguments.of(Config.MAIL_FROM, "clinic.example", Map.of()),
                Arguments.of(Config.MAIL_FROM, "Praxis <no-reply@clinic.example>", Map.of()),
                Arguments.of(Config.MAIL_FROM, "no-reply@clinic.example\r\nBcc: x@y.z", Map.of()),
                Arguments.of(Config.MAIL_FROM, "no-reply@clinic.example\nBcc: x@y.z", Map.of()),
                Arguments.of(Config.MAIL_FROM, "no-reply@clinic.example, x@y.z", Map.of()),
                Arguments.of(Config.SMTP_HOST, "smtp clinic.example", Map.of()),
                Arguments.of(Config.SMTP_HOST, "smtp.clinic.example\r\nRCPT TO:<x@y.z>", Map.of()),
                Arguments.of(Config.SMTP_HOST, "smtp.clinic.example\nx", Map.of()),
                Arguments.of(Config.SMTP_HOST, "smtp.clinic.example/relay", Map.of()),
                Arguments.of(Config.MAIL_GIVE_UP_HOURS, "0", Map.of()),
                Arguments.of(Config.MAIL_GIVE_UP_HOURS, "-3", Map.of()),
                Arguments.of(Config.MAIL_GIVE_UP_HOURS, "721", Map.of()),
                Arguments.of(Config.MAIL_GIVE_UP_HOURS, "three days", Map.of()),
                Arguments.of(Config.MAIL_GIVE_UP_HOURS, "1.5", Map.of()));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badMailValues")
    void aBadMailValueNamesTheVariable(String variable, String value, Map<String, String> others) {
        Map<String, String> env = new HashMap<>(others);
        env.put(variable, value);
        Config.Invalid e = assertThrows(Config.Invalid.class, () -> Config.fromEnv(env));
        assertTrue(e.getMessage().startsWith(variable + "="), e.getMessage());
        assertTrue(e.getMessage().contains(" is not valid: expected "), e.getMessage());
    }

    @Test
    void aPasswordWithoutAUserNameIsRefusedWithoutShowingIt() {
        Config.Invalid e = assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(
                Config.SMTP_HOST, "smtp.clinic.example", Config.SMTP_PASSWORD, "hunter2-Xy")));
        assertTrue(e.getMessage().contains(Config.SMTP_USERNAME), e.getMessage());
        assertTrue(e.getMessage().contains(Config.SMTP_PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2-Xy"), e.getMessage());
        // a blank user name is no user name
        assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(
                Config.SMTP_HOST, "smtp.clinic.example", Config.SMTP_USERNAME, "  ", Config.SMTP_PASSWORD, "hunter2-Xy")));
    }

    @Test
    void theSettingsNeverPrintThePassword() {
        Config c = Config.fromEnv(Map.of(
                Config.SMTP_HOST, "smtp.clinic.example", Config.SMTP_TRANSPORT, "smtps",
                Config.SMTP_USERNAME, "desk@clinic.example", Config.SMTP_PASSWORD, "hunter2-Xy",
                Config.MAIL_FROM, "no-reply@clinic.example"));
        String text = c.mail().toString();
        assertFalse(text.contains("hunter2-Xy"), text);
        assertTrue(text.contains("smtps://smtp.clinic.example:465"), text);
        assertTrue(text.contains("desk@clinic.example"), text);
        assertFalse(c.toString().contains("hunter2-Xy"), c.toString());
        assertFalse(c.mail().withGiveUpAfter(Duration.ofHours(1)).toString().contains("hunter2-Xy"));
    }

    // --- where it listens, and the demo ----------------------------------------------------------------

    @Test
    void theVariableDecidesAndDefaultsByMode() {
        assertEquals("0.0.0.0", Config.fromEnv(Map.of()).bind());
        assertEquals("127.0.0.1", Config.fromEnv(Map.of(Config.DEV, "true")).bind());
        assertEquals("127.0.0.1", Config.fromEnv(Map.of(), true).bind(), "the demo command");
        assertEquals("0.0.0.0", Config.fromEnv(Map.of(Config.DEV, "true", Config.BIND, "0.0.0.0")).bind());
        assertEquals("10.0.0.5", Config.fromEnv(Map.of(Config.BIND, " 10.0.0.5 ")).bind());
        assertEquals("::1", Config.fromEnv(Map.of(Config.BIND, "::1")).bind());
        for (String bad : java.util.List.of("every interface", "10.0.0.5:80", "host/path", "a\nb")) {
            Config.Invalid e = assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.BIND, bad)));
            assertTrue(e.getMessage().startsWith(Config.BIND + "="), e.getMessage());
        }
    }

    @Test
    void onlyDevModeAndTheDemoCommandAskForTheDemo() {
        assertFalse(Config.fromEnv(Map.of()).demo());
        assertTrue(Config.fromEnv(Map.of(Config.DEV, "true")).demo());
        assertTrue(Config.fromEnv(Map.of(), true).demo());
    }

    // --- SMTP credentials never over a plain connection ---------------------------------------------------

    @Test
    void withAUserNameTheTransportDefaultsToStarttls() {
        MailSettings m = Config.fromEnv(Map.of(Config.SMTP_HOST, "smtp.clinic.example",
                Config.SMTP_USERNAME, "desk", Config.SMTP_PASSWORD, "hunter2-Xy")).mail();
        assertEquals(MailSettings.Transport.STARTTLS, m.transport());
        assertEquals(587, m.smtpPort());
        assertEquals(MailSettings.Transport.SMTP, Config.fromEnv(Map.of(Config.SMTP_HOST, "127.0.0.1")).mail().transport(),
                "no user name: a relay that takes mail without one, TLS when offered");
    }

    @ParameterizedTest(name = "transport {0}")
    @CsvSource({"smtp", "SMTP", "' smtp '"})
    void plainSmtpWithAUserNameStopsStartUpNamingBothVariables(String transport) {
        Config.Invalid e = assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.SMTP_HOST, "smtp.clinic.example",
                Config.SMTP_TRANSPORT, transport, Config.SMTP_USERNAME, "desk", Config.SMTP_PASSWORD, "hunter2-Xy")));
        assertTrue(e.getMessage().startsWith(Config.SMTP_TRANSPORT + "="), e.getMessage());
        assertTrue(e.getMessage().contains(Config.SMTP_USERNAME) && e.getMessage().contains("starttls or smtps"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2-Xy"), e.getMessage());
        // also on a relay on this machine: a relay there can take mail without a password
        assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.SMTP_HOST, "localhost",
                Config.SMTP_TRANSPORT, "smtp", Config.SMTP_USERNAME, "desk")));
        assertThrows(IllegalArgumentException.class, () -> new MailSettings(Optional.of("smtp.clinic.example"), 25,
                Optional.of("desk"), Optional.of("hunter2-Xy"), MailSettings.Transport.SMTP, MailSettings.DEFAULT_FROM,
                Duration.ofHours(1)), "nor can one be built in code");
    }

    @Test
    void httpsIsReadFromThePublicUrl() {
        assertTrue(Config.fromEnv(Map.of(Config.BASE_URL, "https://consult.example.com")).https());
        assertFalse(Config.fromEnv(Map.of(Config.BASE_URL, "http://consult.example.com")).https());
        assertFalse(Config.fromEnv(Map.of()).https());
    }
}

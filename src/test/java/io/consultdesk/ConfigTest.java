package io.consultdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
}

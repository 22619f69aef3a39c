package io.consultdesk.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which fields a change of settings touched, for the audit log and the history: a pure function. */
class SettingsDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing", "{\"name\":\"A\"}", "{\"name\":\"A\"}", List.of()),
                Arguments.of("a text", "{\"offer\":\"Free\"}", "{\"offer\":\"Free call\"}",
                        List.of(new SettingsDiff.Change("offer", "Free", "Free call"))),
                Arguments.of("added and removed", "{\"offer\":\"Free\"}", "{\"hours\":\"9-5\"}",
                        List.of(new SettingsDiff.Change("hours", null, "9-5"), new SettingsDiff.Change("offer", "Free", null))),
                Arguments.of("a list of values is one field",
                        "{\"allowedOrigins\":[\"https://a.example\"]}",
                        "{\"allowedOrigins\":[\"https://a.example\",\"https://b.example\"]}",
                        List.of(new SettingsDiff.Change("allowedOrigins", "https://a.example", "https://a.example, https://b.example"))),
                Arguments.of("locations by id: removing the first is one removal",
                        "{\"locations\":[{\"id\":\"la\",\"name\":\"LA\"},{\"id\":\"bh\",\"name\":\"BH\"}]}",
                        "{\"locations\":[{\"id\":\"bh\",\"name\":\"BH\"}]}",
                        List.of(new SettingsDiff.Change("locations[la].id", "la", null),
                                new SettingsDiff.Change("locations[la].name", "LA", null))),
                Arguments.of("nested numbers and booleans",
                        "{\"booking\":{\"enabled\":true,\"locations\":{\"la\":{\"capacity\":1}}}}",
                        "{\"booking\":{\"enabled\":false,\"locations\":{\"la\":{\"capacity\":2}}}}",
                        List.of(new SettingsDiff.Change("booking.enabled", "true", "false"),
                                new SettingsDiff.Change("booking.locations.la.capacity", "1", "2"))),
                Arguments.of("a new clinic: every field is added", null, "{\"name\":\"A\"}",
                        List.of(new SettingsDiff.Change("name", null, "A"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void changedFields(String what, String before, String after, List<SettingsDiff.Change> expected) throws Exception {
        assertEquals(expected, SettingsDiff.between(before == null ? null : JSON.readTree(before), JSON.readTree(after)));
    }
}

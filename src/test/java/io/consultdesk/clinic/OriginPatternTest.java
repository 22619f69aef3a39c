package io.consultdesk.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPatternTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "https://clinic.example, https://clinic.example, true",
        "https://clinic.example, https://clinic.example:443, true",
        "https://clinic.example, http://clinic.example, false",
        "https://clinic.example, https://clinic.example:8443, false",
        "https://clinic.example, https://evil-clinic.example, false",
        "https://clinic.example, https://clinic.example.evil.example, false",
        "https://*.clinic.example, https://www.clinic.example, true",
        "https://*.clinic.example, https://clinic.example, false",
        "https://*.clinic.example, https://wwwclinic.example, false",
        "http://localhost:*, http://localhost:5173, true",
        "http://localhost:*, http://localhost, true",
        "http://localhost:*, https://localhost:5173, false",
        "http://localhost:3000, http://localhost:3001, false",
        "https://clinic.example, https://clinic.example/path, false",
        "https://clinic.example, null, false",
    })
    void matches(String pattern, String origin, boolean expected) {
        assertEquals(expected, OriginPattern.matches(pattern, origin));
    }

    @ParameterizedTest
    @CsvSource({
        "https://clinic.example, true",
        "https://*.clinic.example, true",
        "http://localhost:*, true",
        "http://127.0.0.1:7070, true",
        "clinic.example, false",
        "https://clinic.example/, false",
        "https://clinic.example/contact, false",
        "*, false",
        "https://clinic.example:99999, false",
        "'https://a.example;script-src *', false",
        // A wildcard covers one site's subdomains, never a whole top-level domain or a host shared by many sites.
        "https://*.com, false",
        "'http://*.net:*', false",
        "https://*.co.uk, false",
        "https://*.github.io, false",
        "https://*.filesusr.com, false",
        "https://*.netlify.app, false",
        "https://*.clinic.co.uk, true",
        "https://*.brightharbor.github.io, true",
        // http only for a developer's own machine: a clinic's site is served over https.
        "http://clinic.example, false",
        "'http://clinic.example:*', false",
        "http://localhost:5173, true",
        "http://127.0.0.1:8080, true",
    })
    void validates(String pattern, boolean ok) {
        assertEquals(ok, OriginPattern.problem(pattern).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "https://*.com, clinic.rule.originWildcard",
        "https://*.github.io, clinic.rule.originWildcard",
        "http://clinic.example, clinic.rule.originHttp",
        "https://clinic.example/contact, clinic.rule.origin",
        "https://clinic.example:70000, clinic.rule.originPort",
    })
    void saysWhatIsWrong(String pattern, String key) {
        assertEquals(key, OriginPattern.problem(pattern).orElseThrow());
    }
}

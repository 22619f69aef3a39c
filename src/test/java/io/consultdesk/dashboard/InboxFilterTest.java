package io.consultdesk.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The inbox's query string: unknown values are ignored (never an error page), and a filter survives a round trip. */
class InboxFilterTest {

    private static InboxFilter parse(String query) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
        }
        return InboxFilter.parse(params::get);
    }

    @ParameterizedTest(name = "{0} -> status {1}")
    @CsvSource({
        "'',                       open",
        "status=all,               all",
        "status=notFit,            notFit",
        "status=deleted,           open",
        "status=,                  open",
        "status=NEW,               open",
    })
    void statusFallsBackToOpen(String query, String status) {
        assertEquals(status, parse(query).status());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "interest=tms                 | interest | tms",
        "interest=surgery             | interest |",
        "flag=urgent                  | flag     | urgent",
        "flag=reviewBeforeTms         | flag     | reviewBeforeTms",
        "flag=dangerous               | flag     |",
        "clinic=demo                  | clinic   | demo",
        "clinic=Demo';DROP            | clinic   |",
        "location=los-angeles         | location | los-angeles",
        "location=a b                 | location |",
        "q=%20%20jane%20              | q        | jane",
        "q=                           | q        |",
        "search=AbC_-12               | search   | AbC_-12",
        "search=a%20b                 | search   |",
    })
    void unknownValuesAreIgnored(String query, String field, String expected) {
        InboxFilter f = parse(query);
        Optional<String> value = switch (field) {
            case "interest" -> f.interest();
            case "flag" -> f.flag();
            case "clinic" -> f.clinic();
            case "location" -> f.location();
            case "search" -> f.search();
            default -> f.query();
        };
        assertEquals(Optional.ofNullable(expected), value);
    }

    @Test
    void datesAndPagesThatDoNotParseAreIgnored() {
        InboxFilter f = parse("from=2026-11-01&to=2026-13-45&page=-3");
        assertEquals(Optional.of(LocalDate.of(2026, 11, 1)), f.from());
        assertEquals(Optional.empty(), f.to());
        assertEquals(1, f.page());
        assertEquals(1, parse("page=abc").page());
        assertEquals(7, parse("page=7").page());
    }

    @Test
    void aQueryLongerThanTheLimitIsIgnored() {
        assertEquals(Optional.empty(), parse("q=" + "x".repeat(InboxFilter.MAX_QUERY + 1)).query());
    }

    @Test
    void statusesOfEachTab() {
        assertEquals(List.of("new", "contacted", "scheduled"), parse("").statuses());
        assertEquals(LeadStatus.allCodes(), parse("status=all").statuses());
        assertEquals(List.of("closed"), parse("status=closed").statuses());
    }

    @Test
    void aFilterSurvivesARoundTripThroughItsQueryString() {
        InboxFilter f = parse("clinic=demo&location=los-angeles&status=contacted&interest=ketamine&flag=urgent"
                + "&from=2026-10-01&to=2026-10-31&q=O%27Brien%20%26%20co&search=s4v3d&page=3");
        assertFalse(f.toQuery().contains("Brien"), "the search text never goes into a URL: " + f.toQuery());
        assertTrue(f.toQuery().contains("search=s4v3d"), "the saved search's id does");
        assertEquals(f.withSearch(java.util.Optional.empty(), f.search()), parse(f.toQuery()));
        assertTrue(f.isFiltered());
        assertFalse(parse("status=all").isFiltered(), "a status tab alone is not a filter");
        assertEquals("", parse("").toQuery(), "the default inbox has a bare URL");
        assertFalse(f.withPage(1).toQuery().contains("page="));
        assertEquals("status=contacted", f.withStatus("contacted").toQuery().replaceAll(".*(status=contacted).*", "$1"));
        assertFalse(f.describe().contains("page="), "the audit description names filters, not pages");
        assertEquals("clinic=demo&location=los-angeles&status=contacted&interest=ketamine&flag=urgent"
                + "&from=2026-10-01&to=2026-10-31&search", f.describe(), "the search is named, its text is not");
        assertFalse(f.describe().contains("Brien"), "no name searched for goes into the audit log");
        assertEquals("search", parse("q=555-0199").describe());
        assertEquals("status=open", parse("").describe());
    }
}

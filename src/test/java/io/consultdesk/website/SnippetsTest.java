package io.consultdesk.website;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.website.Snippets.Button;
import io.consultdesk.website.Snippets.Corner;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The snippets a site owner pastes: each mode's exact text for a server, a clinic and the button's choices. */
class SnippetsTest {
    static final URI SERVER = URI.create("https://consult.example.com");
    static final String TEXT = "Request a free consultation";

    static Stream<Arguments> snippets() {
        URI underPath = URI.create("https://clinic-tools.example/consult/");
        URI local = URI.create("http://localhost:7070");
        return Stream.of(
                Arguments.of("inline", Snippets.inline(SERVER, "demo", TEXT),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" async></script>\n"
                                + "<noscript><a href=\"https://consult.example.com/embed/demo\">Request a free consultation</a></noscript>"),
                Arguments.of("inline at the server's local address", Snippets.inline(local, "bright-harbor", TEXT),
                        "<script src=\"http://localhost:7070/widget.js\" data-clinic=\"bright-harbor\" async></script>\n"
                                + "<noscript><a href=\"http://localhost:7070/embed/bright-harbor\">Request a free consultation</a></noscript>"),
                Arguments.of("inline, server under a path", Snippets.inline(underPath, "demo", TEXT),
                        "<script src=\"https://clinic-tools.example/consult/widget.js\" data-clinic=\"demo\" async></script>\n"
                                + "<noscript><a href=\"https://clinic-tools.example/consult/embed/demo\">Request a free consultation</a></noscript>"),
                Arguments.of("inline into an element (tag managers)", Snippets.inline(SERVER, "demo", TEXT, "consultdesk-form"),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-target=\"consultdesk-form\" async></script>\n"
                                + "<noscript><a href=\"https://consult.example.com/embed/demo\">Request a free consultation</a></noscript>"),
                Arguments.of("the element", Snippets.target("consultdesk-form"), "<div id=\"consultdesk-form\"></div>"),
                Arguments.of("button", Snippets.button(SERVER, "demo", new Button("Book a free consult", Corner.BOTTOM_RIGHT, "#2f6f73")),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-mode=\"button\""
                                + " data-label=\"Book a free consult\" data-position=\"bottom-right\" data-color=\"#2f6f73\" async></script>"),
                Arguments.of("button, left, colour in capitals", Snippets.button(SERVER, "demo", new Button("Talk to us", Corner.BOTTOM_LEFT, "#AB12CD")),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-mode=\"button\""
                                + " data-label=\"Talk to us\" data-position=\"bottom-left\" data-color=\"#ab12cd\" async></script>"),
                Arguments.of("button, hostile label", Snippets.button(SERVER, "demo", new Button("\"><script>alert(1)</script>", Corner.BOTTOM_RIGHT, "#000000")),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-mode=\"button\""
                                + " data-label=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" data-position=\"bottom-right\" data-color=\"#000000\" async></script>"),
                Arguments.of("button, quotes and ampersand", Snippets.button(SERVER, "demo", new Button("Tom's & Jerry's ' onload='x", Corner.BOTTOM_RIGHT, "#ffffff")),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-mode=\"button\""
                                + " data-label=\"Tom&#39;s &amp; Jerry&#39;s &#39; onload=&#39;x\" data-position=\"bottom-right\" data-color=\"#ffffff\" async></script>"),
                Arguments.of("button, label padded", Snippets.button(SERVER, "demo", new Button("  Ask us  ", Corner.BOTTOM_RIGHT, "#2f6f73")),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-mode=\"button\""
                                + " data-label=\"Ask us\" data-position=\"bottom-right\" data-color=\"#2f6f73\" async></script>"),
                Arguments.of("dialog", Snippets.dialog(SERVER, "demo"),
                        "<script src=\"https://consult.example.com/widget.js\" data-clinic=\"demo\" data-mode=\"dialog\" async></script>"),
                Arguments.of("dialog opener, a link", Snippets.openerLink(SERVER, "demo", TEXT),
                        "<a href=\"https://consult.example.com/embed/demo\" data-consultdesk-open>Request a free consultation</a>"),
                Arguments.of("dialog opener, a button", Snippets.openerButton(TEXT),
                        "<button type=\"button\" data-consultdesk-open>Request a free consultation</button>"),
                Arguments.of("dialog opener, text escaped", Snippets.openerButton("<b>Now</b> & here"),
                        "<button type=\"button\" data-consultdesk-open>&lt;b&gt;Now&lt;/b&gt; &amp; here</button>"),
                Arguments.of("link", Snippets.link(SERVER, "demo", TEXT),
                        "<a href=\"https://consult.example.com/embed/demo\">Request a free consultation</a>"),
                Arguments.of("form address", Snippets.formUrl(SERVER, "demo"), "https://consult.example.com/embed/demo"),
                Arguments.of("CSP lines", Snippets.csp(URI.create("https://Consult.Example.com:8443/consult")),
                        "script-src https://consult.example.com:8443\nframe-src https://consult.example.com:8443"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void eachModeGivesExactlyThisText(String what, String actual, String expected) {
        assertEquals(expected, actual, what);
    }

    static Stream<Arguments> colors() {
        return Stream.of(
                Arguments.of("#2f6f73", Optional.of("#2f6f73")),
                Arguments.of("#ABCDEF", Optional.of("#abcdef")),
                Arguments.of("#abc", Optional.empty()),
                Arguments.of("2f6f73", Optional.empty()),
                Arguments.of("#2f6f7", Optional.empty()),
                Arguments.of("#2f6f733", Optional.empty()),
                Arguments.of("#gggggg", Optional.empty()),
                Arguments.of("red", Optional.empty()),
                Arguments.of("#2f6f73\"", Optional.empty()),
                Arguments.of("#2f6f73\n", Optional.empty()),
                Arguments.of(" #2f6f73", Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest(name = "colour {0}")
    @MethodSource("colors")
    void onlyAHashAndSixHexDigitsIsAColour(String raw, Optional<String> expected) {
        assertEquals(expected, Snippets.color(raw));
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.of("Book a consultation", Optional.of("Book a consultation")),
                Arguments.of("  spaced  ", Optional.of("spaced")),
                Arguments.of("x".repeat(40), Optional.of("x".repeat(40))),
                Arguments.of("é".repeat(40), Optional.of("é".repeat(40))),
                Arguments.of("😀".repeat(40), Optional.of("😀".repeat(40))),
                Arguments.of("x".repeat(41), Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of("   ", Optional.empty()),
                Arguments.of("two\nlines", Optional.empty()),
                Arguments.of("tab\there", Optional.empty()),
                Arguments.of("nul\u0000", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest(name = "label {0}")
    @MethodSource("labels")
    void aLabelIsShortAndOnOneLine(String raw, Optional<String> expected) {
        assertEquals(expected, Snippets.label(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"red", "#abc", "javascript:alert(1)"})
    @NullSource
    void aButtonRefusesAColourThatIsNotRrggbb(String color) {
        assertThrows(IllegalArgumentException.class, () -> new Button("Ask", Corner.BOTTOM_RIGHT, color));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\nb"})
    @NullSource
    void aButtonRefusesALabelThatIsNotOne(String label) {
        assertThrows(IllegalArgumentException.class, () -> new Button(label, Corner.BOTTOM_RIGHT, "#2f6f73"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1form", "a b", "x\"y", "", "a>b"})
    void aTargetMustBeAnElementId(String id) {
        assertThrows(IllegalArgumentException.class, () -> Snippets.inline(SERVER, "demo", TEXT, id));
        assertFalse(Snippets.validId(id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void noSnippetHasAQuoteOrTagInsideAnAttributeValue(String what, String snippet, String ignored) {
        // Every attribute value is between double quotes and holds none: a hostile label cannot end it.
        String withoutValues = snippet.replaceAll("=\"[^\"]*\"", "=\"\"");
        assertFalse(withoutValues.contains("alert"), what + ": " + withoutValues);
        assertFalse(withoutValues.contains("onload"), what + ": " + withoutValues);
    }

    @org.junit.jupiter.api.Test
    void modesAndCornersHaveTheLoadersCodes() {
        assertEquals(List.of("inline", "button", "dialog", "link"), Stream.of(Snippets.Mode.values()).map(Snippets.Mode::code).toList());
        assertEquals(List.of("bottom-right", "bottom-left"), Stream.of(Corner.values()).map(Corner::code).toList());
        assertEquals(Optional.of(Corner.BOTTOM_LEFT), Corner.of("bottom-left"));
        assertEquals(Optional.empty(), Snippets.Mode.of("popup"));
        assertTrue(Snippets.Mode.of("dialog").isPresent());
    }
}

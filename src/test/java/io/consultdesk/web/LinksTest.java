package io.consultdesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mailto: and tel: links carry the address and the number, never a header, a body or a second recipient. */
class LinksTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "sam@example.org                          | mailto:sam@example.org",
        "first.last+tag@example.co.uk             | mailto:first.last+tag@example.co.uk",
        "o'hara%tag@example.com                   | mailto:o%27hara%25tag@example.com",
        "a?cc=x%40evil.example&body=y@example.com | mailto:a%3Fcc%3Dx%2540evil.example%26body%3Dy@example.com",
        "a#b@example.com                          | mailto:a%23b@example.com",
        "a@b@example.com                          | mailto:a%40b@example.com",
        "jose@bücher.example                      | mailto:jose@b%C3%BCcher.example",
        "x\"><script>@example.com                 | mailto:x%22%3E%3Cscript%3E@example.com",
    })
    void mailto(String address, String href) {
        assertEquals(href, Links.mailto(address.strip()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "+13105550142          | tel:+13105550142",
        "(310) 555-0142        | tel:3105550142",
        "+1 310 555 0142;ext=2?x | tel:+131055501422",
        "call me               | none",
    })
    void tel(String phone, String href) {
        assertEquals(href, Links.tel(phone.strip()));
    }
}

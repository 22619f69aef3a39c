package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * isValid: an address as it can be stored and mailed (clinic recipients, staff, the outbox), its domain in the xn--
 * form; normalise: a visitor's address, a Unicode domain turned into that form. The full table is in LeadValidatorTest.
 */
class EmailAddressesTest {
    @ParameterizedTest(name = "{0}: valid {1}, normalised {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "none", value = {
        "intake@clinic.example              | true  | intake@clinic.example",
        "jose@xn--bcher-kva.example         | true  | jose@xn--bcher-kva.example",
        "jose@bücher.example                | false | jose@xn--bcher-kva.example",
        "a?cc=x@clinic.example              | false | none",
        "a@clinic.example,b@evil.example    | false | none",
        "consultdesk@localhost              | false | none",
    })
    void addresses(String address, boolean valid, String normalised) {
        assertEquals(valid, EmailAddresses.isValid(address.strip()));
        assertEquals(Optional.ofNullable(normalised), EmailAddresses.normalise(address.strip()));
    }
}

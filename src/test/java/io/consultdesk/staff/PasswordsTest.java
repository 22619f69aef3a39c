package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules a new staff password must meet, and bcrypt hashing (cost 12, long passwords not cut short). */
class PasswordsTest {
    static final String EMAIL = "margaret@clinic.example";

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            # password                               | problem (NULL: accepted)
            short1!                                  | staff.password.tooShort
            elevenchars                              | staff.password.tooShort
            ''                                       | staff.password.tooShort
            NULL                                     | staff.password.tooShort
            # 12 UTF-16 chars but only 6 characters: counted as the person typed them
            🔒🔒🔒🔒🔒🔒                             | staff.password.tooShort
            password1234                             | staff.password.common
            Password1234!                            | staff.password.common
            PASSWORD1234                             | staff.password.common
            qwertyuiop123                            | staff.password.common
            1234qwertyuiop!!                         | staff.password.common
            123456789012                             | staff.password.common
            aaaaaaaaaaaaaaaa                         | staff.password.common
            abcabcabcabcabc                          | staff.password.common
            AbAbAbAbAbAbAb                           | staff.password.common
            margaret-rules-ok                        | staff.password.email
            my name is MARGARET                      | staff.password.email
            2024margaret!!                           | staff.password.email
            # the comic's own example is on nbvcxz's list of common passwords now; a repeat is a pattern
            correct horse battery staple             | staff.password.common
            abcdabcdabcd                             | staff.password.pattern
            plum orchard lantern 47                  | NULL
            Tr0ub4dor&3xyz                           | NULL
            café crème brûlée 42                     | NULL
            marg-ret-is-not-her-email                | NULL
            """)
    void newPasswordRules(String password, String problem) {
        assertEquals(Optional.ofNullable(problem), Passwords.problem(password, EMAIL));
    }

    @Test
    void aShortLocalPartIsNotHeldAgainstThePassword() {
        // "jo" is in many words; only local parts of four characters or more are looked for.
        assertEquals(Optional.empty(), Passwords.problem("enjoy the long journey", "jo@clinic.example"));
        assertEquals(Optional.of("staff.password.email"), Passwords.problem("enjoy the long journey", "journey@clinic.example"));
    }

    @Test
    void overTwoHundredCharactersIsTooLong() {
        String strong = ("plum orchard lantern 47, quiet river copper 88; harbor seals at dawn " + "x".repeat(200)).substring(0, 200);
        assertEquals(Optional.empty(), Passwords.problem(strong, EMAIL));
        assertEquals(Optional.of("staff.password.tooLong"), Passwords.problem(strong + "v", EMAIL));
    }

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String password = "correct horse battery staple";
        String hash = Passwords.hash(password);

        assertTrue(hash.startsWith("$2b$12$"), "bcrypt 2b, cost 12: " + hash);
        assertFalse(hash.contains(password));
        assertTrue(Passwords.verify(password, hash));
        assertFalse(Passwords.verify("correct horse battery stapl", hash));
        assertFalse(Passwords.verify("Correct horse battery staple", hash));
        assertFalse(Passwords.verify(password, null), "no account: never verified, even against the decoy");
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertNotEquals(Passwords.hash("correct horse battery staple"), Passwords.hash("correct horse battery staple"));
    }

    @Test
    void passwordsLongerThan72BytesAreNotCutShort() {
        String common = "long passphrase with many words in it so that it passes seventy-two bytes";
        assertTrue(common.getBytes(StandardCharsets.UTF_8).length >= 72);
        String one = common + " one";
        String two = common + " two";
        String oneHash = Passwords.hash(one);

        assertTrue(Passwords.verify(one, oneHash));
        assertFalse(Passwords.verify(two, oneHash), "bcrypt alone would only compare the first 72 bytes");
        assertFalse(Passwords.verify(common, oneHash), "nor accept the 72-byte prefix itself");
    }

    @Test
    void multiByteCharactersCountTowardsThe72Bytes() {
        // 36 × "é" is 72 bytes in UTF-8 but only 36 characters.
        String prefix = "é".repeat(36);
        assertEquals(72, prefix.getBytes(StandardCharsets.UTF_8).length);
        String hash = Passwords.hash(prefix + "first");
        assertTrue(Passwords.verify(prefix + "first", hash));
        assertFalse(Passwords.verify(prefix + "second", hash));
    }
}

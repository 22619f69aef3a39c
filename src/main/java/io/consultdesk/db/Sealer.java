package io.consultdesk.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the sensitive fields of a lead (answers, scores, notes) before they reach the database, with
 * AES-256-GCM and a key that is never stored in the database. Each value is bound to its row and
 * column ({@code context}, the GCM associated data), so a sealed value copied to another lead does not open.
 *
 * <p>Format: {@code s1:<key id>:<base64url(12-byte nonce | ciphertext | 16-byte tag)>}. The key id is the
 * first 8 hex digits of the key's SHA-256, so a wrong key is reported as such rather than as corrupt data.
 */
public final class Sealer {
    private static final String PREFIX = "s1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final String keyId;
    private final java.util.Map<String, SecretKeySpec> keyed = new java.util.concurrent.ConcurrentHashMap<>();

    public Sealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the data key must be 32 bytes (AES-256)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = keyId(key);
    }

    /** Thrown when a value does not open: another key, another row, or altered bytes. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String why) {
            super(why);
        }
    }

    public String keyId() {
        return keyId;
    }

    public String seal(String plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String open(String sealed, String context) {
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(PREFIX)) {
            throw new Unreadable("not a sealed value");
        }
        int colon = sealed.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new Unreadable("not a sealed value");
        }
        String id = sealed.substring(PREFIX.length(), colon);
        if (!id.equals(keyId)) {
            throw new Unreadable("sealed with another key (" + id + "), this server has " + keyId);
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new Unreadable("too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | javax.crypto.AEADBadTagException e) {
            throw new Unreadable("altered, or sealed for another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * A secret for one purpose derived from the data key (HMAC-SHA256 of the purpose's name), so that nothing
     * stored in the database can sign a link or find a request by name: a copy of the file alone forges and
     * reveals nothing. The same key always gives the same secret, on every instance.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("consultdesk/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * A name for {@code text} that tells nothing without the data key: base64url of the first {@code bytes} bytes of
     * HMAC-SHA256 under the key derived for {@code purpose}. Equal texts give equal names (search tokens, a hidden
     * rate-limit bucket).
     */
    public String keyedName(String purpose, String text, int bytes) {
        SecretKeySpec derived = keyed.computeIfAbsent(purpose, p -> new SecretKeySpec(derive(p), "HmacSHA256"));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(derived);
            byte[] full = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

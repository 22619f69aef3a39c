package io.consultdesk.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The unsaved settings a preview shows, carried in the preview frame's URL: the draft's JSON deflated and
 * base64url-encoded, with an expiry and an HMAC over the clinic, the draft and the expiry under a server secret.
 * Only this server's previews render, each for the clinic it was made for, for a few hours. Nothing is stored.
 */
public final class PreviewTokens {
    /** Long enough to look at a preview, short enough that an old link stops working. */
    static final Duration LIFETIME = Duration.ofHours(2);
    /** Tokens longer than this are not even checked (a clinic's draft is a few KB). */
    static final int MAX_TOKEN = 12_000;
    private static final int MAX_JSON = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final byte[] key;
    private final Clock clock;

    public PreviewTokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    public String issue(String slug, ObjectNode draft) {
        String payload = B64.encodeToString(deflate(draft.toString().getBytes(StandardCharsets.UTF_8)));
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        return payload + "." + expires + "." + B64.encodeToString(mac(slug + "." + payload + "." + expires));
    }

    /** The draft of a genuine, unexpired token made for this clinic; empty for anything else. */
    public Optional<ObjectNode> open(String slug, String token) {
        if (token == null || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[1].matches("^[0-9]{1,12}$")) {
            return Optional.empty();
        }
        // Compared as text: a signature is valid in its one canonical spelling only.
        byte[] expected = B64.encodeToString(mac(slug + "." + parts[0] + "." + parts[1])).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.UTF_8))
                || Long.parseLong(parts[1]) < clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        try {
            JsonNode draft = JSON.readTree(inflate(B64D.decode(parts[0])));
            return draft instanceof ObjectNode o && slug.equals(o.path("slug").asText()) ? Optional.of(o) : Optional.empty();
        } catch (IOException | DataFormatException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_JSON) {
                    throw new DataFormatException("too large");
                }
            }
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }
}

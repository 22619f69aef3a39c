package io.consultdesk.web;

import io.consultdesk.i18n.Messages;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.Part;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Form posts are read strictly, once, before any handler or guard looks at a field: a body that cannot be read is a
 * 400 ("The form could not be read", in the caller's format), never a 500 from deep in a handler and never a field
 * silently made of replacement characters. Unreadable means: an {@code application/x-www-form-urlencoded} body with
 * a {@code %} not followed by two hex digits, or whose bytes (raw or percent-encoded) are not UTF-8 (or the charset
 * it names); a {@code multipart/form-data} body that does not parse, or a text part that is not UTF-8.
 */
public final class FormBodies {
    private FormBodies() {}

    /** A before-handler for every path. */
    public static void check(Context ctx) {
        // The API takes JSON only and answers any other type 415 without reading it.
        if (!"POST".equals(ctx.method().name()) || ctx.contentType() == null || ctx.path().startsWith("/api/")) {
            return;
        }
        String[] type = ctx.contentType().split(";");
        String mime = type[0].strip().toLowerCase(Locale.ROOT);
        Charset charset = charset(type);
        if (mime.equals("application/x-www-form-urlencoded")) {
            if (!urlencodedReadable(ctx.bodyAsBytes(), charset)) {
                throw unreadable();
            }
        } else if (mime.equals("multipart/form-data")) {
            try {
                ctx.formParamMap(); // parses the parts (Javalin sets Jetty's limits first)
                for (Part part : ctx.req().getParts()) {
                    if (part.getSubmittedFileName() == null) {
                        try (InputStream in = part.getInputStream()) {
                            if (!decodes(in.readAllBytes(), charset)) {
                                throw unreadable();
                            }
                        }
                    }
                }
            } catch (HttpResponseException e) {
                throw e; // a 413 stays a 413
            } catch (Exception e) {
                throw unreadable();
            }
        }
    }

    /** Whether an urlencoded body reads: every {@code %} starts a byte written as two hex digits, and the bytes decode. */
    static boolean urlencodedReadable(byte[] body, Charset charset) {
        byte[] decoded = new byte[body.length];
        int n = 0;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '%') {
                if (i + 2 >= body.length) {
                    return false;
                }
                int hi = Character.digit(body[i + 1], 16);
                int lo = Character.digit(body[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                decoded[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else {
                decoded[n++] = b;
            }
        }
        return decodes(java.util.Arrays.copyOf(decoded, n), charset);
    }

    static boolean decodes(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The charset the Content-Type names, UTF-8 when it names none or one this server does not know. */
    private static Charset charset(String[] contentType) {
        for (int i = 1; i < contentType.length; i++) {
            String p = contentType[i].strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static BadRequestResponse unreadable() {
        return new BadRequestResponse(Messages.english().get("api.error.formUnreadable"));
    }
}

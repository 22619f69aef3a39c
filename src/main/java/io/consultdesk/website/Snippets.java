package io.consultdesk.website;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTML a site owner pastes to put a clinic's form on their website, in each of the loader's modes. Pure:
 * the same server, clinic and choices always give the same text, attributes in one fixed order
 * ({@code src}, {@code data-clinic}, {@code data-mode}, {@code data-label}, {@code data-position},
 * {@code data-color}, {@code data-target}, {@code async}), every value escaped for an HTML attribute.
 */
public final class Snippets {
    /** The longest button label: it has to fit on a phone's screen. */
    public static final int LABEL_MAX = 40;
    private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");
    private static final Pattern ID = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");

    private Snippets() {}

    /** How the form appears on the site. */
    public enum Mode {
        /** Where the tag stands (today's snippet). */
        INLINE,
        /** A floating button in a corner of every page that opens the form in a dialog. */
        BUTTON,
        /** A dialog opened by any element of the page carrying {@code data-consultdesk-open}. */
        DIALOG,
        /** A plain link to the form's own page, for sites that allow no script. */
        LINK;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> of(String code) {
            return Arrays.stream(values()).filter(m -> m.code().equals(code)).findFirst();
        }
    }

    /** The corner the floating button sits in. */
    public enum Corner {
        BOTTOM_RIGHT, BOTTOM_LEFT;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Corner> of(String code) {
            return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
        }
    }

    /** The floating button's look, each part already checked ({@link #label}, {@link #color}). */
    public record Button(String label, Corner corner, String color) {
        public Button {
            label = Snippets.label(label).orElseThrow(() -> new IllegalArgumentException("not a button label"));
            color = Snippets.color(color).orElseThrow(() -> new IllegalArgumentException("not a #rrggbb colour"));
        }
    }

    /** A colour as {@code #rrggbb} (lower case), or empty for anything else. */
    public static Optional<String> color(String raw) {
        return raw != null && COLOR.matcher(raw).matches() ? Optional.of(raw.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** A button label: trimmed, 1 to {@link #LABEL_MAX} characters, no control character; empty otherwise. */
    public static Optional<String> label(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String label = raw.strip();
        boolean fits = !label.isEmpty() && label.codePointCount(0, label.length()) <= LABEL_MAX;
        return fits && label.codePoints().noneMatch(Character::isISOControl) ? Optional.of(label) : Optional.empty();
    }

    /** Whether an element id can be given as {@code data-target} (letters, digits, - and _; starting with a letter). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The form where the tag stands, and a link for browsers without JavaScript. */
    public static String inline(URI server, String clinic, String linkText) {
        return script(server, clinic, null, null, null) + "\n" + noscript(server, clinic, linkText);
    }

    /**
     * The form inside the element with id {@code targetId}: for tag managers, which put the tag elsewhere on the
     * page (Google Tag Manager adds it at the end of the body).
     */
    public static String inline(URI server, String clinic, String linkText, String targetId) {
        if (!validId(targetId)) {
            throw new IllegalArgumentException("not an element id: " + targetId);
        }
        return script(server, clinic, null, null, targetId) + "\n" + noscript(server, clinic, linkText);
    }

    /** The element the tag-manager snippet puts the form into. */
    public static String target(String targetId) {
        if (!validId(targetId)) {
            throw new IllegalArgumentException("not an element id: " + targetId);
        }
        return "<div id=\"" + targetId + "\"></div>";
    }

    /** A floating button that opens the form in a dialog, on every page the tag is on. */
    public static String button(URI server, String clinic, Button button) {
        return script(server, clinic, "button", button, null);
    }

    /** The form in a dialog, opened by any element carrying {@code data-consultdesk-open} ({@link #openerLink}). */
    public static String dialog(URI server, String clinic) {
        return script(server, clinic, "dialog", null, null);
    }

    /**
     * A link that opens the dialog; it is also a plain link to the form's own page, so it works before the loader
     * has run and without JavaScript.
     */
    public static String openerLink(URI server, String clinic, String text) {
        return "<a href=\"" + attr(formUrl(server, clinic)) + "\" data-consultdesk-open>" + text(text) + "</a>";
    }

    /** A button that opens the dialog. */
    public static String openerButton(String text) {
        return "<button type=\"button\" data-consultdesk-open>" + text(text) + "</button>";
    }

    /** A plain link to the form's own page: no script, nothing for the site's policy to allow. */
    public static String link(URI server, String clinic, String text) {
        return "<a href=\"" + attr(formUrl(server, clinic)) + "\">" + text(text) + "</a>";
    }

    /** The form's own page on the server. */
    public static String formUrl(URI server, String clinic) {
        return base(server) + "/embed/" + java.net.URLEncoder.encode(clinic, StandardCharsets.UTF_8);
    }

    /** The server's origin (scheme, host, port), as a Content-Security-Policy names it. */
    public static String origin(URI server) {
        return server.getScheme().toLowerCase(Locale.ROOT) + "://" + server.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    /** The directives a site with a Content-Security-Policy adds (to what it has) for the loader and its iframe. */
    public static String csp(URI server) {
        return "script-src " + origin(server) + "\nframe-src " + origin(server);
    }

    private static String script(URI server, String clinic, String mode, Button button, String target) {
        StringBuilder s = new StringBuilder("<script src=\"").append(attr(base(server) + "/widget.js"))
                .append("\" data-clinic=\"").append(attr(clinic)).append('"');
        if (mode != null) {
            s.append(" data-mode=\"").append(mode).append('"');
        }
        if (button != null) {
            s.append(" data-label=\"").append(attr(button.label())).append('"')
                    .append(" data-position=\"").append(button.corner().code()).append('"')
                    .append(" data-color=\"").append(button.color()).append('"');
        }
        if (target != null) {
            s.append(" data-target=\"").append(target).append('"');
        }
        return s.append(" async></script>").toString();
    }

    private static String noscript(URI server, String clinic, String linkText) {
        return "<noscript>" + link(server, clinic, linkText) + "</noscript>";
    }

    /** The public URL without a trailing slash (it may have a path when the server sits under one). */
    private static String base(URI server) {
        String s = server.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Escaped for a double-quoted HTML attribute. */
    static String attr(String value) {
        return text(value).replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** Escaped for HTML text. */
    static String text(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package io.consultdesk.embed;

/**
 * What the embed layout needs around any page shown in the iframe.
 *
 * @param hostOrigin the embedding site's origin, only when the clinic allows it; the page's script talks
 *                   to it (resize, submitted) and to nobody else. Null when the page is opened directly.
 * @param themeCss   the clinic's colours as CSS custom properties; allowed by its hash in the CSP
 * @param preview    the banner of a form framed by the server's own preview ({@link Preview}), else null
 */
public record Frame(String lang, String title, String frameTitle, String cssUrl, String jsUrl, String themeCss,
                    String hostOrigin, String clinicSlug, String preview) {

    public Frame(String lang, String title, String frameTitle, String cssUrl, String jsUrl, String themeCss,
                 String hostOrigin, String clinicSlug) {
        this(lang, title, frameTitle, cssUrl, jsUrl, themeCss, hostOrigin, clinicSlug, null);
    }
}

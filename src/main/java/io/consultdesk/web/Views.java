package io.consultdesk.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders jte templates, each with one typed page record ({@code @param FormPage page}). In dev mode
 * templates are compiled from {@code templates/} on change (hot reload); otherwise the classes
 * precompiled by the jte Maven plugin are used.
 *
 * <p>Two engines exist: {@link #html} escapes every value for HTML (pages and the HTML part of emails);
 * {@link #plainText} renders the plain-text part of emails from {@code templates/mail/text/}, where
 * HTML escaping would turn "Ketamine &amp; TMS" into "Ketamine &amp;amp; TMS".
 */
public final class Views {
    private static final String PLAIN_PACKAGE = "gg.jte.generated.plain";
    private final TemplateEngine engine;

    private Views(TemplateEngine engine) {
        this.engine = engine;
    }

    public static Views html(boolean hotReload) {
        return create(hotReload, Path.of("templates"), ContentType.Html, "gg.jte.generated.precompiled");
    }

    public static Views plainText(boolean hotReload) {
        return create(hotReload, Path.of("templates", "mail", "text"), ContentType.Plain, PLAIN_PACKAGE);
    }

    private static Views create(boolean hotReload, Path sources, ContentType type, String packageName) {
        if (hotReload && Files.isDirectory(sources)) {
            return new Views(TemplateEngine.create(new DirectoryCodeResolver(sources),
                    Path.of("target", "jte-dev", type.name().toLowerCase(java.util.Locale.ROOT)),
                    type, Views.class.getClassLoader(), packageName));
        }
        return new Views(TemplateEngine.createPrecompiled(null, type, null, packageName));
    }

    public String render(String template, Object page) {
        StringOutput out = new StringOutput();
        engine.render(template, page, out);
        return out.toString();
    }
}

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
 */
public final class Views {
    private final TemplateEngine engine;

    private Views(TemplateEngine engine) {
        this.engine = engine;
    }

    public static Views create(boolean hotReload) {
        Path sources = Path.of("templates");
        if (hotReload && Files.isDirectory(sources)) {
            return new Views(TemplateEngine.create(new DirectoryCodeResolver(sources), Path.of("target", "jte-dev"),
                    ContentType.Html, Views.class.getClassLoader()));
        }
        return new Views(TemplateEngine.createPrecompiled(ContentType.Html));
    }

    public String render(String template, Object page) {
        StringOutput out = new StringOutput();
        engine.render(template, page, out);
        return out.toString();
    }
}

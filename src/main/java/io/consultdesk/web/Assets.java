package io.consultdesk.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the widget's files: the loader ({@code /widget.js}, which site owners link to, so it is cached
 * briefly) and the form's CSS/JS ({@code /static/...?v=hash}, cached for a year because the hash changes
 * with the content). In dev mode the files are read from {@code widget/} on every request.
 */
public final class Assets {
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    private final boolean fromDisk;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public Assets(boolean fromDisk) {
        this.fromDisk = fromDisk && Files.isDirectory(Path.of("widget"));
    }

    /** The URL of a form asset with its content hash, for templates. */
    public String url(String name) {
        if (fromDisk) {
            return versioned(name);
        }
        return urls.computeIfAbsent(name, this::versioned);
    }

    private String versioned(String name) {
        return "/static/" + name + "?v=" + hash(bytes(name));
    }

    public void loader(Context ctx) {
        serve(ctx, "widget.js", "public, max-age=300");
    }

    public void formAsset(Context ctx) {
        String name = ctx.pathParam("name");
        boolean versioned = ctx.queryParam("v") != null;
        serve(ctx, name, versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
    }

    public byte[] bytes(String name) {
        if (!name.matches("^[a-z0-9-]+\\.(js|css)$")) {
            throw new NotFoundResponse();
        }
        if (fromDisk) {
            return read(name);
        }
        return cache.computeIfAbsent(name, this::read);
    }

    private void serve(Context ctx, String name, String cacheControl) {
        byte[] body = bytes(name);
        String etag = "\"" + hash(body) + "\"";
        ctx.header("Cache-Control", fromDisk ? "no-cache" : cacheControl);
        ctx.header("ETag", etag);
        // The loader runs on clinics' sites, which may isolate their pages (COEP).
        ctx.header("Cross-Origin-Resource-Policy", "cross-origin");
        ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.result(body);
    }

    /**
     * Widget files live in {@code widget/}; the stylesheets of the demo host page, the dev pages and the staff pages
     * ({@code demo*}, {@code dev-*}, {@code staff*}) in {@code src/main/resources/static/}.
     */
    private byte[] read(String name) {
        boolean demo = name.startsWith("demo") || name.startsWith("dev-") || name.startsWith("staff");
        try {
            if (fromDisk) {
                Path disk = demo ? Path.of("src", "main", "resources", "static", name) : Path.of("widget", name);
                if (!Files.isRegularFile(disk)) {
                    throw new NotFoundResponse();
                }
                return Files.readAllBytes(disk);
            }
            try (InputStream in = Assets.class.getResourceAsStream((demo ? "/static/" : "/widget/") + name)) {
                if (in == null) {
                    throw new NotFoundResponse();
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

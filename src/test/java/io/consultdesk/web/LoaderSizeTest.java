package io.consultdesk.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The loader runs on every page of a clinic's site: it stays within its budget of 2 KB gzipped. */
class LoaderSizeTest {
    static final int BUDGET = 2048;

    /**
     * As {@code gzip -9 widget.js} writes it: the deflate stream at level 9 in a gzip member, plus the file
     * name the command stores in the header ({@link GZIPOutputStream} stores none).
     */
    static int gzip9(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        }) {
            gz.write(Files.readAllBytes(file));
        }
        return out.size() + file.getFileName().toString().getBytes(StandardCharsets.ISO_8859_1).length + 1;
    }

    @Test
    void theLoaderIsAtMost2KbGzipped() throws IOException {
        int size = gzip9(Path.of("widget", "widget.js"));
        assertTrue(size <= BUDGET, "widget/widget.js is " + size + " bytes gzip -9, over the budget of " + BUDGET);
    }
}

package io.consultdesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The schema version a database has once every migration ran, read from the migrations themselves. */
public final class Migrations {
    /** V5 and V8 are Java migrations (db/SealAnswersMigration, SealContactsMigration: they need the data key), not files. */
    private static final int JAVA_MIGRATION = 8; // the newest Java migration (V8 SealContactsMigration)

    private Migrations() {}

    public static String newest() {
        try (var files = Files.list(Path.of("src/main/resources/db/migration/sqlite"))) {
            int newestFile = files.map(p -> p.getFileName().toString().replaceFirst("^V(\\d+)__.*", "$1"))
                    .map(Integer::parseInt).max(Integer::compare).orElseThrow();
            return Integer.toString(Math.max(newestFile, JAVA_MIGRATION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

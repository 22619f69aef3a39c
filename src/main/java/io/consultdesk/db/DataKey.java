package io.consultdesk.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the key that seals names, contact details, answers, crisis markers and notes comes from: {@code CONSULTDESK_DATA_KEY}
 * (32 random bytes, base64), which is what production should use (a secret manager, never the
 * repository); without it, a key file next to the database ({@code data.key}, owner-only), created on
 * first start so that a fresh machine runs with no configuration. Either way the key is not in the database.
 */
public final class DataKey {
    private static final Logger LOG = LoggerFactory.getLogger(DataKey.class);
    public static final String FILE_NAME = "data.key";

    private DataKey() {}

    /** Decodes a base64 key as given in the environment; empty when it is not 32 bytes. */
    public static Optional<byte[]> decode(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            return key.length == 32 ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Sealer load(Optional<byte[]> fromEnv, Path dataDir) {
        if (fromEnv.isPresent()) {
            return new Sealer(fromEnv.get());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                create(file);
                LOG.warn("Created the data key {} (it seals names, contact details, answers, crisis markers and notes). Back it"
                        + " up, apart from the database: without it they cannot be read. In production set"
                        + " CONSULTDESK_DATA_KEY from a secret store instead.",
                        file.toAbsolutePath());
            }
            Optional<byte[]> key = decode(Files.readString(file, StandardCharsets.US_ASCII));
            if (key.isEmpty()) {
                throw new IllegalStateException(file.toAbsolutePath() + " does not hold a 32-byte base64 key");
            }
            return new Sealer(key.get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the data key " + file.toAbsolutePath(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Files.createFile(file, DataDir.ownerOnly(file.toAbsolutePath().getParent(), DataDir.FILE));
        } catch (FileAlreadyExistsException e) {
            return; // another process made it first; use theirs
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    }
}

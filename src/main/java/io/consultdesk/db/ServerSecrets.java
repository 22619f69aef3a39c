package io.consultdesk.db;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random keys the server makes for itself on first start and keeps in the database, so that every
 * instance sharing the database signs and checks the same tokens. Nothing secret lives in the repository.
 */
public final class ServerSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Database db;

    public ServerSecrets(Database db) {
        this.db = db;
    }

    public byte[] get(String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        return db.write(h -> {
            h.createUpdate("INSERT INTO server_secret (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("value", HexFormat.of().formatHex(fresh))
                    .execute();
            String stored = h.createQuery("SELECT value FROM server_secret WHERE name = :name")
                    .bind("name", name).mapTo(String.class).one();
            return HexFormat.of().parseHex(stored);
        });
    }
}

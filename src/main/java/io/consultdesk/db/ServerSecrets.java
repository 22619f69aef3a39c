package io.consultdesk.db;

/**
 * The keys the server signs its links and tokens with (a visitor's booking link, the form token, the settings
 * preview), derived from the data key for each purpose. They are never stored: a copy of the database file
 * (or a backup of it) cannot sign a working link, and every instance given the same data key checks the
 * same tokens. Rotating the data key therefore ends the links signed with the old one.
 */
public final class ServerSecrets {
    private final Sealer sealer;

    public ServerSecrets(Sealer sealer) {
        this.sealer = sealer;
    }

    public byte[] get(String name) {
        return sealer.derive("secret/" + name);
    }
}

package io.consultdesk.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database: WAL journal (readers never wait for the writer), a busy timeout instead of
 * instant "database is locked" errors, write transactions that take the write lock up front
 * (so two transactions never deadlock upgrading a read lock), and full fsync on commit: a lead that
 * was acknowledged to a visitor is on disk.
 */
public final class Database {
    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final Path file;
    private final Sealer sealer;
    private final OpenedCache opened;
    private final LookupTokens lookup;
    /**
     * SQLite has one writer at a time. Writers of this process queue here, first come first served,
     * instead of in SQLite's busy handler, which sleeps and retries and gave p99 latencies of seconds
     * under concurrent submissions. The busy timeout still covers other processes (the CLI).
     */
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private Database(Path file, DataSource dataSource, Sealer sealer) {
        this.file = file;
        this.sealer = sealer;
        this.opened = new OpenedCache(sealer, 50_000);
        this.lookup = new LookupTokens(sealer);
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    }

    /** Opens (and migrates) the database; {@code sealer} holds the key for the encrypted columns. */
    public static Database open(Path file, Sealer sealer) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            DataDir.secure(parent);
        }
        if (!Files.exists(file)) {
            DataDir.createPrivateFile(file); // SQLite gives its -wal and -shm files this file's mode
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // What is deleted or overwritten (a sealed value's plain predecessor, an erased request) is zeroed on disk,
        // not left in free pages for a copy of the file to find.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Database db = new Database(file, ds, sealer);
        db.migrate();
        db.checkKey();
        return db;
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/sqlite")
                .javaMigrations(new SealAnswersMigration(sealer), new SealContactsMigration(sealer))
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /** Thrown at start when the data key is not the one the database was written with. */
    public static final class WrongKey extends RuntimeException {
        WrongKey(String message) {
            super(message);
        }
    }

    /**
     * The first start seals a known value; every later start must open it, so a server given the wrong
     * key stops at once instead of writing leads that no one can read alongside ones it cannot.
     */
    private void checkKey() {
        String probe = "consultdesk data key";
        String stored = write(h -> {
            h.createUpdate("INSERT INTO server_secret (name, value) VALUES ('data-key-check', :value)"
                    + " ON CONFLICT (name) DO NOTHING").bind("value", sealer.seal(probe, "data-key-check")).execute();
            return h.createQuery("SELECT value FROM server_secret WHERE name = 'data-key-check'").mapTo(String.class).one();
        });
        try {
            if (!probe.equals(sealer.open(stored, "data-key-check"))) {
                throw new Sealer.Unreadable("unexpected value");
            }
        } catch (Sealer.Unreadable e) {
            throw new WrongKey("The data key (id " + sealer.keyId() + ") is not the one " + file.toAbsolutePath()
                    + " was written with: " + e.getMessage() + ". Set CONSULTDESK_DATA_KEY to the right key.");
        }
    }

    public Sealer sealer() {
        return sealer;
    }

    /** Opens sealed values through a cache of recent ones (lists of requests open the same values again and again). */
    public OpenedCache opened() {
        return opened;
    }

    /** The keyed tokens staff search sealed names, emails and phones with. */
    public LookupTokens lookup() {
        return lookup;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs a write transaction; everything that changes the database goes through here. */
    public <R, X extends Exception> R write(HandleCallback<R, X> callback) throws X {
        try (Handle handle = jdbi.open()) { // opening the connection needs no lock: keep it outside
            writeLock.lock();
            try {
                return handle.inTransaction(callback);
            } finally {
                writeLock.unlock();
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The schema version and a live round trip, for /healthz. */
    public State state() {
        long started = System.nanoTime();
        try {
            String version = jdbi.withHandle(h -> h.createQuery(
                            "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank DESC LIMIT 1")
                    .mapTo(String.class).findOne().orElse("none"));
            return new State(true, version, (System.nanoTime() - started) / 1_000_000.0, null);
        } catch (RuntimeException e) {
            return new State(false, null, (System.nanoTime() - started) / 1_000_000.0, e.getClass().getSimpleName());
        }
    }

    public record State(boolean up, String schemaVersion, double latencyMs, String error) {}
}

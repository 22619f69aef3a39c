package io.consultdesk.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, its journal, the emails written to files and (without
 * {@code CONSULTDESK_DATA_KEY}) the data key: health data, readable by the server's own user only. It is
 * created {@code 0700}, every file in it {@code 0600}; at start, anything found more open is closed and
 * named in a warning. SQLite gives its {@code -wal} and {@code -shm} files the database file's mode.
 * On a file system without POSIX permissions nothing is changed.
 */
public final class DataDir {
    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDir() {}

    /** Creates the directory if needed and makes it and everything in it owner-only; returns what was changed. */
    public static List<Path> secure(Path dir) {
        List<Path> fixed = new ArrayList<>();
        try {
            if (!Files.exists(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(dir, ownerOnly(dir.toAbsolutePath().getParent(), DIRECTORY));
                } catch (FileAlreadyExistsException e) {
                    // made meanwhile by another process: checked below like any existing one
                }
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    Set<PosixFilePermission> wanted = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE;
                    if (restrict(p, wanted)) {
                        fixed.add(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or secure the data directory " + dir.toAbsolutePath(), e);
        }
        if (!fixed.isEmpty()) {
            LOG.warn("The data directory {} held {} item(s) other users could read or change (e.g. {}): they are now"
                    + " readable by this user only (directories 0700, files 0600). Check who copied them meanwhile.",
                    dir.toAbsolutePath(), fixed.size(), dir.toAbsolutePath().relativize(fixed.get(0).toAbsolutePath()));
        }
        return fixed;
    }

    /** Creates an empty file readable by this user only, unless it exists (then it is only made owner-only). */
    public static void createPrivateFile(Path file) {
        try {
            try {
                Files.createFile(file, ownerOnly(file.toAbsolutePath().getParent(), FILE));
            } catch (FileAlreadyExistsException e) {
                restrict(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file.toAbsolutePath(), e);
        }
    }

    /** The attribute that creates a file or directory in {@code dir} with these permissions; none off POSIX file systems. */
    static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path dir, Set<PosixFilePermission> permissions) {
        return posix(dir) ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    private static boolean posix(Path p) {
        return p == null || p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Removes every permission beyond {@code wanted} (owner bits the file lacks are not added); true if changed. */
    private static boolean restrict(Path p, Set<PosixFilePermission> wanted) throws IOException {
        if (!posix(p)) {
            return false;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (wanted.containsAll(now)) {
            return false;
        }
        Set<PosixFilePermission> kept = java.util.EnumSet.noneOf(PosixFilePermission.class);
        kept.addAll(now);
        kept.retainAll(wanted);
        Files.setPosixFilePermissions(p, kept);
        return true;
    }
}

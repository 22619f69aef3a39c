package io.consultdesk.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.converter.EmailConverter;

/**
 * The embedded default: each email becomes a readable {@code .eml} file (open it in any mail program)
 * under {@code {DATA_DIR}/mail/}, named by its queue time and id so the folder lists in order and a
 * resend of the same message replaces its own file.
 */
public final class EmlFileTransport implements MailTransport {
    /** The names this transport writes; anything else in the folder is ignored by the dev mailbox. */
    public static final Pattern FILE_NAME = Pattern.compile("\\d{8}-\\d{6}-[A-Za-z0-9_-]{22}\\.eml");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final Path dir;

    public EmlFileTransport(Path dir) {
        this.dir = dir;
    }

    @Override
    public void send(OutboxDao.Message message, Email email) throws IOException {
        if (!Files.isDirectory(dir)) {
            io.consultdesk.db.DataDir.secure(dir); // owner-only, like the rest of the data directory
        }
        Path target = dir.resolve(STAMP.format(message.createdAt()) + "-" + message.id() + ".eml");
        Path tmp = Files.createTempFile(dir, ".sending-", ".tmp");
        try {
            Files.writeString(tmp, EmailConverter.emailToEML(email), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String kind() {
        return "files";
    }
}

package io.consultdesk.mail;

import io.consultdesk.web.Assets;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.Recipient;
import org.simplejavamail.converter.EmailConverter;

/**
 * {@code /staff/dev/mail} (dev mode only, for admins): the emails written to {@code {DATA_DIR}/mail/}, newest first,
 * and each one's headers, text part and HTML part, so a developer sees what was sent without a mail server. The
 * emails hold working links (a visitor's link cancels a booking), so the pages sit behind the dashboard's guard.
 */
public final class DevMailController {
    private static final String CSP = "default-src 'none'; style-src 'self'; frame-src 'self'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";
    /** The HTML part: its own inline styles only, no scripts, no network, sandboxed. */
    private static final String PART_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
    private static final int LIST_LIMIT = 200;

    private final Path dir;
    private final Views views;
    private final Assets assets;

    public DevMailController(Path dir, Views views, Assets assets) {
        this.dir = dir;
        this.views = views;
        this.assets = assets;
    }

    public record Summary(String file, String subject, String to, Instant date) {}

    public record ListPage(String dir, List<Summary> mails, String cssUrl) {}

    public record MailPage(Summary summary, String from, String messageId, String text, boolean hasHtml, String cssUrl) {}

    public void list(Context ctx) throws IOException {
        List<Summary> mails;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                mails = files.filter(p -> EmlFileTransport.FILE_NAME.matcher(p.getFileName().toString()).matches())
                        .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                        .limit(LIST_LIMIT)
                        .map(p -> summary(p.getFileName().toString(), EmailConverter.emlToEmail(p.toFile())))
                        .collect(Collectors.toList());
            }
        } else {
            mails = List.of();
        }
        render(ctx, "dev/mail-list.jte", new ListPage(dir.toAbsolutePath().toString(), mails, assets.url("dev-mail.css")));
    }

    public void show(Context ctx) {
        String name = ctx.pathParam("file");
        Email email = read(name);
        render(ctx, "dev/mail.jte", new MailPage(summary(name, email), address(email.getFromRecipient()), email.getId(),
                email.getPlainText(), email.getHTMLText() != null, assets.url("dev-mail.css")));
    }

    public void htmlPart(Context ctx) {
        Email email = read(ctx.pathParam("file"));
        ctx.header(Headers.CSP, PART_CSP);
        ctx.header("X-Frame-Options", "SAMEORIGIN"); // shown in the mailbox's own page (the guard said DENY)
        Headers.noStore(ctx);
        ctx.contentType("text/html; charset=utf-8").result(email.getHTMLText() == null ? "" : email.getHTMLText());
    }

    private Email read(String name) {
        Path file = dir.resolve(name);
        if (!EmlFileTransport.FILE_NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
            throw new NotFoundResponse("No such email");
        }
        return EmailConverter.emlToEmail(file.toFile());
    }

    private void render(Context ctx, String template, Object page) {
        ctx.header(Headers.CSP, CSP);
        Headers.noStore(ctx);
        ctx.contentType("text/html; charset=utf-8").result(views.render(template, page));
    }

    private static Summary summary(String file, Email email) {
        String to = email.getToRecipients().stream().map(DevMailController::address).collect(Collectors.joining(", "));
        return new Summary(file, email.getSubject(), to, email.getSentDate() == null ? null : email.getSentDate().toInstant());
    }

    private static String address(Recipient r) {
        return r == null ? "" : r.getName() == null ? r.getAddress() : r.getName() + " <" + r.getAddress() + ">";
    }
}

package io.consultdesk.team;

import io.consultdesk.booking.TimeText;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.db.Database;
import io.consultdesk.i18n.Messages;
import io.consultdesk.mail.MailComposer;
import io.consultdesk.mail.MailView;
import io.consultdesk.mail.Outbox;
import io.consultdesk.mail.OutboxDao;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an invitation email shows, read when it is sent: who invited, the role and what it can do, until when
 * the link works, and the link itself, whose token is opened from the outbox row's sealed secret. An invitation
 * that no longer works by then (revoked, replaced, accepted, expired) is not sent.
 */
public final class TeamMails implements MailComposer.InvitationDetails {
    private final Database db;
    private final Outbox outbox;
    private final Supplier<URI> publicUrl;
    private final Clock clock;

    public TeamMails(Database db, Outbox outbox, Supplier<URI> publicUrl, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public Optional<MailComposer.Invited> of(OutboxDao.Message m, Clinic clinic, Messages t) {
        if (m.inviteId() == null) {
            return Optional.empty();
        }
        Optional<TeamDao.Invite> found = db.jdbi().withExtension(TeamDao.class, d -> d.invite(clinic.slug(), m.inviteId()))
                .filter(i -> i.usableAt(clock.instant()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TeamDao.Invite invite = found.get();
        // The token must be the one whose hash the invitation keeps: a secret from elsewhere is never sent.
        Optional<String> token = outbox.secret(m).filter(s -> InviteTokens.hash(s).equals(invite.tokenHash()));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String inviter = invite.invitedBy() == null ? null
                : db.jdbi().withExtension(TeamDao.class, d -> d.emailOf(invite.invitedBy())).orElse(null);
        ZoneId zone = clinic.locations().stream().findFirst().map(l -> ZoneId.of(l.timeZone())).orElse(ZoneOffset.UTC);
        MailView.Invitation invitation = new MailView.Invitation(inviter, t.get("team.role." + invite.role()),
                t.get("team.role." + invite.role() + ".summary"), new TimeText(t).when(invite.expiresAt(), zone));
        return Optional.of(new MailComposer.Invited(invitation, publicUrl.get() + "/staff/invitation/" + token.get()));
    }
}

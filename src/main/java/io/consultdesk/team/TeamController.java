package io.consultdesk.team;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.dashboard.Formats;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.staff.TwoFactor;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /staff/clinics/{clinic}/team}: the team page and its forms. Who may open them is the route's Access
 * (the clinic's owners and admins); every form posts, then redirects back with what was done. A refused form
 * is shown again at once with the reason, and what was typed kept.
 */
public final class TeamController {
    private static final Map<String, String> DONE = Map.of("invited", "team.done.invited", "resent", "team.done.resent",
            "revoked", "team.done.revoked", "role", "team.done.role", "disabled", "team.done.disabled",
            "enabled", "team.done.enabled", "twoFactorRequired", "team.done.twoFactorRequired",
            "twoFactorOptional", "team.done.twoFactorOptional");
    private final TeamService team;
    private final ClinicService clinics;
    private final StaffAuth auth;
    private final Views views;
    private final Clock clock;
    private final TwoFactor twoFactor;

    public TeamController(TeamService team, ClinicService clinics, StaffAuth auth, Views views, Clock clock, TwoFactor twoFactor) {
        this.team = team;
        this.clinics = clinics;
        this.auth = auth;
        this.views = views;
        this.clock = clock;
        this.twoFactor = twoFactor;
    }

    /**
     * The clinic's switch: two-step sign-in required of every member, or not (audited). A member without it is sent
     * to set it up at their next sign-in; sessions already open go on until then.
     */
    public void requireTwoFactor(Context ctx) {
        boolean required = "true".equals(ctx.formParam("required"));
        twoFactor.setRequired(auth.actor(ctx), slug(ctx), required);
        ctx.redirect("/staff/clinics/" + slug(ctx) + "/team?done=" + (required ? "twoFactorRequired" : "twoFactorOptional")
                + "#two-factor", HttpStatus.SEE_OTHER);
    }

    public void page(Context ctx) {
        Optional<String> notice = Optional.ofNullable(ctx.queryParam("done")).map(DONE::get).map(k -> t().get(k));
        render(ctx, 200, TeamPage.InviteForm.blank(), notice, Optional.empty());
    }

    public void invite(Context ctx) {
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("");
        String role = Optional.ofNullable(ctx.formParam("role")).orElse("");
        TeamService.Result result = team.invite(auth.actor(ctx), slug(ctx), email, role);
        if (result instanceof TeamService.Result.Refused refused) {
            String field = switch (refused.problem()) {
                case ROLE_UNKNOWN -> "role";
                case TOO_MANY -> "form";
                default -> "email";
            };
            // An address with a line break is not shown back as typed: only what could be an address is kept.
            String kept = email.length() > 254 || email.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "" : email.strip();
            String keptRole = TeamService.ROLES.stream().anyMatch(r -> r.code().equals(role)) ? role : "";
            TeamPage.InviteForm form = new TeamPage.InviteForm(kept, keptRole, Map.of(field, message(refused)));
            render(ctx, status(refused.problem()), form, Optional.empty(), Optional.empty());
            return;
        }
        after(ctx, result, "invited");
    }

    public void resend(Context ctx) {
        after(ctx, team.resend(auth.actor(ctx), slug(ctx), ctx.pathParam("invite")), "resent");
    }

    public void revoke(Context ctx) {
        after(ctx, team.revoke(auth.actor(ctx), slug(ctx), ctx.pathParam("invite")), "revoked");
    }

    public void changeRole(Context ctx) {
        after(ctx, team.changeRole(auth.actor(ctx), slug(ctx), ctx.pathParam("member"), ctx.formParam("role")), "role");
    }

    public void disable(Context ctx) {
        after(ctx, team.disable(auth.actor(ctx), slug(ctx), ctx.pathParam("member")), "disabled");
    }

    public void enable(Context ctx) {
        after(ctx, team.enable(auth.actor(ctx), slug(ctx), ctx.pathParam("member")), "enabled");
    }

    private void after(Context ctx, TeamService.Result result, String done) {
        if (result instanceof TeamService.Result.NotFound) {
            throw auth.notFound();
        }
        if (result instanceof TeamService.Result.Refused refused) {
            render(ctx, status(refused.problem()), TeamPage.InviteForm.blank(), Optional.empty(), Optional.of(message(refused)));
            return;
        }
        ctx.redirect("/staff/clinics/" + slug(ctx) + "/team?done=" + done, HttpStatus.SEE_OTHER);
    }

    private static int status(TeamService.Problem problem) {
        return switch (problem) {
            case TOO_MANY -> 429;
            case ALREADY_MEMBER, ALREADY_DISABLED, ADMIN, LAST_OWNER, SELF -> 409;
            default -> 422;
        };
    }

    private String message(TeamService.Result.Refused refused) {
        String key = switch (refused.problem()) {
            case EMAIL_MISSING -> "team.invite.error.missing";
            case EMAIL_CONTROL -> "team.invite.error.control";
            case EMAIL_INVALID -> "team.invite.error.invalid";
            case ROLE_UNKNOWN -> "team.error.role";
            case ALREADY_MEMBER -> "team.invite.error.member";
            case ALREADY_DISABLED -> "team.invite.error.disabledMember";
            case ADMIN -> "team.invite.error.admin";
            case TOO_MANY -> "team.invite.error.tooMany";
            case LAST_OWNER -> "team.error.lastOwner";
            case SELF -> "team.error.self";
        };
        return refused.problem() == TeamService.Problem.TOO_MANY
                ? t().get(key, TeamService.INVITES_PER_HOUR, Long.parseLong(refused.detail()))
                : t().get(key, refused.detail());
    }

    private void render(Context ctx, int status, TeamPage.InviteForm form, Optional<String> notice, Optional<String> error) {
        String slug = slug(ctx);
        Clinic clinic = clinics.find(slug).orElseThrow(auth::notFound);
        TeamService.Team t = team.team(slug);
        String me = auth.user(ctx).id();
        long owners = t.members().stream().filter(m -> m.active() && m.role().equals("owner")).count();
        List<TeamPage.MemberRow> members = t.members().stream().map(m -> new TeamPage.MemberRow(m, m.userId().equals(me),
                m.active() && m.role().equals("owner") && owners <= 1)).toList();
        Instant now = clock.instant();
        List<TeamPage.InviteRow> invitations = t.invitations().stream()
                .map(i -> new TeamPage.InviteRow(i, expiresIn(now, i.expiresAt()))).toList();
        ZoneId zone = clinic.locations().stream().findFirst().map(l -> ZoneId.of(l.timeZone())).orElse(ZoneOffset.UTC);
        StaffFrame frame = auth.frame(ctx, t().get("team.title", clinic.name()), "clinics", 0);
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render("team/team.jte",
                new TeamPage(frame, ClinicTabs.of(auth.user(ctx), clinic.slug(), clinic.name(), "team"),
                        clinic, members, t.admins(), invitations, form, notice, error,
                        new Formats(t(), zone, now), twoFactor.required(slug), java.util.Set.copyOf(twoFactor.membersWithTwoFactor(slug)))));
    }

    /** "in 71 hours", "in 40 minutes"; empty once expired. */
    private static Optional<String> expiresIn(Instant now, Instant expiresAt) {
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        long minutes = (left.toSeconds() + 59) / 60;
        return Optional.of(minutes < 120 ? t().get("team.invites.inMinutes", minutes) : t().get("team.invites.inHours", minutes / 60));
    }

    private static String slug(Context ctx) {
        return ctx.pathParam("clinic");
    }

    private static Messages t() {
        return Messages.english();
    }
}

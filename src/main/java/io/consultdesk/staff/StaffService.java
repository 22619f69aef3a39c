package io.consultdesk.staff;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.db.Database;
import io.consultdesk.db.RandomIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Staff accounts, sign-in and sessions. Sessions live in the database (several instances can share it);
 * the cookie holds a random token and the database only its SHA-256. A session ends after the idle
 * time of the person's clinics (15 minutes unless a clinic sets less) or after 12 hours, whichever
 * comes first. From the fifth failed sign-in for an account from one address, each further attempt
 * must wait: 30 seconds, then twice as long each time, up to 15 minutes. The same pause follows the
 * twentieth failure from one address whatever the accounts tried, and the tenth for one account whatever
 * the addresses (both counts start again after an hour without a failure); the answer is the same whether
 * the account exists or not.
 */
public final class StaffService {
    public static final Duration ABSOLUTE_LIMIT = Duration.ofHours(12);
    public static final int FREE_ATTEMPTS = 5;
    /** Failed sign-ins from one address, whatever the accounts, before each further one must wait. */
    public static final int FREE_PER_ADDRESS = 20;
    /** Failed sign-ins to one account, whatever the addresses, before each further one must wait. */
    public static final int FREE_PER_ACCOUNT = 10;
    /** The counts per address and per account start again after this long without a failure. */
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** Activity is written at most this often per session, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public StaffService(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** A signed-in session as a request sees it. */
    public record Session(String tokenHash, StaffUser user, String csrfToken, Instant expiresAt, Duration idle) {}

    public sealed interface SignIn {
        record Success(String token, Session session) implements SignIn {}

        record Wrong() implements SignIn {}

        record Blocked(Duration retryAfter) implements SignIn {}

        /** The password was right, but the account is disabled or on no clinic's team any more. */
        record Disabled() implements SignIn {}
    }

    public sealed interface Lookup {
        record Active(Session session) implements Lookup {}

        /** The session ended: {@code idle} after inactivity, otherwise at the absolute limit. */
        record Ended(boolean idle) implements Lookup {}

        record None() implements Lookup {}
    }

    /**
     * {@code staff add}: creates an account, or sets the password of an existing one (every session of it ends) and
     * its role in the clinics named. For an existing account the clinics not named stay as they are: the command
     * line never undoes what a clinic's owners did on its team page elsewhere; in a clinic it names, it puts the
     * person on the team with that role (enabled again if they had been disabled there), written to the audit log
     * as the team page's changes are. {@code admin} makes the account the server's operator (every clinic, no
     * teams). The last owner of a clinic is not demoted here either.
     */
    public sealed interface AddUser {
        record Saved(StaffUser user, boolean created) implements AddUser {}

        record Rejected(String messageKey, List<Object> args) implements AddUser {
            public Rejected(String messageKey) {
                this(messageKey, List.of());
            }
        }
    }

    /** The command line's changes, as the audit log and the settings' history name them. */
    public static final Actor COMMAND_LINE = new Actor(null, "(command line)", null);

    public AddUser addUser(String rawEmail, Role role, List<String> clinics, String password) {
        String email = normalise(rawEmail);
        if (!io.consultdesk.mail.EmailAddresses.isValid(email)) {
            return new AddUser.Rejected("staff.add.badEmail");
        }
        // The clinics named are among the person's own words: a password built on a clinic's name is refused.
        List<String> clinicNames = new ArrayList<>(clinics);
        if (!clinics.isEmpty()) {
            clinicNames.addAll(db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM clinic WHERE slug IN (<slugs>)")
                    .bindList("slugs", clinics).mapTo(String.class).list()));
        }
        Optional<String> problem = Passwords.problem(password, email, clinicNames);
        if (problem.isPresent()) {
            return new AddUser.Rejected(problem.get());
        }
        if (role != Role.ADMIN && clinics.isEmpty()) {
            return new AddUser.Rejected("staff.add.noClinic");
        }
        String hash = Passwords.hash(password);
        List<String> named = role == Role.ADMIN ? List.of() : clinics.stream().distinct().sorted().toList();
        return db.write(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            List<String> known = h.createQuery("SELECT slug FROM clinic").mapTo(String.class).list();
            if (!known.containsAll(named)) {
                return new AddUser.Rejected("staff.add.unknownClinic");
            }
            Optional<StaffDao.UserRow> existing = dao.findByEmail(email);
            String id = existing.map(StaffDao.UserRow::id).orElseGet(RandomIds::next);
            java.util.Map<String, StaffDao.Membership> before = new java.util.LinkedHashMap<>();
            existing.ifPresent(u -> dao.everyClinicOf(u.id()).forEach(m -> before.put(m.clinicSlug(), m)));
            List<String> demotedOwners = (role == Role.ADMIN ? List.copyOf(before.keySet()) : named).stream()
                    .filter(c -> before.containsKey(c) && before.get(c).disabledAt() == null
                            && Role.OWNER.code().equals(before.get(c).role()) && role != Role.OWNER)
                    .filter(c -> dao.otherOwners(c, id) == 0).toList();
            if (!demotedOwners.isEmpty()) {
                return new AddUser.Rejected("staff.add.lastOwner", List.of(email, String.join(", ", demotedOwners)));
            }
            if (existing.isPresent()) {
                dao.updateUser(id, accountRole(role), hash);
                dao.deleteSessionsOf(id); // a changed password or role signs the person out everywhere
            } else {
                dao.insertUser(new StaffDao.UserRow(id, email, accountRole(role), hash, clock.instant(), null));
            }
            if (role == Role.ADMIN) {
                dao.clearClinics(id); // the operator sees every clinic without being on any team
            }
            for (String clinic : named) {
                StaffDao.Membership was = before.get(clinic);
                dao.putOnTeam(id, clinic, role.code());
                if (was == null) {
                    audit.record(h, COMMAND_LINE, "team.joined", clinic, null, email + " · " + role.code());
                } else if (was.disabledAt() != null) {
                    audit.record(h, COMMAND_LINE, "team.memberEnabled", clinic, null, email + " · " + role.code());
                } else if (!was.role().equals(role.code())) {
                    audit.record(h, COMMAND_LINE, "team.roleChanged", clinic, null, email + " · " + was.role() + " → " + role.code());
                }
            }
            audit.record(h, COMMAND_LINE, existing.isPresent() ? "staff.updated" : "staff.added", null, null,
                    email + " · " + role.code() + (named.isEmpty() ? "" : " · " + String.join(", ", named)));
            StaffUser user = toUser(dao.findById(id).orElseThrow(), dao.clinicsOf(id));
            return new AddUser.Saved(user, existing.isEmpty());
        });
    }

    public long userCount() {
        return db.jdbi().withExtension(StaffDao.class, StaffDao::countUsers);
    }

    /**
     * Password and session in one call, without two-step sign-in: for the benchmark's own account. The sign-in page
     * uses {@link #checkPassword} and {@link TwoFactor} instead.
     */
    public SignIn signIn(String rawEmail, String password, String clientIp) {
        PasswordCheck check = checkPassword(rawEmail, password, clientIp, null);
        if (check instanceof PasswordCheck.Blocked blocked) {
            return new SignIn.Blocked(blocked.retryAfter());
        }
        if (check instanceof PasswordCheck.Wrong) {
            return new SignIn.Wrong();
        }
        return startSession(((PasswordCheck.Right) check).userId(), clientIp);
    }

    /** The outcome of checking a person's password, throttled as sign-in is. */
    public sealed interface PasswordCheck {
        record Right(String userId) implements PasswordCheck {}

        record Wrong() implements PasswordCheck {}

        record Blocked(Duration retryAfter) implements PasswordCheck {}
    }

    /**
     * Checks the password of the account with this email, with the sign-in's throttling (the counts per account
     * and address, per address and per account: see the class comment) and its audit rows. Sign-in, the
     * invitation page (joining with an existing account) and the password change all go through here, so none
     * of them lets anyone guess faster than sign-in does.
     *
     * @param where where the password was typed, added to the audit rows (null: the sign-in page)
     */
    public PasswordCheck checkPassword(String rawEmail, String password, String clientIp, String where) {
        String email = normalise(rawEmail);
        List<Bucket> buckets = List.of(
                new Bucket(email + " " + clientIp, FREE_ATTEMPTS, null, true),
                new Bucket("ip " + clientIp, FREE_PER_ADDRESS, WINDOW, false),
                new Bucket("account " + email, FREE_PER_ACCOUNT, WINDOW, true));
        String on = where == null ? null : where;
        Instant now = clock.instant();
        // The attempt is counted as a failure in every bucket before the password is checked, in the same write
        // transaction as the check of the pauses: parallel attempts cannot all pass the check. A success clears
        // the counts of the account again (the one per address only loses this attempt: a right password for one
        // account says nothing about the guesses at the others).
        Optional<Duration> blocked = db.write(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            Duration longest = Duration.ZERO;
            List<StaffDao.FailureRow> rows = new ArrayList<>();
            for (Bucket b : buckets) {
                Optional<StaffDao.FailureRow> row = dao.findFailures(b.key())
                        .filter(r -> b.window() == null || r.lastFailedAt().isAfter(now.minus(b.window())));
                rows.add(row.orElse(null));
                // Only a count past its free attempts pauses (a clock set back must not turn a pause-free row into one).
                if (row.isPresent() && row.get().failures() >= b.free() && row.get().blockedUntil().isAfter(now)) {
                    Duration left = Duration.between(now, row.get().blockedUntil());
                    longest = left.compareTo(longest) > 0 ? left : longest;
                }
            }
            if (!longest.isZero()) {
                audit.recordRepeat(h, new Actor(null, asTyped(email), clientIp), "staff.signInBlocked", null, null, on);
                return Optional.of(longest);
            }
            for (int i = 0; i < buckets.size(); i++) {
                Bucket b = buckets.get(i);
                int attempt = rows.get(i) == null ? 1 : rows.get(i).failures() + 1;
                dao.saveFailures(new StaffDao.FailureRow(b.key(), attempt, now, now.plus(delayAfter(attempt, b.free()))));
            }
            return Optional.<Duration>empty();
        });
        if (blocked.isPresent()) {
            return new PasswordCheck.Blocked(blocked.get());
        }
        Optional<StaffDao.UserRow> user = db.jdbi().withExtension(StaffDao.class, d -> d.findByEmail(email))
                .filter(u -> u.disabledAt() == null);
        boolean ok = Passwords.verify(password == null ? "" : password, user.map(StaffDao.UserRow::passwordHash).orElse(null));
        if (!ok) {
            return db.write(h -> {
                // A burst of failures is one audit row with a count (V10): a flood of guesses is not a flood of writes.
                audit.recordRepeat(h, new Actor(user.map(StaffDao.UserRow::id).orElse(null),
                                user.isPresent() ? email : asTyped(email), clientIp),
                        "staff.signInFailed", null, null, on);
                StaffDao dao = h.attach(StaffDao.class);
                Duration wait = Duration.ZERO;
                for (Bucket b : buckets) {
                    Optional<StaffDao.FailureRow> row = dao.findFailures(b.key());
                    if (row.isPresent() && row.get().failures() >= b.free() && row.get().blockedUntil().isAfter(now)) {
                        Duration left = Duration.between(now, row.get().blockedUntil());
                        wait = left.compareTo(wait) > 0 ? left : wait;
                    }
                }
                return wait.isZero() ? new PasswordCheck.Wrong() : new PasswordCheck.Blocked(wait);
            });
        }
        db.write(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            for (Bucket b : buckets) {
                if (b.clearedBySuccess()) {
                    dao.clearFailures(b.key());
                } else {
                    dao.uncountOne(b.key(), b.free());
                }
            }
            return null;
        });
        return new PasswordCheck.Right(user.get().id());
    }

    /**
     * One count of failed sign-ins: per account and address (5 free attempts, kept for a day), per address across
     * accounts and per account across addresses (more free attempts, forgotten after an hour without a failure).
     */
    private record Bucket(String key, int free, Duration window, boolean clearedBySuccess) {}

    /**
     * A new session for a person whose password (or invitation) was just checked: Success with the cookie's
     * token, or Disabled when the account is disabled or on no clinic's team.
     */
    public SignIn startSession(String userId, String clientIp) {
        Instant now = clock.instant();
        String token = randomToken();
        return db.write(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            Optional<StaffDao.UserRow> found = dao.findById(userId);
            if (found.isEmpty() || found.get().disabledAt() != null) {
                return new SignIn.Disabled();
            }
            StaffDao.UserRow row = found.get();
            StaffUser staff = toUser(row, dao.clinicsOf(row.id()));
            if (!staff.isAdmin() && staff.roles().isEmpty()) {
                audit.record(h, new Actor(row.id(), row.email(), clientIp), "staff.signInDisabled", null, null, null);
                return new SignIn.Disabled();
            }
            // A member: the shortest idle time of their clinics (their owners decide). The server's admins keep the
            // default: no one clinic's owner sets the sessions of the people who run the server for every clinic.
            Duration idle = Duration.ofMinutes((staff.isAdmin() ? Optional.<Integer>empty()
                    : dao.idleMinutes(List.copyOf(staff.roles().keySet())))
                    .orElse(io.consultdesk.clinic.Clinic.Dashboard.DEFAULT.idleLogoffMinutes()));
            String csrf = randomToken();
            Instant expires = now.plus(ABSOLUTE_LIMIT);
            dao.insertSession(new StaffDao.SessionRow(sha256(token), row.id(), csrf, now, now, idle.toSeconds(),
                    expires, clientIp));
            audit.record(h, new Actor(row.id(), row.email(), clientIp), "staff.signedIn", null, null, null);
            return new SignIn.Success(token, new Session(sha256(token), staff, csrf, expires, idle));
        });
    }

    /**
     * Sets a new password (already checked against the rules) for the person of this session, and ends every
     * other session of theirs: whoever else was signed in as them is signed out; this browser stays. Audited.
     *
     * @return how many other sessions ended
     */
    public int replacePassword(Session session, String newPassword, String clientIp) {
        String hash = Passwords.hash(newPassword);
        return db.write(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            dao.updatePassword(session.user().id(), hash);
            int ended = dao.deleteOtherSessionsOf(session.user().id(), session.tokenHash());
            audit.record(h, Actor.of(session.user(), clientIp), "staff.passwordChanged", null, null,
                    ended + (ended == 1 ? " other session ended" : " other sessions ended"));
            return ended;
        });
    }

    /** The delay before the next attempt after {@code failures} failed ones: none for the first four. */
    static Duration delayAfter(int failures) {
        return delayAfter(failures, FREE_ATTEMPTS);
    }

    /** The delay after {@code failures} failed attempts of a count that lets {@code free - 1} pass without one. */
    static Duration delayAfter(int failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free, 10);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** Finds the session of a cookie token, ends it when it ran out, and records activity. */
    public Lookup session(String token, String clientIp) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return new Lookup.None();
        }
        String hash = sha256(token);
        Instant now = clock.instant();
        Optional<StaffDao.SessionRow> row = db.jdbi().withExtension(StaffDao.class, d -> d.findSession(hash));
        if (row.isEmpty()) {
            return new Lookup.None();
        }
        StaffDao.SessionRow s = row.get();
        boolean idle = now.isAfter(s.lastSeenAt().plusSeconds(s.idleSeconds()));
        if (idle || !now.isBefore(s.expiresAt())) {
            db.write(h -> {
                if (h.attach(StaffDao.class).deleteSession(hash) > 0) {
                    StaffDao.UserRow u = h.attach(StaffDao.class).findById(s.userId()).orElse(null);
                    audit.record(h, new Actor(s.userId(), u == null ? null : u.email(), clientIp),
                            idle ? "staff.signedOutIdle" : "staff.sessionExpired", null, null, null);
                }
                return null;
            });
            return new Lookup.Ended(idle);
        }
        Optional<StaffDao.UserRow> user = db.jdbi().withExtension(StaffDao.class, d -> d.findById(s.userId()))
                .filter(u -> u.disabledAt() == null);
        if (user.isEmpty()) {
            return new Lookup.None();
        }
        StaffUser member = toUser(user.get(), db.jdbi().withExtension(StaffDao.class, d -> d.clinicsOf(s.userId())));
        if (!member.isAdmin() && member.roles().isEmpty()) {
            return new Lookup.None(); // taken off every team it was on: the session ends with it
        }
        if (!now.isBefore(s.lastSeenAt().plus(TOUCH_EVERY))) {
            db.write(h -> {
                h.attach(StaffDao.class).touchSession(hash, now);
                return null;
            });
        }
        return new Lookup.Active(new Session(hash, member, s.csrfToken(), s.expiresAt(),
                Duration.ofSeconds(s.idleSeconds())));
    }

    public void signOut(Session session, String clientIp) {
        db.write(h -> {
            h.attach(StaffDao.class).deleteSession(session.tokenHash());
            audit.record(h, Actor.of(session.user(), clientIp), "staff.signedOut", null, null, null);
            return null;
        });
    }

    /** The people who may be assigned a clinic's lead. */
    public List<StaffUser> workingFor(String clinicSlug) {
        return db.jdbi().withExtension(StaffDao.class, d -> {
            List<StaffUser> out = new ArrayList<>();
            for (StaffDao.UserRow u : d.workingFor(clinicSlug)) {
                out.add(new StaffUser(u.id(), u.email(), Role.ADMIN.code().equals(u.role()), java.util.Map.of()));
            }
            return out;
        });
    }

    /** Deletes ended sessions and old failure counts; run by the housekeeping job. */
    public void purge() {
        Instant now = clock.instant();
        db.write(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            dao.deleteExpiredSessions(now);
            dao.deleteOldFailures(now.minus(Duration.ofDays(1)));
            h.attach(TwoFactorDao.class).deleteExpiredPending(now);
            return null;
        });
    }

    /**
     * In dev mode, an admin to try the dashboard with: created once, with a random password that is
     * returned (to be printed once) and never stored in clear.
     */
    public Optional<String> createDemoAdmin(String email) {
        if (db.jdbi().withExtension(StaffDao.class, d -> d.findByEmail(email)).isPresent()) {
            return Optional.empty();
        }
        String password = "demo-" + randomToken().substring(0, 16);
        AddUser result = addUser(email, Role.ADMIN, List.of(), password);
        return result instanceof AddUser.Saved ? Optional.of(password) : Optional.empty();
    }

    static StaffUser toUser(StaffDao.UserRow row, List<StaffDao.Membership> memberships) {
        java.util.Map<String, Role> roles = new java.util.LinkedHashMap<>();
        boolean admin = Role.ADMIN.code().equals(row.role());
        if (!admin) {
            memberships.forEach(m -> Role.member(m.role()).ifPresent(r -> roles.put(m.clinicSlug(), r)));
        }
        return new StaffUser(row.id(), row.email(), admin, roles);
    }

    /** The account's own role column: 'admin', or 'staff' for a member of clinics (whose role is per clinic). */
    static String accountRole(Role role) {
        return role == Role.ADMIN ? Role.ADMIN.code() : Role.STAFF.code();
    }

    /**
     * What the audit log names for a sign-in to no known account: the address typed, unless it is not an
     * address at all (people type a password into the email field), which is never written down.
     */
    static String asTyped(String email) {
        return io.consultdesk.mail.EmailAddresses.isValid(email) ? email : "(not an email address)";
    }

    public static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.consultdesk.staff;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.db.Database;
import io.nayuki.qrcodegen.QrCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Two-step sign-in: after the password, a 6-digit code from an authenticator app (TOTP, RFC 6238: HMAC-SHA1,
 * 30-second steps, the step before and after accepted for clocks that drift) or one of ten single-use recovery
 * codes. The secret is sealed with the data key, bound to the person's id; recovery codes are stored as SHA-256
 * hashes. A code's step is accepted once: the same code cannot be used again within its window.
 *
 * <p>Between the password and the code the sign-in is pending: a row in the database (any instance can finish
 * it) for five minutes, named by a random token in a cookie on the sign-in path. Wrong codes are counted per
 * pending sign-in (five end it) and per person (from the fifth, each further code must wait, as passwords do).
 */
public final class TwoFactor {
    static final Duration STEP = Duration.ofSeconds(30);
    static final Duration PENDING_FOR = Duration.ofMinutes(5);
    static final int MAX_PENDING_FAILURES = 5;
    static final int FREE_CODES = 5;
    static final int RECOVERY_CODES = 10;
    static final String ISSUER = "Consultdesk";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator(STEP, 6);
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public TwoFactor(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** What the account page shows. requiredBy: the person's clinics that require two-step sign-in. */
    public record Status(boolean on, Instant since, int recoveryCodesLeft, List<String> requiredBy) {}

    /** A secret being set up: as text to type (in groups of four), and as a QR code of its otpauth:// link. */
    public record Setup(String secret, String uri, Qr qr) {
        public String grouped() {
            return secret.replaceAll("(.{4})(?!$)", "$1 ");
        }
    }

    /** A QR code drawn as one SVG path of dark modules (inlined in the page: no image URL, no data: URL). */
    public record Qr(int size, String path) {}

    public enum Step { NONE, CODE, SETUP }

    public sealed interface Confirm {
        record Confirmed(List<String> recoveryCodes) implements Confirm {}

        record WrongCode() implements Confirm {}

        record NotStarted() implements Confirm {}
    }

    public sealed interface CodeCheck {
        record Passed(String userId, String next, boolean recoveryCode) implements CodeCheck {}

        record Wrong() implements CodeCheck {}

        /** No such pending sign-in, expired, or ended by too many wrong codes: start again with the password. */
        record Ended() implements CodeCheck {}

        record Blocked(Duration retryAfter) implements CodeCheck {}
    }

    public Status status(String userId) {
        return db.jdbi().withExtension(TwoFactorDao.class, d -> {
            Optional<TwoFactorDao.SecretRow> row = d.find(userId).filter(r -> r.confirmedAt() != null);
            return new Status(row.isPresent(), row.map(TwoFactorDao.SecretRow::confirmedAt).orElse(null),
                    row.isPresent() ? d.recoveryCodesLeft(userId) : 0, d.requiringClinicsOf(userId));
        });
    }

    public boolean isOn(String userId) {
        return status(userId).on();
    }

    /** A new secret to set up (replacing one never confirmed); empty when two-step sign-in is already on. */
    public Optional<Setup> start(String userId, String email) {
        byte[] key = new byte[20];
        RANDOM.nextBytes(key);
        String secret = base32(key);
        int started = db.write(h -> h.attach(TwoFactorDao.class).start(userId, db.sealer().seal(secret, context(userId)), clock.instant()));
        return started == 0 ? Optional.empty() : Optional.of(setup(secret, email));
    }

    /** The secret being set up, to show again (after a wrong code), or empty when none is. */
    public Optional<Setup> settingUp(String userId, String email) {
        return db.jdbi().withExtension(TwoFactorDao.class, d -> d.find(userId))
                .filter(r -> r.confirmedAt() == null)
                .map(r -> setup(db.sealer().open(r.secretSealed(), context(userId)), email));
    }

    /** Turns two-step sign-in on once a code of the new secret is right; returns the recovery codes, shown once. */
    public Confirm confirm(String userId, String code, Actor actor) {
        Optional<TwoFactorDao.SecretRow> row = db.jdbi().withExtension(TwoFactorDao.class, d -> d.find(userId))
                .filter(r -> r.confirmedAt() == null);
        if (row.isEmpty()) {
            return new Confirm.NotStarted();
        }
        byte[] key = unbase32(db.sealer().open(row.get().secretSealed(), context(userId)));
        Optional<Long> step = matchingStep(key, code, 0);
        if (step.isEmpty()) {
            db.write(h -> {
                audit.recordRepeat(h, actor, "staff.twoFactorSetupWrongCode", null, null, null);
                return null;
            });
            return new Confirm.WrongCode();
        }
        List<String> codes = newRecoveryCodes();
        return db.write(h -> {
            TwoFactorDao d = h.attach(TwoFactorDao.class);
            if (d.confirm(userId, clock.instant(), step.get()) == 0) {
                return new Confirm.NotStarted();
            }
            d.deleteRecoveryCodes(userId);
            codes.forEach(c -> d.addRecoveryCode(userId, recoveryHash(userId, c)));
            audit.record(h, actor, "staff.twoFactorOn", null, null, RECOVERY_CODES + " recovery codes");
            return new Confirm.Confirmed(codes);
        });
    }

    /** Turns it off (the caller checked the password); the secret and recovery codes are deleted. */
    public boolean turnOff(String userId, Actor actor) {
        return db.write(h -> {
            TwoFactorDao d = h.attach(TwoFactorDao.class);
            boolean was = d.find(userId).map(r -> r.confirmedAt() != null).orElse(false);
            d.delete(userId);
            d.deleteRecoveryCodes(userId);
            if (was) {
                audit.record(h, actor, "staff.twoFactorOff", null, null, null);
            }
            return was;
        });
    }

    /** What follows a right password: nothing, a code, or (a clinic of theirs requires it and they have none) setting it up. */
    public Step stepAfterPassword(String userId) {
        Status s = status(userId);
        return s.on() ? Step.CODE : s.requiredBy().isEmpty() ? Step.NONE : Step.SETUP;
    }

    /** Starts a pending sign-in; returns the token for the browser's cookie. */
    public String beginPending(String userId, Step step, String next, String clientIp) {
        String token = StaffService.randomToken();
        Instant now = clock.instant();
        db.write(h -> {
            TwoFactorDao d = h.attach(TwoFactorDao.class);
            d.deleteExpiredPending(now);
            d.addPending(StaffService.sha256(token), userId, step == Step.SETUP ? "setup" : "code", next, now,
                    now.plus(PENDING_FOR), clientIp);
            return null;
        });
        return token;
    }

    /** The pending sign-in of a cookie token, unless it expired. */
    public Optional<TwoFactorDao.PendingRow> pending(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.jdbi().withExtension(TwoFactorDao.class, d -> d.findPending(StaffService.sha256(token)))
                .filter(p -> p.expiresAt().isAfter(now));
    }

    public void endPending(String token) {
        if (token != null) {
            db.write(h -> h.attach(TwoFactorDao.class).deletePending(StaffService.sha256(token)));
        }
    }

    /**
     * The second step: a code of the person's authenticator (each step once) or an unused recovery code. Wrong
     * codes are counted before the check, per person (the pause from the fifth) and per pending sign-in (five end it).
     */
    public CodeCheck checkCode(String token, String typed, String clientIp) {
        Optional<TwoFactorDao.PendingRow> found = pending(token);
        if (found.isEmpty() || !"code".equals(found.get().purpose())) {
            return new CodeCheck.Ended();
        }
        TwoFactorDao.PendingRow p = found.get();
        String userId = p.userId();
        String bucket = "code " + userId;
        Instant now = clock.instant();
        Optional<Duration> blocked = db.write(h -> {
            StaffDao s = h.attach(StaffDao.class);
            Optional<StaffDao.FailureRow> row = s.findFailures(bucket);
            if (row.isPresent() && row.get().blockedUntil().isAfter(now)) {
                return Optional.of(Duration.between(now, row.get().blockedUntil()));
            }
            int attempt = row.map(StaffDao.FailureRow::failures).orElse(0) + 1;
            s.saveFailures(new StaffDao.FailureRow(bucket, attempt, now, now.plus(StaffService.delayAfter(attempt, FREE_CODES))));
            return Optional.<Duration>empty();
        });
        Actor actor = db.jdbi().withExtension(StaffDao.class, d -> d.findById(userId))
                .map(u -> new Actor(u.id(), u.email(), clientIp)).orElse(new Actor(userId, null, clientIp));
        if (blocked.isPresent()) {
            db.write(h -> {
                audit.recordRepeat(h, actor, "staff.twoFactorBlocked", null, null, null);
                return null;
            });
            return new CodeCheck.Blocked(blocked.get());
        }
        String code = normalise(typed);
        boolean recovery = !code.matches("[0-9]{6}");
        boolean ok = db.write(h -> {
            TwoFactorDao d = h.attach(TwoFactorDao.class);
            if (recovery) {
                return code.length() == 12 && d.useRecoveryCode(userId, recoveryHash(userId, code), now) == 1;
            }
            Optional<TwoFactorDao.SecretRow> secret = d.find(userId).filter(r -> r.confirmedAt() != null);
            if (secret.isEmpty()) {
                return false;
            }
            byte[] key = unbase32(db.sealer().open(secret.get().secretSealed(), context(userId)));
            Optional<Long> step = matchingStep(key, code, secret.get().lastStep());
            return step.isPresent() && d.useStep(userId, step.get()) == 1;
        });
        if (!ok) {
            return db.write(h -> {
                TwoFactorDao d = h.attach(TwoFactorDao.class);
                d.failPending(p.tokenHash());
                audit.recordRepeat(h, actor, "staff.twoFactorFailed", null, null, recovery ? "recovery code" : null);
                if (p.failures() + 1 >= MAX_PENDING_FAILURES) {
                    d.deletePending(p.tokenHash());
                    return new CodeCheck.Ended();
                }
                StaffDao.FailureRow row = h.attach(StaffDao.class).findFailures(bucket).orElseThrow();
                return row.blockedUntil().isAfter(now) ? new CodeCheck.Blocked(Duration.between(now, row.blockedUntil()))
                        : new CodeCheck.Wrong();
            });
        }
        return db.write(h -> {
            h.attach(StaffDao.class).clearFailures(bucket);
            h.attach(TwoFactorDao.class).deletePending(p.tokenHash());
            if (recovery) {
                int left = h.attach(TwoFactorDao.class).recoveryCodesLeft(userId);
                audit.record(h, actor, "staff.recoveryCodeUsed", null, null, left + (left == 1 ? " code left" : " codes left"));
            }
            return new CodeCheck.Passed(userId, p.nextPath(), recovery);
        });
    }

    /** Counts a wrong code while setting up on the sign-in path; true when that was the last one allowed (it ended). */
    public boolean countSetupFailure(String token) {
        String hash = StaffService.sha256(token == null ? "" : token);
        return db.write(h -> {
            TwoFactorDao d = h.attach(TwoFactorDao.class);
            d.failPending(hash);
            Optional<TwoFactorDao.PendingRow> p = d.findPending(hash);
            if (p.isPresent() && p.get().failures() >= MAX_PENDING_FAILURES) {
                d.deletePending(hash);
                return true;
            }
            return p.isEmpty();
        });
    }

    /** The names of the person's clinics that require two-step sign-in. */
    public List<String> requiringClinicNames(String userId) {
        return db.jdbi().withExtension(TwoFactorDao.class, d -> d.requiringClinicNamesOf(userId));
    }

    public String emailOf(String userId) {
        return db.jdbi().withExtension(StaffDao.class, d -> d.findById(userId)).map(StaffDao.UserRow::email).orElse("");
    }

    /** Whether a clinic requires two-step sign-in of its members. */
    public boolean required(String clinicSlug) {
        return db.jdbi().withExtension(TwoFactorDao.class, d -> d.required(clinicSlug));
    }

    /** How many of a clinic's active members have it on. */
    public List<String> membersWithTwoFactor(String clinicSlug) {
        return db.jdbi().withExtension(TwoFactorDao.class, d -> d.membersWithTwoFactor(clinicSlug));
    }

    /** Requires it (or not) for a clinic's members, audited; a no-op when it is already so. */
    public boolean setRequired(Actor actor, String clinicSlug, boolean required) {
        return db.write(h -> {
            TwoFactorDao d = h.attach(TwoFactorDao.class);
            if (d.required(clinicSlug) == required) {
                return false;
            }
            d.setRequired(clinicSlug, required, clock.instant(), actor.email());
            audit.record(h, actor, required ? "team.twoFactorRequired" : "team.twoFactorOptional", clinicSlug, null, null);
            return true;
        });
    }

    /** Deletes pending sign-ins that ran out; run by the housekeeping job. */
    public void purge() {
        db.write(h -> h.attach(TwoFactorDao.class).deleteExpiredPending(clock.instant()));
    }

    // The codes

    /** The step of {@code code} among the current step and its neighbours, if it is later than {@code after}. */
    Optional<Long> matchingStep(byte[] key, String typed, long after) {
        String code = normalise(typed);
        if (!code.matches("[0-9]{6}")) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond() / STEP.getSeconds();
        for (long step = now - 1; step <= now + 1; step++) {
            if (step > after && java.security.MessageDigest.isEqual(code(key, step).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    /** The 6-digit code of a secret at a 30-second step. */
    public static String code(byte[] key, long step) {
        try {
            int value = TOTP.generateOneTimePassword(new SecretKeySpec(key, TOTP.getAlgorithm()),
                    Instant.ofEpochSecond(step * STEP.getSeconds()));
            return String.format(Locale.ROOT, "%06d", value);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code a base32 secret shows at an instant (what an authenticator app computes). */
    public static String codeAt(String base32Secret, Instant at) {
        return code(unbase32(base32Secret), at.getEpochSecond() / STEP.getSeconds());
    }

    private Setup setup(String secret, String email) {
        String label = URLEncoder.encode(ISSUER + ":" + email, StandardCharsets.UTF_8).replace("+", "%20");
        String uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=6&period=" + STEP.getSeconds();
        return new Setup(secret, uri, qr(uri));
    }

    static Qr qr(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 4;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
                }
            }
        }
        return new Qr(qr.size + 2 * border, path.toString());
    }

    static List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder c = new StringBuilder();
            for (int j = 0; j < 12; j++) {
                c.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            }
            codes.add(c.substring(0, 4) + "-" + c.substring(4, 8) + "-" + c.substring(8));
        }
        return codes;
    }

    static String recoveryHash(String userId, String code) {
        return StaffService.sha256(userId + ":" + normalise(code));
    }

    /** Spaces, dashes and case do not matter in what is typed. */
    static String normalise(String typed) {
        return typed == null ? "" : typed.toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "");
    }

    /** The sealed secret's context: bound to the person, so it opens for no one else's row. */
    static String context(String userId) {
        return "staff_two_factor.secret:" + userId;
    }

    /** RFC 4648 base32, without padding (as authenticator apps take secrets). */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] unbase32(String text) {
        String s = text.toUpperCase(Locale.ROOT).replaceAll("[\\s=]", "");
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int i = 0;
        for (char c : s.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[i++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}

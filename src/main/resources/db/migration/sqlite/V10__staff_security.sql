-- Staff security (issue 13): repeats in the audit log counted on one row, sign-in limits per address and
-- per account, two-step sign-in (TOTP, RFC 6238) with recovery codes, and a clinic's requirement of it.

-- The audit log keeps every security event, but a burst of the same event (same action, account, address,
-- detail, minute) is one row with a count, not a row (and an fsync) each. repeat_key names that burst; it is
-- null for rows that are never counted together (changes to a lead, to settings, ...). last_at: the latest one.
ALTER TABLE audit_log ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at INTEGER;
ALTER TABLE audit_log ADD COLUMN repeat_key TEXT;
CREATE UNIQUE INDEX audit_log_by_repeat_key ON audit_log (repeat_key) WHERE repeat_key IS NOT NULL;

-- Still append-only: the one change the database lets through is a repeat counted on its row (the count
-- grows, last_at moves on); everything else about a row stays as written. Deletes stay refused (V4).
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.actor_email IS NOT OLD.actor_email OR NEW.action IS NOT OLD.action OR NEW.clinic_slug IS NOT OLD.clinic_slug
  OR NEW.lead_id IS NOT OLD.lead_id OR NEW.detail IS NOT OLD.detail OR NEW.client_ip IS NOT OLD.client_ip
  OR NEW.repeat_key IS NOT OLD.repeat_key OR OLD.repeat_key IS NULL OR NEW.repeat_count <= OLD.repeat_count
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Failed sign-ins are now also counted per address (across accounts: 'ip <address>') and per account
-- (across addresses: 'account <email>') in sign_in_failure, next to the count per account and address.
-- Those two start again after an hour without a failure. Nothing to change in the table.

-- Two-step sign-in. The secret is sealed with the data key (Sealer, bound to the user id): never plain.
-- confirmed_at null: being set up, not on yet (a code must confirm it first). last_step: the 30-second step of
-- the last code accepted; a code of that step or an earlier one is refused (no replay within its window).
CREATE TABLE staff_two_factor (
    user_id       TEXT PRIMARY KEY REFERENCES staff_user (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER,
    last_step     INTEGER NOT NULL DEFAULT 0
);

-- Ten single-use recovery codes per person with two-step sign-in on; only a SHA-256 of each (salted with the
-- user id) is stored. used_at: spent.
CREATE TABLE staff_recovery_code (
    user_id   TEXT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Between the right password and the second step: a short-lived state (5 minutes) in the database, so any
-- instance can finish it. The browser holds a random token (cookie on /staff/sign-in), the table its SHA-256.
-- purpose: 'code' (type a code or a recovery code) or 'setup' (a clinic requires two-step sign-in and the
-- person has none yet: set it up before anything else). failures: wrong codes typed in this state.
CREATE TABLE staff_pending_sign_in (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('code', 'setup')),
    next_path  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    client_ip  TEXT NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_pending_sign_in_by_user ON staff_pending_sign_in (user_id);

-- A clinic whose owners (or an admin) require two-step sign-in of every member. Absent: not required.
CREATE TABLE clinic_two_factor (
    clinic_slug TEXT PRIMARY KEY REFERENCES clinic (slug) ON DELETE CASCADE,
    required    INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL,
    changed_by  TEXT
);

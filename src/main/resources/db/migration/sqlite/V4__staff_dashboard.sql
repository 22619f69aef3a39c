-- The staff dashboard: accounts, sessions, sign-in throttling, the pipeline, notes, acknowledgement and
-- escalation of urgent requests, and the append-only audit log.

-- Per-clinic settings: idle logoff of staff sessions, and how long an urgent request may wait for an
-- acknowledgement before the escalation recipients are told.
ALTER TABLE clinic ADD COLUMN idle_logoff_minutes INTEGER NOT NULL DEFAULT 15;
ALTER TABLE clinic ADD COLUMN acknowledge_minutes INTEGER NOT NULL DEFAULT 15;

-- One account per person (HIPAA unique user identification). Emails are stored lower-cased.
CREATE TABLE staff_user (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    password_hash TEXT NOT NULL,        -- bcrypt, cost 12
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- The clinics a staff member works for; admins see every clinic and have no rows here.
CREATE TABLE staff_clinic (
    user_id     TEXT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    clinic_slug TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    PRIMARY KEY (user_id, clinic_slug)
);

-- Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- database does not sign anyone in.
CREATE TABLE staff_session (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    idle_seconds INTEGER NOT NULL,     -- automatic logoff after this long without a request
    expires_at   INTEGER NOT NULL,     -- absolute limit, whatever the activity
    client_ip    TEXT NOT NULL
);
CREATE INDEX staff_session_by_user ON staff_session (user_id);

-- Failed sign-ins per account and address; from the fifth, each attempt must wait a growing delay.
CREATE TABLE sign_in_failure (
    bucket         TEXT PRIMARY KEY,   -- lower-cased email + ' ' + client address
    failures       INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL,
    blocked_until  INTEGER NOT NULL
);

-- The pipeline and urgent handling on the lead itself.
ALTER TABLE lead ADD COLUMN status_changed_at INTEGER;
-- How far along New (0) → Contacted (1) → Consultation scheduled (2) → Became patient (3) the lead ever got,
-- whatever its status now: the overview's funnel counts from it.
ALTER TABLE lead ADD COLUMN furthest_stage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lead ADD COLUMN assigned_to TEXT REFERENCES staff_user (id) ON DELETE SET NULL;
ALTER TABLE lead ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE lead ADD COLUMN acknowledged_by TEXT REFERENCES staff_user (id) ON DELETE SET NULL;
ALTER TABLE lead ADD COLUMN escalate_at INTEGER;   -- urgent leads: when to escalate if nobody acknowledged
ALTER TABLE lead ADD COLUMN escalated_at INTEGER;  -- set once, in the transaction that queues the escalation
-- Answers, scores and triage reasons, encrypted (see Sealer). Filled and the plain columns dropped by V5.
ALTER TABLE lead ADD COLUMN sealed TEXT;
CREATE INDEX lead_by_status ON lead (clinic_slug, status, created_at);
CREATE INDEX lead_escalation_due ON lead (escalate_at) WHERE escalate_at IS NOT NULL AND escalated_at IS NULL;

-- Staff notes on a lead; the text is encrypted.
CREATE TABLE lead_note (
    id         TEXT PRIMARY KEY,
    lead_id    TEXT NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    author_id  TEXT REFERENCES staff_user (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX lead_note_by_lead ON lead_note (lead_id, created_at);

-- The audit log (45 CFR 164.312(b)): who did what to which lead, when, from where. Append-only: the
-- triggers below refuse every UPDATE and DELETE, and no code path issues one. No foreign keys, so the
-- rows outlive the leads and accounts they name (kept six years).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor_id    TEXT,                 -- null: the server itself (e.g. an escalation)
    actor_email TEXT,                 -- as it was at the time
    action      TEXT NOT NULL,
    clinic_slug TEXT,
    lead_id     TEXT,
    detail      TEXT,                 -- what changed (e.g. "new → contacted"); never an answer or a note
    client_ip   TEXT
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_lead ON audit_log (lead_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

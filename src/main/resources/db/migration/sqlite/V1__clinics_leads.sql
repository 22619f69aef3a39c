-- Clinics and their settings. A clinic is addressed by its slug (the embed's data-clinic).
CREATE TABLE clinic (
    slug               TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    phone              TEXT NOT NULL,
    hours              TEXT NOT NULL,
    brand_color        TEXT NOT NULL,
    offer              TEXT,
    locale             TEXT NOT NULL,
    privacy_notice_url TEXT,
    questions          TEXT NOT NULL,  -- JSON object: which optional questions the form asks
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE clinic_location (
    clinic_slug TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT,
    time_zone   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (clinic_slug, id)
);

-- Sites allowed to frame the widget and call the API from a browser (CSP frame-ancestors, CORS).
CREATE TABLE clinic_origin (
    clinic_slug TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    origin      TEXT NOT NULL,
    PRIMARY KEY (clinic_slug, origin)
);

CREATE TABLE clinic_recipient (
    clinic_slug TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('notify', 'urgent', 'escalation')),
    email       TEXT NOT NULL,
    PRIMARY KEY (clinic_slug, kind, email)
);

-- A consultation request. Ids are random (never sequential) and are the only handle ever shown.
CREATE TABLE lead (
    id                TEXT PRIMARY KEY,
    clinic_slug       TEXT NOT NULL REFERENCES clinic (slug),
    created_at        INTEGER NOT NULL,
    source            TEXT NOT NULL CHECK (source IN ('widget', 'api')),
    idempotency_key   TEXT,
    status            TEXT NOT NULL DEFAULT 'new',
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone             TEXT,
    preferred_contact TEXT NOT NULL,
    best_time         TEXT,
    time_zone         TEXT,
    state             TEXT,
    adult             INTEGER NOT NULL,
    location_id       TEXT,
    interest          TEXT,
    conditions        TEXT NOT NULL,  -- JSON array of condition keys
    tms_checklist     TEXT NOT NULL,  -- JSON object of checklist key -> boolean
    referral_source   TEXT,
    message           TEXT
);
CREATE INDEX lead_by_clinic_created ON lead (clinic_slug, created_at);
-- A retried or double-clicked submission finds the lead it already made instead of making a second one.
CREATE UNIQUE INDEX lead_by_idempotency_key ON lead (clinic_slug, idempotency_key);

-- Consent evidence, written in the same transaction as the lead: which text, when, from where.
CREATE TABLE lead_consent (
    lead_id      TEXT NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('privacy', 'sms')),
    text_version TEXT NOT NULL,
    text         TEXT NOT NULL,
    given_at     INTEGER NOT NULL,
    client_ip    TEXT NOT NULL,
    phone        TEXT,
    PRIMARY KEY (lead_id, kind)
);

-- Fixed one-hour windows of submissions per client address; old windows are deleted.
CREATE TABLE rate_limit (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE server_secret (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The site owner's side: roles per clinic, the team's invitations, the history of a clinic's settings,
-- whether the form is installed (loads per embedding site and day), test requests and campaign sources.

-- A person's role in each clinic of theirs: owner (settings, team, embed and the clinic's requests), staff
-- (the requests), marketing (the embed page, install status and request counts by source; no patient's
-- data). staff_user.role stays 'admin' (the operator: every clinic) or 'staff' (a member of the clinics
-- listed here, with the role given here). disabled_at: taken off this clinic's team (history stays).
ALTER TABLE staff_clinic ADD COLUMN role TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('owner', 'staff', 'marketing'));
ALTER TABLE staff_clinic ADD COLUMN disabled_at INTEGER;

-- An invitation to join a clinic's team. The link's token is random; only its SHA-256 is stored here. It
-- works once (accepted_at) and until expires_at (72 hours), unless revoked (a new invitation to the same
-- address revokes the older one).
CREATE TABLE staff_invite (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    clinic_slug TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'staff', 'marketing')),
    invited_by  TEXT REFERENCES staff_user (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX staff_invite_by_clinic ON staff_invite (clinic_slug, created_at);

-- The invitation email needs the link's token when it is sent, after the transaction that queued it: the
-- outbox keeps it sealed with the data key (never readable from the database alone) and erases it once
-- the email is sent or has failed for good.
ALTER TABLE outbox ADD COLUMN invite_id TEXT REFERENCES staff_invite (id) ON DELETE CASCADE;
ALTER TABLE outbox ADD COLUMN sealed_secret TEXT;

-- Every saved state of a clinic's settings, newest highest: who saved it, from where (the settings
-- pages, clinic import, a restore of an earlier version, the clinic's creation), what changed (JSON list
-- of {field, old, new}) and the whole clinic in the clinic file's JSON form. Settings are not health
-- information; no visitor's data is ever in here. clinic.version is the current one: a save made from
-- a page showing an older version is refused.
ALTER TABLE clinic ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE clinic_version (
    clinic_slug   TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    saved_at      INTEGER NOT NULL,
    actor_id      TEXT,
    actor_email   TEXT,
    source        TEXT NOT NULL CHECK (source IN ('settings', 'import', 'restore', 'create', 'baseline')),
    section       TEXT,
    restored_from INTEGER,
    changes       TEXT NOT NULL,
    settings      TEXT NOT NULL,
    PRIMARY KEY (clinic_slug, version)
);

-- The clinic's own wording of the privacy consent; null: the standard text of the message bundle. Each
-- lead keeps the text it agreed to (lead_consent.text) and its version.
ALTER TABLE clinic ADD COLUMN consent_text TEXT;

-- A request sent with "Send a test request" from the setup checklist: shown as a test in the inbox, kept
-- out of charts, exports and escalation.
ALTER TABLE lead ADD COLUMN test INTEGER NOT NULL DEFAULT 0;
-- The embedding page's campaign (utm_source, utm_medium, utm_campaign), as the loader passed them.
ALTER TABLE lead ADD COLUMN utm_source TEXT;
ALTER TABLE lead ADD COLUMN utm_medium TEXT;
ALTER TABLE lead ADD COLUMN utm_campaign TEXT;

-- "Is it installed?": how often the form was loaded from each embedding site per day (the clinic's calendar day,
-- in the time zone of its first location), and when last; allowed = 0 counts loads refused because the site is
-- not in the clinic's allowed list. Only the site's origin (scheme, host, port): never a page path, never
-- anything of the visitor. addresses: how many client addresses (as the rate limits see them) asked for the form
-- from that site that day, each counted once per site and day; the server remembers which it counted only while
-- it runs, so an address may be counted again after a restart. Rows older than 30 days are purged by day.
CREATE TABLE embed_load (
    clinic_slug TEXT NOT NULL REFERENCES clinic (slug) ON DELETE CASCADE,
    origin      TEXT NOT NULL,
    day         TEXT NOT NULL,
    allowed     INTEGER NOT NULL,
    loads       INTEGER NOT NULL,
    last_at     INTEGER NOT NULL,
    addresses   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (clinic_slug, origin, day, allowed)
);
CREATE INDEX embed_load_by_day ON embed_load (day);

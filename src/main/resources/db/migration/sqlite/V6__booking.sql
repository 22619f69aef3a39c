-- Booking the free consultation: the clinic's booking settings, the bookings, the seats they hold,
-- the visitor's call-back window, and emails that are scheduled (reminders) or about a booking.

-- The clinic's booking settings as JSON (the clinic file's "booking" object); null: no online booking.
ALTER TABLE clinic ADD COLUMN booking TEXT;

-- A consultation booked for a lead. At most one booked consultation per lead; a cancelled one stays,
-- for the timeline. sequence is the calendar invitation's SEQUENCE: it grows at every reschedule and at
-- the cancellation, and the visitor's manage link is bound to it.
CREATE TABLE booking (
    id           TEXT PRIMARY KEY,
    clinic_slug  TEXT NOT NULL REFERENCES clinic (slug),
    lead_id      TEXT NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    type_id      TEXT NOT NULL,
    location_id  TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    buffer_minutes INTEGER NOT NULL,
    time_zone    TEXT NOT NULL,        -- the location's zone when booked
    status       TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    sequence     INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL CHECK (source IN ('widget', 'api', 'staff')),
    prior_status TEXT,                 -- the lead's status before the booking moved it to "scheduled"
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    cancelled_by TEXT CHECK (cancelled_by IN ('visitor', 'staff'))
);
CREATE UNIQUE INDEX booking_one_per_lead ON booking (lead_id) WHERE status = 'booked';
CREATE INDEX booking_by_time ON booking (clinic_slug, starts_at);

-- The seats a booking holds: one row per 5-minute cell from its start to its end plus the type's
-- buffer. (location, cell, seat) is unique and seats run from 1 to the location's capacity, so of any
-- number of concurrent bookings for a time, at most the capacity can hold every cell: the database
-- decides, not a check before the insert. Cancelling or moving a booking deletes its cells.
CREATE TABLE booking_seat (
    clinic_slug TEXT NOT NULL,
    location_id TEXT NOT NULL,
    cell_start  INTEGER NOT NULL,
    seat        INTEGER NOT NULL CHECK (seat >= 1),
    booking_id  TEXT NOT NULL REFERENCES booking (id) ON DELETE CASCADE,
    PRIMARY KEY (clinic_slug, location_id, cell_start, seat)
);
CREATE INDEX booking_seat_by_booking ON booking_seat (booking_id);

-- The window a visitor asked to be called back in, when no slot suited or booking is off:
-- JSON {"days": ["mon", ...], "time": "morning"}.
ALTER TABLE lead ADD COLUMN callback_window TEXT;

-- The outbox again, with emails about a booking (booking_id, and the booking's sequence they describe:
-- one written for an older sequence is superseded, not sent) and emails scheduled for later
-- (scheduled_for: the reminder a day before). SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE outbox_v6 (
    id               TEXT PRIMARY KEY,
    clinic_slug      TEXT NOT NULL REFERENCES clinic (slug),
    lead_id          TEXT REFERENCES lead (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    priority         INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'superseded')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    give_up_at       INTEGER NOT NULL,
    lease_until      INTEGER,
    sent_at          INTEGER,
    failed_at        INTEGER,
    last_error       TEXT,
    booking_id       TEXT REFERENCES booking (id) ON DELETE CASCADE,
    booking_sequence INTEGER,
    scheduled_for    INTEGER
);
INSERT INTO outbox_v6 (id, clinic_slug, lead_id, kind, recipient, priority, status, attempts, created_at,
                       next_attempt_at, give_up_at, lease_until, sent_at, failed_at, last_error)
SELECT id, clinic_slug, lead_id, kind, recipient, priority, status, attempts, created_at,
       next_attempt_at, give_up_at, lease_until, sent_at, failed_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v6 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, priority, next_attempt_at);
CREATE INDEX outbox_by_lead ON outbox (lead_id);
CREATE INDEX outbox_by_booking ON outbox (booking_id);

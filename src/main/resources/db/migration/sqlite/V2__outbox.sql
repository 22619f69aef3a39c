-- The email outbox. A row is written in the same transaction as the lead it belongs to, so an
-- acknowledged request always has its emails queued. The worker claims due rows, sends them, and
-- marks them sent; failures are retried with backoff until give_up_at, or failed at once when the
-- server rejects them for good. The body is rendered when the message is sent: a row holds no
-- answer, only the recipient's address, the kind of email and the lead it is about.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,   -- also the Message-ID, so a resend after a crash is recognisable
    clinic_slug     TEXT NOT NULL REFERENCES clinic (slug),
    lead_id         TEXT REFERENCES lead (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    priority        INTEGER NOT NULL,  -- lower goes first: urgent alerts before everything else
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    give_up_at      INTEGER NOT NULL,
    lease_until     INTEGER,           -- while 'sending': after this the sender is presumed dead
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT               -- SMTP code and reply, or the exception's class; never content
);
CREATE INDEX outbox_due ON outbox (status, priority, next_attempt_at);
CREATE INDEX outbox_by_lead ON outbox (lead_id);

-- The visitor's side after the security review of issue 13.

-- Finding 6: an idempotency key is bound to the request it was first sent with. The SHA-256 of that request's
-- fields (sorted, as JSON) is kept beside the key; the same key with other fields is refused. Null for rows
-- stored before this version: such a key is not replayed at all (refused like another body).
ALTER TABLE lead ADD COLUMN idempotency_hash TEXT;

-- Finding 5: the booking capability that made a booking (SHA-256 of the token given with the request). A token
-- books once: the unique index makes a second booking with it fail even under concurrency, and a retry of the
-- same booking finds this row (200, the same booking). Null for bookings made by staff or before this version.
ALTER TABLE booking ADD COLUMN capability_hash TEXT;
CREATE UNIQUE INDEX booking_by_capability ON booking (capability_hash) WHERE capability_hash IS NOT NULL;

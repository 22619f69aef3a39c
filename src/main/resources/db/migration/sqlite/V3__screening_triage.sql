-- Screening answers and the triage computed from them on the server (staff only, never shown to
-- the visitor as a verdict). urgent: PHQ-9 item 9 above 0, "thoughts of suicide", or "I need help now".
ALTER TABLE lead ADD COLUMN screening TEXT;                  -- JSON: answers as given, partial kept partial
ALTER TABLE lead ADD COLUMN depression_total INTEGER;        -- only when every item was answered
ALTER TABLE lead ADD COLUMN anxiety_total INTEGER;
ALTER TABLE lead ADD COLUMN help_now INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lead ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lead ADD COLUMN priority INTEGER NOT NULL DEFAULT 3;      -- 0 urgent, 1 review, 2 likely fit, 3 routine
ALTER TABLE lead ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';         -- JSON array of flag codes
ALTER TABLE lead ADD COLUMN triage_reasons TEXT NOT NULL DEFAULT '[]';
CREATE INDEX lead_by_clinic_priority ON lead (clinic_slug, priority, created_at);

-- "Is it installed?": how many client addresses (as the rate limits see them) asked for the form from each site that
-- day, each counted once per site and day; the server remembers which it counted only while it runs, so an address
-- may be counted again after a restart. Shown next to the sites that are not allowed, which anyone can make up.
ALTER TABLE embed_load ADD COLUMN addresses INTEGER NOT NULL DEFAULT 0;
-- Rows older than 30 days are purged by day.
CREATE INDEX embed_load_by_day ON embed_load (day);
-- From this version on, embed_load.day is the clinic's calendar day in the time zone of its first location (it was
-- the UTC day): the embed page shows days and times in the clinic's zone, as the other staff pages do.

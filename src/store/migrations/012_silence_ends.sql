-- A silence's end is shown once: when it ends (or is ended early), the messages listing its alerts drop
-- their "Silenced until" line. Silences that ended before this migration are taken as shown.
ALTER TABLE silences ADD COLUMN end_shown boolean NOT NULL DEFAULT false;
UPDATE silences SET end_shown = true WHERE ends_at <= now();
CREATE INDEX silences_end_unshown ON silences (org, ends_at) WHERE NOT end_shown;

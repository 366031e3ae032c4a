-- A subscription whose channel Slack no longer has (deleted, archived, or the bot removed from it) is
-- paused, not deleted: nothing is sent to it and `/insights subscriptions` lists it as paused until it
-- is subscribed again (which checks the channel) or removed.
ALTER TABLE subscriptions ADD COLUMN paused_reason text;
ALTER TABLE subscriptions ADD COLUMN paused_at timestamptz;
-- A post given up for a subscription that was since removed: no longer shown by `/insights status`.
ALTER TABLE delivery_queue ADD COLUMN dismissed_at timestamptz;

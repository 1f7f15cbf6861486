-- The inbox key names the sender (issue 7): a message id is only a duplicate of the same sender's message, so
-- a participant that learns another's pending message id can no longer pre-empt it by sending that id first.
-- Rows written before this migration carry sender '' and still count as seen for every sender (inbox.ts)
-- until inbox cleanup removes them (retention): a redelivery across the upgrade stays a duplicate.
ALTER TABLE inbox ADD COLUMN sender text NOT NULL DEFAULT '';
ALTER TABLE inbox ALTER COLUMN sender DROP DEFAULT;
ALTER TABLE inbox DROP CONSTRAINT inbox_pkey;
ALTER TABLE inbox ADD PRIMARY KEY (consumer, sender, message_id);

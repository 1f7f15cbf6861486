-- Message ids are ULIDs (contracts/src/ids.ts): 26 alphanumerics, the same value as UPI's head.msgId.
-- uuid columns cannot hold them; ids already stored keep their old spelling, as text.
ALTER TABLE outbox ALTER COLUMN message_id TYPE text, ALTER COLUMN causation_id TYPE text;
ALTER TABLE outbox_parked ALTER COLUMN message_id TYPE text, ALTER COLUMN causation_id TYPE text;
ALTER TABLE inbox ALTER COLUMN message_id TYPE text;

-- A deadline is one leg's timer: keyed by its timeout message's id, named by the leg it guards.
ALTER TABLE deadlines DROP CONSTRAINT deadlines_pkey;
ALTER TABLE deadlines DROP COLUMN id;
ALTER TABLE deadlines ALTER COLUMN message_id TYPE text;
ALTER TABLE deadlines DROP CONSTRAINT deadlines_message_id_key;
ALTER TABLE deadlines ADD PRIMARY KEY (message_id);
ALTER TABLE deadlines RENAME COLUMN kind TO leg;

-- Message ids are ULIDs (contracts/src/ids.ts); uuid cannot hold them.
ALTER TABLE payment_notices ALTER COLUMN message_id TYPE text;

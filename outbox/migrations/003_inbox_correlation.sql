-- A payment's trace (tools' `make trace`) reads every service's inbox by txn id: the inbox row records the
-- message's correlation id (the UPI txn id) and its sender. Rows written before this migration have neither.
ALTER TABLE inbox ADD COLUMN correlation_id text, ADD COLUMN sender text;
CREATE INDEX inbox_correlation_idx ON inbox (correlation_id) WHERE correlation_id IS NOT NULL;

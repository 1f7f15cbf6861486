-- A payment's trace (tools' `make trace`) reads every service's inbox by txn id: the inbox row records the
-- message's correlation id (the UPI txn id); its sender is in the key since 003. Older rows have none.
ALTER TABLE inbox ADD COLUMN correlation_id text;
CREATE INDEX inbox_correlation_idx ON inbox (correlation_id) WHERE correlation_id IS NOT NULL;

-- Status checks (docs/upi.md §6.3): how many ReqChkTxn this PSP sent for a payment and when the last went,
-- so the background checker and the user's POST /v1/payments/:txnId/check keep NPCI's schedule (the n-th
-- check no earlier than n × the minimum delay after the payment started, at most 3).
ALTER TABLE payments ADD COLUMN status_checks integer NOT NULL DEFAULT 0 CHECK (status_checks >= 0);
ALTER TABLE payments ADD COLUMN last_checked_at timestamptz;
CREATE INDEX payments_checkable_idx ON payments (created_at) WHERE status IN ('PENDING', 'DEEMED');

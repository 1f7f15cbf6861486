-- Uncertain outcomes are resolved (docs/upi.md §6.5): REVERSED is the status of a DEEMED, REVERSAL_UNKNOWN
-- or STUCK payment whose debit went back to the payer; resolve_by is the end of an uncertain payment's
-- window (the T+1 stand-in), set when it is first answered uncertain — `make check` fails past it.
ALTER TABLE payments DROP CONSTRAINT payments_state_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('AUTH_PENDING', 'DEBIT_PENDING',
  'CREDIT_PENDING', 'DEBIT_REVERSAL_PENDING', 'CREDIT_REVERSAL_PENDING',
  'SUCCESS', 'FAILED', 'REVERSED', 'DEEMED', 'REVERSAL_UNKNOWN', 'STUCK'));
ALTER TABLE payments ADD COLUMN resolve_by timestamptz;
CREATE INDEX payments_uncertain_idx ON payments (resolve_by) WHERE status IN ('DEEMED', 'REVERSAL_UNKNOWN', 'STUCK');

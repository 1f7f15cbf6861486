-- The switch's payments: current state (payments), the append-only log it is derived from (payment_events),
-- the PIN block kept only until the debit is sent (payment_creds) and the RRN sequence.

CREATE SEQUENCE rrn_seq MINVALUE 0 START 0 MAXVALUE 99999999 CYCLE;

CREATE TABLE payments (
  txn_id                text        PRIMARY KEY,
  state                 text        NOT NULL CHECK (state IN ('AUTH_PENDING', 'DEBIT_PENDING', 'CREDIT_PENDING',
                                      'DEBIT_REVERSAL_PENDING', 'CREDIT_REVERSAL_PENDING',
                                      'SUCCESS', 'FAILED', 'DEEMED', 'REVERSAL_UNKNOWN', 'STUCK')),
  version               integer     NOT NULL CHECK (version > 0),   -- number of events in payment_events
  payer_psp             text        NOT NULL,
  payee_psp             text,
  remitter_bank         text,
  beneficiary_bank      text,
  amount_minor          bigint      NOT NULL CHECK (amount_minor > 0),
  rrn                   text,
  final_status          text        CHECK (final_status IN ('SUCCESS', 'FAILURE', 'DEEMED')),
  err_code              text,
  debited_minor         bigint      NOT NULL DEFAULT 0 CHECK (debited_minor >= 0),
  debit_reversed_minor  bigint      NOT NULL DEFAULT 0 CHECK (debit_reversed_minor >= 0),
  credited_minor        bigint      NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
  credit_reversed_minor bigint      NOT NULL DEFAULT 0 CHECK (credit_reversed_minor >= 0),
  data                  jsonb       NOT NULL,                       -- the full evolved state (snapshot)
  received_at           timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  completed_at          timestamptz,
  CHECK ((final_status IS NULL) = (completed_at IS NULL))
);
CREATE INDEX payments_in_flight_idx ON payments (updated_at)
  WHERE state IN ('AUTH_PENDING', 'DEBIT_PENDING', 'CREDIT_PENDING', 'DEBIT_REVERSAL_PENDING', 'CREDIT_REVERSAL_PENDING');

CREATE TABLE payment_events (
  txn_id      text        NOT NULL REFERENCES payments (txn_id),
  version     integer     NOT NULL CHECK (version > 0),
  type        text        NOT NULL,
  occurred_at timestamptz NOT NULL,
  data        jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (txn_id, version)
);

-- Append-only: history is never rewritten.
CREATE FUNCTION payment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER payment_events_no_update_delete BEFORE UPDATE OR DELETE ON payment_events
  FOR EACH ROW EXECUTE FUNCTION payment_events_append_only();
CREATE TRIGGER payment_events_no_truncate BEFORE TRUNCATE ON payment_events
  FOR EACH STATEMENT EXECUTE FUNCTION payment_events_append_only();

-- The sealed PIN block (opaque to the switch) between ReqPay and the debit; deleted once the debit is sent
-- or the payment ends without one, so it never sits in the event log.
CREATE TABLE payment_creds (
  txn_id text  PRIMARY KEY REFERENCES payments (txn_id),
  creds  jsonb NOT NULL
);

-- Requests the switch forwards (ReqValAdd, ReqListAccount, ReqSetCre): who asked, so the answer goes back.
CREATE TABLE forwarded_requests (
  txn_id           text        NOT NULL,
  kind             text        NOT NULL CHECK (kind IN ('VALADD', 'LIST_ACCOUNT', 'SET_CRE')),
  requester        text        NOT NULL,
  requester_msg_id text        NOT NULL,   -- head.msgId of the request: the answer's resp.reqMsgId
  forwarded_to     text        NOT NULL,
  forwarded_msg_id text        NOT NULL,   -- head.msgId of the forwarded copy: what the answer must cite
  created_at       timestamptz NOT NULL,
  answered_at      timestamptz,
  PRIMARY KEY (txn_id, kind)
);

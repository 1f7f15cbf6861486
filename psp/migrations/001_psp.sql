-- The PSP's own tables (the outbox/inbox tables come from outbox/migrations, applied first).
-- No PIN and no creds block is ever stored here: the sealed creds only pass through the outbox envelope.

CREATE TABLE users (
  user_id      uuid        PRIMARY KEY,
  name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 99),
  mobile       text        NOT NULL UNIQUE CHECK (mobile ~ '^[6-9][0-9]{9}$'),
  device_id    text        NOT NULL CHECK (char_length(device_id) BETWEEN 1 AND 64),
  token_sha256 bytea       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32), -- only the hash of the bearer token
  created_at   timestamptz NOT NULL DEFAULT now(),
  bound_at     timestamptz NOT NULL DEFAULT now()
);

-- Accounts a user's mobile holds, as the bank reported them (ReqListAccount).
CREATE TABLE linked_accounts (
  user_id       uuid        NOT NULL REFERENCES users (user_id),
  ifsc          text        NOT NULL,
  ac_num        text        NOT NULL,
  name          text        NOT NULL,
  ac_type       text        NOT NULL CHECK (ac_type IN ('SAVINGS', 'CURRENT')),
  pin_set       boolean     NOT NULL,
  discovered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, ifsc, ac_num)
);

CREATE TABLE vpas (
  vpa_key    text        PRIMARY KEY CHECK (vpa_key = lower(vpa_key)), -- case-insensitive identity
  vpa        text        NOT NULL CHECK (char_length(vpa) <= 255 AND lower(vpa) = vpa_key),
  user_id    uuid        NOT NULL,
  ifsc       text        NOT NULL,
  ac_num     text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (user_id, ifsc, ac_num) REFERENCES linked_accounts (user_id, ifsc, ac_num)
);
CREATE INDEX vpas_user_idx ON vpas (user_id, created_at);

-- Non-financial requests we sent and whose answers change state (account discovery, PIN set/change).
CREATE TABLE upstream_requests (
  txn_id       text        PRIMARY KEY,
  kind         text        NOT NULL CHECK (kind IN ('LIST_ACCOUNT', 'SET_CRE')),
  user_id      uuid        NOT NULL REFERENCES users (user_id),
  req_msg_id   text        NOT NULL,
  ifsc         text        NOT NULL,
  ac_num       text,
  status       text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCESS', 'FAILURE')),
  err_code     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);

-- Payments seen from this PSP: PAYER rows we initiated, PAYEE rows we were told of (ReqTxnConfirmation).
-- A payment between two users of this PSP has both rows under one txn id.
CREATE TABLE payments (
  txn_id       text        NOT NULL,
  role         text        NOT NULL CHECK (role IN ('PAYER', 'PAYEE')),
  user_id      uuid        NOT NULL REFERENCES users (user_id),
  payer_vpa    text        NOT NULL,
  payee_vpa    text        NOT NULL,
  amount_minor bigint      NOT NULL CHECK (amount_minor > 0),
  note         text        NOT NULL DEFAULT '',
  status       text        NOT NULL CHECK (status IN ('PENDING', 'SUCCESS', 'FAILURE', 'DEEMED')),
  err_code     text,
  cust_ref     text,
  legs         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  req_msg_id   text,
  created_at   timestamptz(3) NOT NULL DEFAULT now(), -- ms precision: the list cursor round-trips through a JS Date
  updated_at   timestamptz NOT NULL DEFAULT now(),
  final_at     timestamptz,
  PRIMARY KEY (txn_id, role),
  CHECK (role = 'PAYEE' OR req_msg_id IS NOT NULL)
);
CREATE INDEX payments_user_idx ON payments (user_id, created_at DESC, txn_id DESC, role);
CREATE INDEX payments_pending_idx ON payments (created_at) WHERE status = 'PENDING' AND role = 'PAYER';

-- Answers that did not change a payment (duplicate notices, late or foreign responses): kept for audit.
CREATE TABLE payment_notices (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txn_id      text        NOT NULL,
  message_id  uuid        NOT NULL,
  reason      text        NOT NULL,
  req_msg_id  text        NOT NULL,
  result      text        NOT NULL,
  status      text        NOT NULL,
  err_code    text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_notices_txn_idx ON payment_notices (txn_id);

-- Idempotency-Key: the first accepted answer per (user, key), replayed for the same request.
CREATE TABLE idempotency_keys (
  user_id         uuid        NOT NULL REFERENCES users (user_id),
  idempotency_key text        NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 64),
  request_sha256  bytea       NOT NULL,
  status_code     integer     NOT NULL,
  response        jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

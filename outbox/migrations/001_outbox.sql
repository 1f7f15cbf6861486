-- Reliable messaging tables (docs/guarantees.md §2), applied with every service's migrations.

-- Outbox: rows are deleted once the broker confirmed them, so every row is pending.
CREATE TABLE outbox (
  seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id     uuid        NOT NULL UNIQUE,        -- assigned at insert; AMQP messageId; dedup key
  exchange       text        NOT NULL,
  routing_key    text        NOT NULL,
  message_type   text        NOT NULL,               -- AMQP `type`, also inside the envelope
  partition_key  text,                               -- e.g. txn id
  headers        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  body           bytea       NOT NULL,               -- sealed envelope; contains message_id + type
  correlation_id text,                               -- UPI txn id
  causation_id   uuid,                               -- inbox message that caused this one
  created_at     timestamptz NOT NULL DEFAULT now(),
  available_at   timestamptz NOT NULL DEFAULT now(), -- back-off after nack/return/timeout
  attempts       integer     NOT NULL DEFAULT 0,
  last_error     text
);
CREATE INDEX outbox_ready_idx ON outbox (available_at, seq);
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 500,
                        autovacuum_analyze_scale_factor = 0.0, autovacuum_analyze_threshold = 500);

-- Publish-side poison (returned or nacked N times, unknown exchange…): parked, never dropped.
CREATE TABLE outbox_parked (
  LIKE outbox INCLUDING DEFAULTS,
  parked_at timestamptz NOT NULL DEFAULT now(),
  reason    text        NOT NULL,
  PRIMARY KEY (seq)
);

-- Inbox: one row per (logical consumer, message). Inserted FIRST in the handler transaction.
CREATE TABLE inbox (
  consumer     text        NOT NULL,                 -- logical handler name, never the instance name
  message_id   uuid        NOT NULL,
  message_type text        NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_received_at_idx ON inbox (received_at);
ALTER TABLE inbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);

-- Deadlines: the only timers (outbox/README.md "Timers"). Each row holds the sealed timeout message, ready to
-- be moved into the outbox by the sweeper once due; the leg-response handler deletes it (cancel).
CREATE TABLE deadlines (
  id          uuid        PRIMARY KEY,
  message_id  uuid        NOT NULL UNIQUE,           -- the timeout message's id (AMQP messageId, inbox key)
  txn_id      text        NOT NULL,
  kind        text        NOT NULL,                  -- AUTH, DEBIT, CREDIT, DEBIT_REVERSAL, CREDIT_REVERSAL (renamed leg in 002)
  due_at      timestamptz NOT NULL,
  exchange    text        NOT NULL,                  -- where the sweeper sends it (the participant's own exchange)
  routing_key text        NOT NULL,
  headers     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  body        bytea       NOT NULL,                  -- sealed switch.TimeoutElapsed.v1 message
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (txn_id, kind)
);
CREATE INDEX deadlines_due_idx ON deadlines (due_at);
ALTER TABLE deadlines SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 500);

/**
 * The bare pipeline's tables (bench/baseline/README section in tools/README.md): each participant has an
 * inbox (one row per consumed message, the duplicate check), an outbox (one row per message it sends,
 * written in the same transaction and published right after commit from memory; rows stay — a real outbox
 * would delete them in batches off the hot path) and one table of its own state that each step updates.
 * Written for the baseline alone: it shares no code or schema with the project's outbox.
 */
export type BaselineRole = 'psp' | 'switch' | 'bank';

/** Accounts the bank spreads its debits and credits over (so rows are rarely contended, as in the project). */
export const BASELINE_ACCOUNTS = 1_000;

const MESSAGING = `
  CREATE TABLE inbox (
    consumer    text        NOT NULL,
    message_id  text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id));
  CREATE TABLE outbox (
    seq         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  text        NOT NULL UNIQUE,
    routing_key text        NOT NULL,
    body        bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now());`;

const STATE: Record<BaselineRole, string> = {
  psp: `
    CREATE TABLE payments (
      id           text        PRIMARY KEY,
      status       text        NOT NULL,
      amount_minor bigint      NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
      final_at     timestamptz);`,
  switch: `
    CREATE TABLE payments (
      id           text        PRIMARY KEY,
      step         integer     NOT NULL,
      amount_minor bigint      NOT NULL,
      updated_at   timestamptz NOT NULL DEFAULT now());`,
  bank: `
    CREATE TABLE accounts (id integer PRIMARY KEY, balance_minor bigint NOT NULL);
    INSERT INTO accounts SELECT g, 1000000000 FROM generate_series(0, ${BASELINE_ACCOUNTS - 1}) g;`,
};

/** The DDL of one participant's database. */
export const baselineSchema = (role: BaselineRole): string => `${MESSAGING}\n${STATE[role]}`;

/**
 * Timers as deadline rows (docs/guarantees.md §6; the cost argument is in outbox/README.md). arm() stores
 * what the switch.TimeoutElapsed.v1 message will say (its message id, txn id, leg, the leg request's message
 * id, armed and due times) in the business transaction — no seal: the sweeper (deadlineSweeper.ts) seals the
 * message only if the timer fires. cancel() deletes the row in the leg-response handler's transaction;
 * cancelAndArm() does a command's cancels and arms in one statement. Completion and timeout race on the row:
 * whichever transaction deletes/claims it first wins, and the timeout handler stays state-guarded anyway.
 */
import { sql } from 'slonik';
import {
  decode,
  headFor,
  isoTimestamp,
  newMessageId,
  type TimerKind,
  type TimeoutElapsed,
} from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { ArmInput, Deadlines, TimerArm } from './types.ts';

export const TIMEOUT_TYPE = 'switch.TimeoutElapsed.v1';

/** The message a deadline fires as (sealed by the sweeper, at `now`, for `participant` itself). */
export const timeoutMessage = (
  participant: string,
  timer: {
    messageId: string;
    txnId: string;
    leg: TimerKind;
    legMessageId: string;
    armedAt: Date;
    dueAt: Date;
  },
  now: Date,
): TimeoutElapsed => ({
  type: TIMEOUT_TYPE,
  head: headFor(participant, timer.messageId, now),
  txnId: timer.txnId,
  leg: timer.leg,
  legMessageId: timer.legMessageId,
  armedAt: isoTimestamp(timer.armedAt),
  dueAt: isoTimestamp(timer.dueAt),
});

type Row = { messageId: string; txnId: string; arm: TimerArm };

/** The sweeper's participant becomes the head's orgId; for the arm-time check any valid one does. */
const ANY_ORG_ID = 'switch';

/**
 * The rows to insert, each checked against the TimeoutElapsed schema now, so that a timer that could never
 * be sealed fails its business transaction (as sealing at arm time did) instead of the sweep.
 * @throws Error when a timer's message would be invalid (a bug in the caller)
 */
const rowsFor = (txnId: string, arms: readonly TimerArm[]): Row[] =>
  arms.map((arm) => {
    const messageId = newMessageId();
    const message = timeoutMessage(ANY_ORG_ID, { messageId, txnId, ...arm, armedAt: arm.now }, arm.now);
    const checked = decode(message);
    if (!checked.ok)
      throw new Error(
        `timer ${arm.leg} for ${txnId} cannot fire: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      );
    return { messageId, txnId, arm };
  });

/** unnest(…) of the rows to insert, as (message_id, txn_id, leg, leg_message_id, armed_at, due_at). */
const armedRows = (rows: readonly Row[]) =>
  sql.fragment`${sql.unnest(
    rows.map((r) => [
      r.messageId,
      r.txnId,
      r.arm.leg,
      r.arm.legMessageId,
      r.arm.now.toISOString(),
      r.arm.dueAt.toISOString(),
    ]),
    ['text', 'text', 'text', 'text', 'timestamptz', 'timestamptz'],
  )} AS a(message_id, txn_id, leg, leg_message_id, armed_at, due_at)`;

const INSERT_COLUMNS = sql.fragment`deadlines (message_id, txn_id, leg, leg_message_id, armed_at, due_at)`;

export const createDeadlines = (): Deadlines => {
  const cancelAndArm: Deadlines['cancelAndArm'] = async (tx, change) => {
    const cancel = [...new Set(change.cancel)];
    const rows = rowsFor(change.txnId, change.arm);
    if (cancel.length === 0 && rows.length === 0) return [];
    if (cancel.length === 0) {
      await tx.query(sql.unsafe`INSERT INTO ${INSERT_COLUMNS} SELECT * FROM ${armedRows(rows)}`);
      return [];
    }
    const doomed = sql.fragment`DELETE FROM deadlines WHERE txn_id = ${change.txnId} AND leg = ANY(${sql.array(cancel, 'text')})
      RETURNING leg`;
    if (rows.length === 0) return (await tx.anyFirst(sql.unsafe`${doomed}`)) as TimerKind[];
    // One statement. The INSERT waits for the DELETE (its InitPlan reads `cancelled` to the end first), so a leg
    // cancelled and armed again in the same command finds its old row gone, not a unique violation.
    return (await tx.anyFirst(sql.unsafe`
      WITH cancelled AS (${doomed}),
      armed AS (
        INSERT INTO ${INSERT_COLUMNS}
        SELECT * FROM ${armedRows(rows)} WHERE (SELECT count(*) FROM cancelled) >= 0
        RETURNING 1
      )
      SELECT leg FROM cancelled WHERE (SELECT count(*) FROM armed) >= 0`)) as TimerKind[];
  };

  return {
    /**
     * Arms the timer (txnId, leg): one INSERT on `tx`, no seal.
     * @throws UniqueIntegrityConstraintViolationError when (txnId, leg) is armed already (a bug in the caller)
     */
    async arm(tx: Tx, input: ArmInput): Promise<void> {
      const { txnId, ...arm } = input;
      await cancelAndArm(tx, { txnId, cancel: [], arm: [arm] });
    },
    async cancel(tx: Tx, txnId: string, leg: TimerKind): Promise<boolean> {
      return (await cancelAndArm(tx, { txnId, cancel: [leg], arm: [] })).length > 0;
    },
    cancelAndArm,
  };
};

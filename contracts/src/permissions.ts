/**
 * Who may send what to whom, declared once for the whole network. A valid envelope proves who SENT a message;
 * this table says whether that participant may send it to that recipient at all. The consumer runner checks
 * every opened message against it before any handler runs (a refusal is dead-lettered `not_allowed`), and the
 * broker's per-participant write permissions are derived from it (infra brokerAccess.ts).
 *
 * A participant's role is the part of its id before the dot (`psp.zap` → psp, `switch` → switch).
 * - A request lists its hops, `sender>recipient` by role. Two-hop requests travel psp→switch→psp/bank: the
 *   switch forwards them (ReqValAdd, ReqListAccount, ReqSetCre, ReqOtp).
 * - An answer names the request it answers: it travels every hop of that request backwards, so it may only
 *   go back to the role that asked. (Which participant asked is state the recipient holds: the switch matches
 *   every answer to the exact participant it asked — domain/acceptResponse.ts, handlers/forwarding.ts.)
 * - `toSelf`: the message may only be addressed by a participant to itself (the switch's own timers).
 *
 * Adding a message type: one line here (the `satisfies` below refuses a registry type without an entry).
 */
import type { MessageType } from './registry.ts';

export const ROLES = ['psp', 'switch', 'bank'] as const;
export type Role = (typeof ROLES)[number];
/** One hop of a message, by role: `psp>switch`. */
export type Hop = `${Role}>${Role}`;

type RequestRule = { hops: readonly Hop[]; toSelf?: true };
type AnswerRule = { answers: MessageType };
export type MessageRule = RequestRule | AnswerRule;

export const messagePermissions = {
  'upi.ReqPay.PAY.v1': { hops: ['psp>switch'] },
  'upi.RespPay.PAY.v1': { answers: 'upi.ReqPay.PAY.v1' },
  'upi.ReqAuthDetails.v1': { hops: ['switch>psp'] },
  'upi.RespAuthDetails.v1': { answers: 'upi.ReqAuthDetails.v1' },
  'upi.ReqValAdd.v1': { hops: ['psp>switch', 'switch>psp'] },
  'upi.RespValAdd.v1': { answers: 'upi.ReqValAdd.v1' },
  'upi.ReqPay.DEBIT.v1': { hops: ['switch>bank'] },
  'upi.RespPay.DEBIT.v1': { answers: 'upi.ReqPay.DEBIT.v1' },
  'upi.ReqPay.CREDIT.v1': { hops: ['switch>bank'] },
  'upi.RespPay.CREDIT.v1': { answers: 'upi.ReqPay.CREDIT.v1' },
  'upi.ReqPay.REVERSAL.v1': { hops: ['switch>bank'] },
  'upi.RespPay.REVERSAL.v1': { answers: 'upi.ReqPay.REVERSAL.v1' },
  'upi.ReqTxnConfirmation.v1': { hops: ['switch>psp'] },
  'upi.RespTxnConfirmation.v1': { answers: 'upi.ReqTxnConfirmation.v1' },
  'upi.ReqChkTxn.v1': { hops: ['psp>switch'] },
  'upi.RespChkTxn.v1': { answers: 'upi.ReqChkTxn.v1' },
  'upi.ReqListAccount.v1': { hops: ['psp>switch', 'switch>bank'] },
  'upi.RespListAccount.v1': { answers: 'upi.ReqListAccount.v1' },
  'upi.ReqSetCre.v1': { hops: ['psp>switch', 'switch>bank'] },
  'upi.RespSetCre.v1': { answers: 'upi.ReqSetCre.v1' },
  'upi.ReqOtp.v1': { hops: ['psp>switch', 'switch>bank'] },
  'upi.RespOtp.v1': { answers: 'upi.ReqOtp.v1' },
  'upi.ReqChkTxn.CREDIT.v1': { hops: ['switch>bank'] },
  'upi.RespChkTxn.CREDIT.v1': { answers: 'upi.ReqChkTxn.CREDIT.v1' },
  'upi.ReqAutoReversal.v1': { hops: ['switch>bank'] },
  'upi.RespAutoReversal.v1': { answers: 'upi.ReqAutoReversal.v1' },
  'switch.TimeoutElapsed.v1': { hops: ['switch>switch'], toSelf: true },
} as const satisfies Record<MessageType, MessageRule>;

/** `psp.zap` → psp; undefined for an id whose first part is not a role. */
export const roleOf = (participant: string): Role | undefined => {
  const role = participant.split('.')[0];
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : undefined;
};

const reversed = (hop: Hop): Hop => {
  const [from, to] = hop.split('>');
  return `${to}>${from}` as Hop;
};

/** The hops a message type may travel (an answer's: its request's, backwards), and whether only to itself. */
export const hopsOf = (type: MessageType): { hops: readonly Hop[]; toSelf: boolean } => {
  const rule: MessageRule = messagePermissions[type];
  if ('answers' in rule) {
    const request = hopsOf(rule.answers);
    return { hops: request.hops.map(reversed), toSelf: request.toSelf };
  }
  return { hops: rule.hops, toSelf: rule.toSelf === true };
};

export type Carriage = { type: MessageType; sender: string; recipient: string };
export type CarriageVerdict = { ok: true } | { ok: false; reason: 'not_allowed'; detail: string };

/**
 * May `sender` send a `type` message to `recipient`? Pure; never throws.
 * @returns ok, or a refusal whose detail names sender, type and recipient
 */
export const mayCarry = ({ type, sender, recipient }: Carriage): CarriageVerdict => {
  const refuse = (why: string): CarriageVerdict => ({
    ok: false,
    reason: 'not_allowed',
    detail: `${sender} may not send ${type} to ${recipient}: ${why}`,
  });
  if (!Object.hasOwn(messagePermissions, type)) return refuse('unknown message type');
  const from = roleOf(sender);
  const to = roleOf(recipient);
  if (from === undefined || to === undefined) return refuse('no such role');
  const { hops, toSelf } = hopsOf(type);
  if (!hops.includes(`${from}>${to}`)) return refuse(`${from} → ${to} is not a hop of this message`);
  if (toSelf && sender !== recipient) return refuse('only a participant itself may send it to itself');
  return { ok: true };
};

/**
 * The participants (of `participants`) `sender` may address with at least one message type: whose exchanges
 * its broker login may write to.
 */
export const recipientsOf = (sender: string, participants: readonly string[]): string[] =>
  participants.filter((recipient) =>
    (Object.keys(messagePermissions) as MessageType[]).some(
      (type) => mayCarry({ type, sender, recipient }).ok,
    ),
  );

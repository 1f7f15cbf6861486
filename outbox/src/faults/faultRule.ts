/**
 * A failure-injection rule (docs/failures.md): which inbound messages it matches (type, reversal leg,
 * VPA, account, amount, a fraction of traffic, at most `count` times) and what happens to them instead of
 * the usual handling. The schemas are the one contract of the operator API (GET/POST/DELETE /v1/faults),
 * of SY_FAULTS at start and of `make inject`.
 */
import { Type, type Static } from 'typebox';

export const FAULT_ACTIONS = ['delay', 'drop', 'respond', 'crash', 'duplicate', 'lose_answer'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

export const FaultRuleInput = Type.Object(
  {
    /** The inbound message type (`upi.ReqPay.DEBIT.v1`), or `*` for every type this participant handles. */
    type: Type.String({ pattern: '^(\\*|upi\\.[A-Za-z]+(\\.[A-Z]+)?\\.v[0-9]+)$', maxLength: 64 }),
    /** Reversals only: the leg being reversed (txn.subType). */
    subType: Type.Optional(Type.Union([Type.Literal('DEBIT'), Type.Literal('CREDIT')])),
    /**
     * delay: hold the delivery, then handle it. drop: consume it, nothing happens. respond: answer `code`
     * without running the business logic. crash: SIGKILL this process before the transaction. duplicate:
     * deliver a second copy with the same message id. lose_answer: do the work, never send the reply.
     */
    action: Type.Union([
      Type.Literal('delay'),
      Type.Literal('drop'),
      Type.Literal('respond'),
      Type.Literal('crash'),
      Type.Literal('duplicate'),
      Type.Literal('lose_answer'),
    ]),
    /** respond: the UPI code of the answer (96, CS, XY, U09, ZH…); never 00. */
    code: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{2,3}$' })),
    /** delay: how long; with delayMsMax, the shortest of a uniformly random delay. */
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    delayMsMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    /** The share of matching messages it fires on (default 1: all). */
    fraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** At most this many firings (default: no limit). */
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    /** Only messages naming this VPA (payer or payee, as the message names them). */
    vpa: Type.Optional(Type.String({ minLength: 3, maxLength: 255 })),
    /** Only messages naming this account number (payer, payee, or the reversed leg's account). */
    account: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    /** Only messages of exactly this amount, in paise. */
    amountMinor: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Only amounts whose paise part is this (71 matches ₹1.71, ₹250.71…): the magic amounts. */
    paise: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
    /** Why the rule is there; shown in listings. */
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type FaultRuleInput = Static<typeof FaultRuleInput>;

export const FaultRule = Type.Intersect([
  FaultRuleInput,
  Type.Object({
    id: Type.String(),
    /** How many times it has fired in this process. */
    fired: Type.Integer({ minimum: 0 }),
    /** Set at start (SY_FAULTS) or through the operator API. */
    source: Type.Union([Type.Literal('config'), Type.Literal('api')]),
    createdAt: Type.String(),
  }),
]);
export type FaultRule = Static<typeof FaultRule>;

export const FaultRuleList = Type.Object({ participant: Type.String(), rules: Type.Array(FaultRule) });
export type FaultRuleList = Static<typeof FaultRuleList>;

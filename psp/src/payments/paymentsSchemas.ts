/** HTTP schemas of the payments slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { Note, TxnId, Vpa } from '@switchyard/contracts';
import { CredsData } from '../http/schemas.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[\\x21-\\x7E]+$',
    description: 'required; 1–64 visible ASCII characters',
  }),
});
export const PaymentBody = Type.Object(
  {
    txnId: TxnId,
    payerVpa: Vpa,
    payeeVpa: Vpa,
    amount: Type.String({
      minLength: 1,
      maxLength: 16,
      description: 'rupees, at most 2 decimals: "100", "100.50"',
    }),
    note: Type.Optional({ ...Note, description: 'at most 50 characters; no control characters' }),
    creds: Type.Object({ type: Type.Literal('PIN'), data: CredsData }, closed),
  },
  closed,
);
export const PaymentAccepted = Type.Object({ txnId: Type.String(), status: Type.Literal('PENDING') });
export const TxnIdParams = Type.Object({ txnId: TxnId }, closed);

const LegViewSchema = Type.Object({
  type: Type.String(),
  seqNum: Type.Integer(),
  addr: Type.String(),
  respCode: Type.String(),
  settAmount: Type.String(),
  approvalNum: Nullable(Type.String()),
  declineClass: Nullable(Type.String()),
});
export const PaymentViewSchema = Type.Object({
  txnId: Type.String(),
  role: Type.String(),
  status: Type.String(),
  errCode: Nullable(Type.String()),
  declineClass: Nullable(Type.String()),
  payerVpa: Type.String(),
  payeeVpa: Type.String(),
  amount: Type.String(),
  amountMinor: Type.Integer(),
  note: Type.String(),
  custRef: Nullable(Type.String()),
  legs: Type.Array(LegViewSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finalAt: Nullable(Type.String()),
});
export const ListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'page size (default 20)' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  closed,
);
export const PaymentsPage = Type.Object({
  payments: Type.Array(PaymentViewSchema),
  nextCursor: Nullable(Type.String()),
});
/** POST /v1/payments/:txnId/check: the current view and whether a ReqChkTxn went (the answer comes later). */
export const PaymentCheck = Type.Object({
  payment: PaymentViewSchema,
  check: Type.Object({
    sent: Type.Boolean(),
    refusedBecause: Type.Union([
      Type.Literal('final'),
      Type.Literal('too_early'),
      Type.Literal('checks_exhausted'),
      Type.Null(),
    ]),
    checksSent: Type.Integer(),
    nextCheckAt: Nullable(Type.String()),
  }),
});

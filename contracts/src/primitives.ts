/**
 * Field-level schemas shared by every message (docs/upi.md §8). Money is integer paise everywhere.
 */
import { Type, type Static } from 'typebox';

/** 35 alphanumeric characters; the first 3 are the originating PSP's NPCI-issued prefix. */
export const TxnId = Type.String({ pattern: '^[A-Z0-9]{3}[A-Za-z0-9]{32}$', minLength: 35, maxLength: 35 });
/** UPI Head.msgId: at most 35 alphanumerics (the spec's bound; a peer's ids may be any such string). */
export const MsgId = Type.String({ pattern: '^[A-Za-z0-9]{1,35}$' });
/** Our own message ids (ids.ts newMessageId): ULIDs, which are valid MsgIds as they are. */
export const MessageId = Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' });
/**
 * A request the switch sends for a payment and waits for, each with its own timer (docs/upi.md §5): the payee
 * address resolution (AUTH), the debit, the credit and the two reversals.
 */
export const LegKind = Type.Union([
  Type.Literal('AUTH'),
  Type.Literal('DEBIT'),
  Type.Literal('CREDIT'),
  Type.Literal('DEBIT_REVERSAL'),
  Type.Literal('CREDIT_REVERSAL'),
]);
export type LegKind = Static<typeof LegKind>;
/**
 * The switch's resolution legs (docs/upi.md §6.5): after an uncertain answer, the switch asks the
 * beneficiary bank whether the credit stands (CREDIT_CHECK) or tells the remitter bank to auto-reverse
 * (AUTO_REVERSAL). They are payment legs like the others, with their own timers.
 */
export const ResolutionLegKind = Type.Union([Type.Literal('CREDIT_CHECK'), Type.Literal('AUTO_REVERSAL')]);
export type ResolutionLegKind = Static<typeof ResolutionLegKind>;
/** Requests the switch relays without owning them (ValAdd, ListAccount, SetCre, Otp): each has a timer too. */
export const ForwardKind = Type.Union([
  Type.Literal('VALADD'),
  Type.Literal('LIST_ACCOUNT'),
  Type.Literal('SET_CRE'),
  Type.Literal('OTP'),
]);
export type ForwardKind = Static<typeof ForwardKind>;
/** What a switch timer guards: a payment leg, a resolution leg or a forwarded request. */
export const TimerKind = Type.Union([LegKind, ResolutionLegKind, ForwardKind]);
export type TimerKind = Static<typeof TimerKind>;
/** RRN (custRef): exactly 12 digits, YDDD + 8-digit sequence. */
export const Rrn = Type.String({ pattern: '^[0-9]{12}$' });
/** VPA: username@handle, 255 characters at most (both bounds enforced). */
export const Vpa = Type.String({ maxLength: 255, pattern: '^[a-zA-Z0-9._-]{2,256}@[a-zA-Z]{2,64}$' });
export const Ifsc = Type.String({ pattern: '^[A-Z]{4}0[A-Z0-9]{6}$' });
export const AccountNumber = Type.String({ pattern: '^[0-9]{9,18}$' });
export const Mobile = Type.String({ pattern: '^[6-9][0-9]{9}$' });

/**
 * Free text (names, notes, SMS): any Unicode except control characters (`Cc`: C0 with NUL, DEL, C1) and
 * unpaired UTF-16 surrogates (`Cs`). Postgres refuses both (NUL in text, a lone surrogate in jsonb) and
 * neither belongs in a name or a note. Format characters (`Cf`) stay allowed: Indic names need ZWJ/ZWNJ.
 * Both validators compile `pattern` with the `u` flag (TypeBox's Compile and fastify's Ajv, unicodeRegExp
 * on by default), which is what makes `\p{…}` work and lets a lone surrogate match `Cs`; lengths count
 * code points in both, as Postgres's char_length does.
 */
export const SAFE_TEXT_PATTERN = '^[^\\p{Cc}\\p{Cs}]*$';
export const safeText = (bounds: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ ...bounds, pattern: SAFE_TEXT_PATTERN });
export const PersonName = safeText({ minLength: 1, maxLength: 99 });
export const Note = safeText({ maxLength: 50 });
/** UPI Txn.refId: a reference of at most 35 characters, free text. */
export const RefId = safeText({ maxLength: 35 });
/** The app's device identifier (UPI Device/Tag ID), bound to the user's credential. */
export const DeviceId = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });
/** A one-time code: 6 digits. */
export const Otp = Type.String({ pattern: '^[0-9]{6}$' });
/** ISO-8601 timestamp with a zone (Z or ±hh:mm), as UPI's Head.ts requires. */
export const Timestamp = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$',
});
/** A participant of the network: `switch`, `psp.<name>`, `bank.<name>` (tests add their own). */
export const ParticipantId = Type.String({ pattern: '^[a-z][a-z0-9]*(\\.[a-z0-9-]{1,40})?$', maxLength: 48 });
/** UPI response code: `00`, `ZM`, `U30`, … */
export const Code = Type.String({ pattern: '^[A-Z0-9]{2,3}$' });
/** ₹1 crore in paise bounds every single amount; business limits are lower and checked in the domain. */
export const AMOUNT_MINOR_MAX = 1_000_000_000;
export const Amount = Type.Object(
  { valueMinor: Type.Integer({ minimum: 1, maximum: AMOUNT_MINOR_MAX }), curr: Type.Literal('INR') },
  { additionalProperties: false },
);
export type Amount = Static<typeof Amount>;

export const Head = Type.Object(
  { ver: Type.Literal('2.0'), ts: Timestamp, orgId: ParticipantId, msgId: MsgId },
  { additionalProperties: false },
);
export type Head = Static<typeof Head>;

export const AccountRef = Type.Object({ acNum: AccountNumber, ifsc: Ifsc }, { additionalProperties: false });
export type AccountRef = Static<typeof AccountRef>;

/** The sealed PIN block (see crypto/creds.ts): opaque to PSP and switch. */
export const Creds = Type.Object(
  {
    type: Type.Union([Type.Literal('PIN'), Type.Literal('PIN_SET'), Type.Literal('PIN_CHANGE')]),
    data: Type.String({ minLength: 1, maxLength: 2048 }),
  },
  { additionalProperties: false },
);
export type Creds = Static<typeof Creds>;

export const Result = Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAILURE')]);
export type Result = Static<typeof Result>;

/** One leg's outcome (UPI Resp/Ref): a failed leg always settles 0 (E14). */
export const LegRef = Type.Object(
  {
    type: Type.Union([Type.Literal('PAYER'), Type.Literal('PAYEE')]),
    seqNum: Type.Integer({ minimum: 1, maximum: 9 }),
    addr: Vpa,
    settAmountMinor: Type.Integer({ minimum: 0, maximum: AMOUNT_MINOR_MAX }),
    respCode: Code,
    approvalNum: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{6}$' })),
  },
  { additionalProperties: false },
);
export type LegRef = Static<typeof LegRef>;

/** HTTP schemas of the PIN slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { Vpa } from '@switchyard/contracts';
import { CredsData } from '../http/schemas.ts';

const closed = { additionalProperties: false } as const;

export const VpaParams = Type.Object({ vpa: Vpa }, closed);
export const SetPinBody = Type.Object(
  {
    creds: Type.Object(
      {
        type: Type.Union([Type.Literal('PIN_SET'), Type.Literal('PIN_CHANGE')]),
        data: { ...CredsData, description: 'sealed for the bank: PIN_SET holds card details + the OTP' },
      },
      closed,
    ),
  },
  closed,
);
export const SetPinResponse = Type.Object({ vpa: Type.String(), result: Type.Literal('SUCCESS') });
export const PinOtpResponse = Type.Object({
  vpa: Type.String(),
  sentTo: Type.String({ description: "the mobile the bank sent the code to, masked: the customer's own" }),
});

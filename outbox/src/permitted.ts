/**
 * The consumer runner's permission step: whether the opened message's sender may send its type to this
 * participant at all (contracts permissions.ts). Runs after the envelope opened and before anything else —
 * no inbox row, no handler: a refusal is dead-lettered `not_allowed`.
 */
import { mayCarry, type EnvelopeHeaders } from '@switchyard/contracts';

export type Refusal = { reason: string; detail: string };

/** undefined when allowed, else the dead-letter reason and a detail naming sender, type and recipient. */
export const refusalOf = (headers: EnvelopeHeaders, recipient: string): Refusal | undefined => {
  const verdict = mayCarry({ type: headers.type, sender: headers.sender, recipient });
  return verdict.ok ? undefined : { reason: verdict.reason, detail: verdict.detail };
};

/**
 * Answering requests that are authentic but invalid (a peer's bug, or input its edge let through): the
 * envelope opened — signature, recipient, freshness and ids all check out — but decode() refused the
 * content (`invalid_schema`). By default such a delivery is dead-lettered. A service that must answer every
 * request it is sent (the switch: every payment a PSP accepted needs a final status) registers an
 * InvalidRequestHandler instead; the runner then treats the answer like any handler: inbox row first (a
 * redelivery is answered once), the handler's transaction, commit, ack. A handler that cannot answer (no
 * usable txn id or message id to cite) throws PermanentError and the delivery is dead-lettered after all.
 */
import type { DecodeError, EnvelopeHeaders, Message, OpenResult } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry, MessageContext } from './types.ts';

/** The authentic request as sent: `value` is untrusted and only what `errors` names is known wrong. */
export type InvalidRequest = { headers: EnvelopeHeaders; value: unknown; errors: DecodeError[] };

export type InvalidRequestHandler = {
  /** The inbox consumer name the answers are recorded under. */
  name: string;
  /**
   * Answers `request` in `tx` (enqueues a decline to its sender).
   * @throws PermanentError when it cannot be answered: the delivery is dead-lettered with that reason
   */
  answer(tx: Tx, request: InvalidRequest, context: MessageContext): Promise<void>;
};

/**
 * What the runner runs for a refused open: undefined (dead-letter it) unless the refusal is an authentic
 * invalid message and a handler answers those.
 */
export const invalidRequestEntry = (
  handler: InvalidRequestHandler | undefined,
  refused: Extract<OpenResult, { ok: false }>,
): { headers: EnvelopeHeaders; message: Message; entry: HandlerEntry<Message['type']> } | undefined => {
  const invalid = refused.invalid;
  if (handler === undefined || invalid === undefined || refused.reason !== 'invalid_schema') return undefined;
  return {
    headers: invalid.headers,
    // Only the runner's bookkeeping reads it (its type, for the inbox row); the handler gets `invalid`.
    message: { type: invalid.headers.type } as Message,
    entry: { name: handler.name, handle: (tx, _message, context) => handler.answer(tx, invalid, context) },
  };
};

/**
 * The UPI `Head` of every message a participant sends. `msgId` IS the message id (ids.ts): the outbox,
 * the envelope and the AMQP properties carry the same value, and the opener refuses a message whose head
 * says otherwise.
 */
import { isoTimestamp } from './ids.ts';
import type { Head } from './primitives.ts';

export const headFor = (orgId: string, messageId: string, now: Date): Head => ({
  ver: '2.0',
  ts: isoTimestamp(now),
  orgId,
  msgId: messageId,
});

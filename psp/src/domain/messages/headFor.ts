import { isoTimestamp, msgIdOf, type Head } from '@switchyard/contracts';

/** The UPI Head of a message we send: msgId is derived from the outbox message id (they must match). */
export const headFor = (orgId: string, messageId: string, now: Date): Head => ({
  ver: '2.0',
  ts: isoTimestamp(now),
  orgId,
  msgId: msgIdOf(messageId),
});

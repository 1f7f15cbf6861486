/** What a handler that answers the switch needs to build and enqueue its reply. */
import type { Outbox } from '@switchyard/outbox';

export type ReplyDeps = {
  participant: string;
  outbox: Outbox;
  now: () => Date;
  newMessageId: () => string;
};

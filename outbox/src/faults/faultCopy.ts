/**
 * The second copy a `duplicate` rule delivers: the same body and message id, published straight back to
 * the work queue and marked, so that no rule fires on it again (it stands for a broker redelivery).
 */
import type { ConsumeMessage } from 'amqplib';
import type { CopyTarget } from '../copyDelivery.ts';

const COPY_HEADER = 'x-fault-copy';

export const faultCopyTarget = (queue: string): CopyTarget => ({ queue, headers: { [COPY_HEADER]: 1 } });

export const isFaultCopy = (delivery: ConsumeMessage): boolean =>
  delivery.properties.headers?.[COPY_HEADER] !== undefined;

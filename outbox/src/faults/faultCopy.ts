/**
 * The second copy a `duplicate` rule delivers: the same body and message id, published back to the work
 * queue and marked, so that no rule fires on it again (it stands for a broker redelivery).
 */
import type { ConsumeMessage } from 'amqplib';
import type { CopyTarget } from '../copyDelivery.ts';

const COPY_HEADER = 'x-fault-copy';

/** Back into `queue` through the participant's copies exchange `exchange` (its login may write nowhere else). */
export const faultCopyTarget = (exchange: string, queue: string): CopyTarget => ({
  exchange,
  queue,
  headers: { [COPY_HEADER]: 1 },
});

export const isFaultCopy = (delivery: ConsumeMessage): boolean =>
  delivery.properties.headers?.[COPY_HEADER] !== undefined;

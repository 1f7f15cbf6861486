/**
 * Where a message goes on RabbitMQ. Every participant owns one durable topic exchange; a message for
 * participant P is published to P's exchange with its type as the routing key, so the management UI shows
 * the flow per party and per message type. `prefix` isolates test runs (`t1a2b.`) from the live network (`sy.`).
 */
export const DEFAULT_PREFIX = 'sy.';

export const exchangeFor = (prefix: string, participant: string): string => `${prefix}${participant}`;
export const workQueueFor = (prefix: string, participant: string): string => `${prefix}${participant}.work`;
export const deadLetterQueueFor = (queue: string): string => `${queue}.dlq`;
export const retryQueueFor = (queue: string, delayMs: number): string => `${queue}.retry.${delayMs}ms`;
export const deadLetterExchange = (prefix: string): string => `${prefix}dlx`;
export const unroutableExchange = (prefix: string): string => `${prefix}unroutable`;
export const unroutableQueue = (prefix: string): string => `${prefix}unroutable`;
/**
 * The simulated phone network's SMS exchange (topic): an SMS to a mobile number is published with the
 * number as the routing key; a phone reads its SMS from its own queue bound with its number.
 */
export const smsExchangeFor = (prefix: string): string => `${prefix}sms`;
/**
 * A participant's private direct exchange for copies into its own queues (DLQ, retry queues, DLQ replay into
 * the work queue), routing key = the target queue's name. Its broker login may write here and to the
 * exchanges of those it may address — never to the default exchange, which reaches every queue by name.
 */
export const copiesExchangeFor = (workQueue: string): string => `${workQueue}.copies`;

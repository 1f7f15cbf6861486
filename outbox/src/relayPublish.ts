/**
 * The relay's publish step, shared by its two paths (docs/guarantees.md §3): a claimed batch (relayBatch.ts)
 * and the rows of one commit published from memory (relayFastPath.ts). Publishes are pipelined on the
 * confirm channel; the caller awaits the outcomes with one timeout.
 */
import type { ConfirmPublisher, PublishOutcome } from '@switchyard/infra';
import type { OutboxCopy } from './outboxWrites.ts';
import { messagingMetrics } from './metrics.ts';

/** What one publish needs: a claimed row or enqueue's copy of it. */
export type Publishable = OutboxCopy;

/** Publishes the rows in order, pipelined; stops writing once the channel is gone (the rest stay unpublished). */
export const publishAll = async (
  publisher: ConfirmPublisher,
  rows: readonly Publishable[],
  participant: string,
): Promise<Array<Promise<PublishOutcome>>> => {
  const outcomes: Array<Promise<PublishOutcome>> = [];
  for (const row of rows) {
    if (!publisher.isOpen()) break;
    const pending = await publisher.publish(row.exchange, row.routingKey, row.body, {
      persistent: true,
      messageId: row.messageId,
      type: row.messageType,
      correlationId: row.correlationId ?? undefined,
      timestamp: Math.round(row.createdMs / 1000),
      appId: participant,
      contentType: 'application/json',
      headers: row.headers,
    });
    outcomes.push(pending.outcome);
  }
  return outcomes;
};

/** Counts each outcome (outbox_publish_total) and the lag of each confirmed row (outbox_lag_seconds). */
export const recordOutcomes = (
  participant: string,
  rows: readonly Publishable[],
  outcomes: readonly PublishOutcome[],
): void => {
  const confirmedAt = Date.now();
  outcomes.forEach((outcome, index) => {
    messagingMetrics.outboxPublishTotal.inc({ participant, result: outcome });
    if (outcome === 'confirmed')
      messagingMetrics.outboxLagSeconds.observe(
        { participant },
        (confirmedAt - rows[index].createdMs) / 1000,
      );
  });
};

/** Counts an answer once its transaction has committed (a rolled-back or re-run attempt counts nothing). */
import type { MessageContext } from '@switchyard/outbox';
import { bankMetrics } from '../metrics.ts';

export const countAnswer = (
  context: MessageContext,
  participant: string,
  leg: string,
  respCode: string,
  repeated: boolean,
): void => {
  context.afterCommit(() =>
    bankMetrics.legAnswers.inc({ participant, leg, resp_code: respCode, repeated: String(repeated) }),
  );
};

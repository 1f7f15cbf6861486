/**
 * An authentic request whose content failed its schema (the consumer runner hands it over instead of
 * dead-lettering it: outbox invalidRequests.ts). The requester must be allowed to start it exactly as for
 * a valid one (a PSP, its own orgId, its own txn prefix); then it gets the request's FAILURE answer with the
 * validation code (domain/validationDeclineOf.ts). What cannot be answered is dead-lettered with the reason.
 */
import { PermanentError, type InvalidRequestHandler } from '@switchyard/outbox';
import { authoriseInitiator } from '../domain/authoriseInitiator.ts';
import { validationDeclineOf } from '../domain/validationDeclineOf.ts';
import { switchMetrics } from '../metrics.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onInvalidRequest = (deps: HandlerDeps): InvalidRequestHandler => ({
  name: 'switch.onInvalidRequest',
  async answer(tx, request, context) {
    const { headers, errors } = request;
    const paths = errors.map((error) => error.path).join(', ');
    const decline = validationDeclineOf({
      type: headers.type,
      value: request.value,
      messageId: headers.messageId,
      errors,
    });
    if (!decline.ok)
      throw new PermanentError(
        'invalid_schema',
        `${headers.type} from ${headers.sender} (${decline.reason}): ${paths}`,
      );
    const check = authoriseInitiator({
      sender: context.sender,
      orgId: decline.orgId,
      txnId: decline.txnId,
      senderPsp: deps.routes.psp(context.sender),
      requireHandle: false,
    });
    if (!check.ok)
      throw new PermanentError(
        check.reason,
        `invalid ${headers.type} ${decline.txnId} from ${context.sender}: ${check.reason}`,
      );
    const messageId = deps.newMessageId();
    await deps.outbox.enqueue(tx, {
      recipient: context.sender,
      message: decline.answer({ switchId: deps.switchId, messageId, now: deps.now() }),
      messageId,
      correlationId: decline.txnId,
      causationId: context.messageId,
    });
    deps.log.warn(
      { txnId: decline.txnId, type: headers.type, paths, errCode: decline.errCode },
      'invalid request answered with a validation decline',
    );
    context.afterCommit(() => switchMetrics.refusalsTotal.inc({ err_code: decline.errCode }));
  },
});

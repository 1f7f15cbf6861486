/**
 * One payment, live: PENDING until the status socket (or, while it is down, a poll) brings the final status.
 * A pending payment can be checked with the network (the PSP's status-check route, where it has one).
 */
import { useEffect, useState } from 'preact/hooks';
import { paymentProblem } from '../../declines.ts';
import type { StatusCheck } from '../../pspTypes.ts';
import { useApp } from '../appContext.ts';
import { Problem, rupees, useAction } from '../ui.tsx';

const POLL_MS = 3000;

export const PaymentStatus = ({ txnId }: { txnId: string }) => {
  const app = useApp();
  const payment = app.payments.get(txnId);
  const [checkNote, setCheckNote] = useState<string>();
  const action = useAction();
  const pending = payment === undefined || payment.status === 'PENDING';
  useEffect(() => {
    void app.client.getPayment(app.session, txnId).then(app.remember, () => undefined);
  }, [txnId]);
  useEffect(() => {
    if (!pending || app.live) return undefined;
    const timer = setInterval(
      () => void app.client.getPayment(app.session, txnId).then(app.remember, () => undefined),
      POLL_MS,
    );
    return () => clearInterval(timer);
  }, [pending, app.live, txnId]);
  if (!payment) return <section class="quiet">Loading…</section>;
  const incoming = payment.role === 'PAYEE';
  const problem = incoming ? undefined : paymentProblem(payment);
  return (
    <section class="status" data-testid="payment-status" data-status={payment.status} data-txn={txnId}>
      <p class={`badge ${payment.status.toLowerCase()}`}>
        {payment.status === 'SUCCESS'
          ? incoming
            ? 'Received'
            : 'Paid'
          : payment.status === 'PENDING'
            ? 'Processing…'
            : payment.status === 'DEEMED'
              ? 'Awaiting confirmation'
              : 'Failed'}
      </p>
      <p class="big">{rupees(payment.amountMinor)}</p>
      <p>{incoming ? `from ${payment.payerVpa}` : `to ${payment.payeeVpa}`}</p>
      {payment.note && <p class="quiet">“{payment.note}”</p>}
      {problem && (
        <p class="problem" role="alert" data-testid="decline">
          {problem}
        </p>
      )}
      <dl>
        <dt>UPI transaction id</dt>
        <dd>{payment.txnId}</dd>
        {payment.custRef && (
          <>
            <dt>UPI reference (RRN)</dt>
            <dd>{payment.custRef}</dd>
          </>
        )}
      </dl>
      {payment.status === 'PENDING' && (
        <button
          name="check-status"
          class="secondary"
          disabled={action.busy}
          onClick={() =>
            action.run(async () => {
              const checked = await app.client.checkStatus(app.session, txnId);
              app.remember(checked.payment);
              setCheckNote(checkNoteOf(checked));
            })
          }
        >
          Check status
        </button>
      )}
      {checkNote && (
        <p class="quiet" data-testid="check-note">
          {checkNote}
        </p>
      )}
      <Problem text={action.problem} />
      <button onClick={() => app.go({ name: 'history' })}>History</button>
    </section>
  );
};

/** What the customer reads after asking for a status check. */
const checkNoteOf = (checked: StatusCheck): string => {
  if (checked.sent) return `Asked the network (check ${checked.checksSent} of 3): the answer will show here.`;
  if (checked.refusedBecause === 'too_early')
    return `Too early to ask the network: try again after ${new Date(checked.nextCheckAt!).toLocaleTimeString('en-IN')}.`;
  if (checked.refusedBecause === 'checks_exhausted')
    return 'No more status checks for this payment: the result will arrive here on its own.';
  return `Checked: ${checked.payment.status.toLowerCase()}.`;
};

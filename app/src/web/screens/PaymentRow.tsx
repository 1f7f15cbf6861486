/** One payment in a list: who, how much, which way, its status in words. */
import type { PaymentView } from '@switchyard/psp';
import { paymentProblem } from '../../declines.ts';
import { useApp } from '../appContext.ts';
import { rupees } from '../ui.tsx';

const statusWord = {
  PENDING: 'Pending',
  SUCCESS: 'Success',
  FAILURE: 'Failed',
  DEEMED: 'Awaiting confirmation',
};

export const PaymentRow = ({ payment }: { payment: PaymentView }) => {
  const app = useApp();
  const incoming = payment.role === 'PAYEE';
  const problem = incoming ? undefined : paymentProblem(payment);
  return (
    <li
      class={`payment ${payment.status.toLowerCase()}`}
      data-txn={payment.txnId}
      data-status={payment.status}
      data-role={payment.role}
      onClick={() => app.go({ name: 'payment', txnId: payment.txnId })}
    >
      <div>
        <strong>{incoming ? `From ${payment.payerVpa}` : `To ${payment.payeeVpa}`}</strong>
        <small>
          {new Date(payment.createdAt).toLocaleString('en-IN')}
          {payment.note ? ` · ${payment.note}` : ''}
        </small>
        {problem && <small class="problem-text">{problem}</small>}
      </div>
      <div class="amount">
        <span class={incoming ? 'credit' : 'debit'}>
          {incoming ? '+' : '−'}
          {rupees(payment.amountMinor)}
        </span>
        <small class="chip">{statusWord[payment.status] ?? payment.status}</small>
      </div>
    </li>
  );
};

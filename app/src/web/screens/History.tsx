/** Every payment of the user, sent and received, kept current by the status socket. */
import { useApp } from '../appContext.ts';
import { PaymentRow } from './PaymentRow.tsx';
import { useHistory } from './useHistory.ts';

export const History = () => {
  const app = useApp();
  const payments = useHistory();
  return (
    <section>
      <h2>History</h2>
      <p class="quiet">{app.live ? 'Live: new payments appear here as they happen.' : 'Connecting…'}</p>
      {payments.length === 0 ? (
        <p class="quiet">No payments yet.</p>
      ) : (
        <ul class="payments" data-testid="history">
          {payments.map((payment) => (
            <PaymentRow payment={payment} key={payment.txnId} />
          ))}
        </ul>
      )}
    </section>
  );
};

/** Home: this phone's UPI IDs with their PIN actions, the latest payments, and a way to link an account. */
import { useEffect, useState } from 'preact/hooks';
import type { AccountInfo } from '../../pspClient.ts';
import { useApp } from '../appContext.ts';
import { PaymentRow } from './PaymentRow.tsx';
import { useHistory } from './useHistory.ts';

const masked = (acNum: string): string => `••${acNum.slice(-4)}`;

export const Home = () => {
  const app = useApp();
  const [accounts, setAccounts] = useState<AccountInfo[]>([]);
  const recent = useHistory().slice(0, 3);
  useEffect(() => {
    void app.client.accounts(app.session).then(setAccounts, () => undefined);
  }, [app.client, app.session, app.vpas]);
  return (
    <section>
      <h2>Hello, {app.name.split(' ')[0]}</h2>
      {app.vpas.length === 0 && <p class="quiet">Link a bank account to pay and receive money.</p>}
      <ul class="vpas">
        {app.vpas.map((vpa) => {
          const account = accounts.find((a) => a.acNum === vpa.acNum && a.ifsc === vpa.ifsc);
          return (
            <li key={vpa.vpa} data-vpa={vpa.vpa}>
              <div>
                <strong>{vpa.vpa}</strong>
                <small>
                  {vpa.name} · {vpa.ifsc} {masked(vpa.acNum)}
                </small>
              </div>
              <div class="row">
                <button class="small" onClick={() => app.go({ name: 'pin', vpa: vpa.vpa, mode: 'set' })}>
                  {account?.pinSet ? 'Reset PIN' : 'Set UPI PIN'}
                </button>
                <button class="small" onClick={() => app.go({ name: 'pin', vpa: vpa.vpa, mode: 'change' })}>
                  Change PIN
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <button name="link-account" class="secondary" onClick={() => app.go({ name: 'link' })}>
        Link a bank account
      </button>
      {recent.length > 0 && (
        <>
          <h3>Recent</h3>
          <ul class="payments">
            {recent.map((payment) => (
              <PaymentRow payment={payment} key={payment.txnId} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
};

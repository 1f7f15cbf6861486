/**
 * Account discovery and a UPI ID: the bank lists the accounts registered to this mobile (ReqListAccount);
 * the customer picks one and chooses the UPI ID's name; then sets the UPI PIN if the account has none.
 */
import { useState } from 'preact/hooks';
import type { AccountInfo } from '../../pspClient.ts';
import { useApp } from '../appContext.ts';
import { Field, Input, Problem, useAction } from '../ui.tsx';

const suggestedUser = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '')
    .slice(0, 30) || 'me';

export const LinkAccount = () => {
  const app = useApp();
  const [ifsc, setIfsc] = useState(app.config.banks[0]?.ifsc ?? '');
  const [accounts, setAccounts] = useState<AccountInfo[]>();
  const [chosen, setChosen] = useState<AccountInfo>();
  const [username, setUsername] = useState(suggestedUser(app.name));
  const action = useAction();
  return (
    <section>
      <h2>Link a bank account</h2>
      <Field label="Your bank">
        <select
          name="bank"
          value={ifsc}
          onChange={(event) => setIfsc((event.target as HTMLSelectElement).value)}
        >
          {app.config.banks.map((bank) => (
            <option value={bank.ifsc} key={bank.ifsc}>
              {bank.name}
            </option>
          ))}
        </select>
      </Field>
      <button
        name="discover"
        disabled={action.busy}
        onClick={() =>
          action.run(async () => {
            setChosen(undefined);
            setAccounts(await app.client.discover(app.session, ifsc));
          })
        }
      >
        Find my accounts
      </button>
      {accounts?.length === 0 && <p class="quiet">The bank has no account for {app.mobile}.</p>}
      {accounts && accounts.length > 0 && (
        <ul class="accounts">
          {accounts.map((account) => (
            <li key={account.acNum}>
              <label>
                <input
                  type="radio"
                  name="account"
                  value={account.acNum}
                  checked={chosen?.acNum === account.acNum}
                  onChange={() => setChosen(account)}
                />
                {account.name} · {account.acType} ••{account.acNum.slice(-4)}
                {account.pinSet ? ' · UPI PIN set' : ''}
              </label>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <>
          <Field label="Your UPI ID" hint={`${username}@${app.config.handle}`}>
            <Input name="username" value={username} onInput={setUsername} />
          </Field>
          <button
            name="create-vpa"
            disabled={action.busy}
            onClick={() =>
              action.run(async () => {
                const created = await app.client.createVpa(app.session, {
                  username,
                  acNum: chosen.acNum,
                  ifsc: chosen.ifsc,
                });
                await app.reloadVpas();
                app.go(chosen.pinSet ? { name: 'home' } : { name: 'pin', vpa: created.vpa, mode: 'set' });
              })
            }
          >
            Create UPI ID
          </button>
        </>
      )}
      <Problem text={action.problem} />
    </section>
  );
};

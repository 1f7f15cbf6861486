/**
 * Paying a UPI ID: typed, or filled from a scanned UPI QR code (a fixed amount is locked unless the code's
 * `mam` allows more). The payee is validated with the network first and their name shown; only then is the
 * UPI PIN asked for, and it is sealed for the payer's bank in this page before the payment is sent.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  amountRuleOf,
  formatRupees,
  intentAmountProblem,
  isVpa,
  parseRupees,
  parseUpiIntent,
  type UpiIntent,
} from '@switchyard/contracts/client';
import { useApp } from '../appContext.ts';
import { Field, Input, Problem, rupees, useAction } from '../ui.tsx';
import { ScanQr } from './ScanQr.tsx';

type Payee = { vpa: string; name: string };

export const Pay = (props: { intentText?: string }) => {
  const app = useApp();
  const [payerVpa, setPayerVpa] = useState(app.vpas[0]?.vpa ?? '');
  const [payeeVpa, setPayeeVpa] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [intent, setIntent] = useState<UpiIntent>();
  const [payee, setPayee] = useState<Payee>();
  const [pin, setPin] = useState('');
  const action = useAction();
  useEffect(() => setPayerVpa((current) => current || app.vpas[0]?.vpa || ''), [app.vpas]);

  const applyIntent = (text: string) => {
    const parsed = parseUpiIntent(text);
    if (!parsed.ok) {
      action.setProblem(
        `This QR code cannot be used: ${parsed.errors.map((e) => `${e.param} ${e.message}`).join('; ')}`,
      );
      return;
    }
    const rule = amountRuleOf(parsed.intent);
    setIntent(parsed.intent);
    setPayee(undefined);
    setPayeeVpa(parsed.intent.pa);
    setNote(parsed.intent.tn ?? '');
    const start =
      rule.kind === 'fixed' ? rule.amountMinor : rule.kind === 'minimum' ? rule.suggestedMinor : undefined;
    setAmount(start === undefined ? '' : formatRupees(start));
    action.setProblem(undefined);
  };
  useEffect(() => {
    if (props.intentText) applyIntent(props.intentText);
  }, [props.intentText]);

  const rule = intent ? amountRuleOf(intent) : { kind: 'free' as const };
  const amountMinor = parseRupees(amount);
  const amountProblem =
    amount === ''
      ? undefined
      : amountMinor === undefined || amountMinor < 1
        ? 'Enter an amount in rupees, like 250 or 250.50.'
        : intent
          ? intentAmountProblem(intent, amountMinor)
          : undefined;

  if (app.vpas.length === 0)
    return (
      <section>
        <h2>Pay</h2>
        <p class="quiet">Link a bank account first.</p>
        <button onClick={() => app.go({ name: 'link' })}>Link a bank account</button>
      </section>
    );
  if (payee && amountMinor !== undefined)
    return (
      <section class="confirm">
        <h2>Confirm payment</h2>
        <p class="payee" data-testid="payee-name">
          <strong>{payee.name}</strong>
          <small>{payee.vpa}</small>
          {intent && intent.pn !== payee.name && <small>Name on the QR code: {intent.pn}</small>}
        </p>
        <p class="big">{rupees(amountMinor)}</p>
        {note && <p class="quiet">“{note}”</p>}
        {intent?.tr && <p class="quiet">Reference {intent.tr}</p>}
        <Field label={`UPI PIN for ${payerVpa}`}>
          <Input name="pin" type="password" inputMode="numeric" maxLength={6} value={pin} onInput={setPin} />
        </Field>
        <div class="row">
          <button class="secondary" onClick={() => (setPayee(undefined), setPin(''))}>
            Back
          </button>
          <button
            name="pay-now"
            disabled={action.busy || !/^([0-9]{4}|[0-9]{6})$/.test(pin)}
            onClick={() =>
              action.run(async () => {
                const { txnId } = await app.client.pay(app.session, {
                  payerVpa,
                  payeeVpa: payee.vpa,
                  amount: formatRupees(amountMinor),
                  pin,
                  ...(note ? { note } : {}),
                });
                setPin('');
                app.go({ name: 'payment', txnId });
              })
            }
          >
            Pay {rupees(amountMinor)}
          </button>
        </div>
        <Problem text={action.problem} />
      </section>
    );
  return (
    <section>
      <h2>Pay</h2>
      <ScanQr onText={applyIntent} onProblem={action.setProblem} />
      {app.vpas.length > 1 && (
        <Field label="From">
          <select
            value={payerVpa}
            onChange={(event) => setPayerVpa((event.target as HTMLSelectElement).value)}
          >
            {app.vpas.map((vpa) => (
              <option key={vpa.vpa}>{vpa.vpa}</option>
            ))}
          </select>
        </Field>
      )}
      <Field label="To (UPI ID)">
        <Input
          name="payee"
          value={payeeVpa}
          onInput={(value) => {
            setPayeeVpa(value.trim());
            setIntent(undefined);
          }}
          placeholder="name@bank"
        />
      </Field>
      <Field
        label="Amount (₹)"
        hint={
          rule.kind === 'fixed'
            ? 'Fixed by the QR code'
            : rule.kind === 'minimum'
              ? `At least ${rupees(rule.minimumAmountMinor)}`
              : undefined
        }
      >
        <Input
          name="amount"
          inputMode="decimal"
          value={amount}
          onInput={setAmount}
          readOnly={rule.kind === 'fixed'}
        />
      </Field>
      <Field label="Note (optional)">
        <Input name="note" maxLength={50} value={note} onInput={setNote} />
      </Field>
      <button
        name="verify-payee"
        disabled={action.busy || !isVpa(payeeVpa) || amountMinor === undefined || amountProblem !== undefined}
        onClick={() =>
          action.run(async () => {
            const validated = await app.client.validate(app.session, payeeVpa);
            setPayee({ vpa: validated.vpa, name: validated.name });
          })
        }
      >
        Continue
      </button>
      <Problem text={amountProblem ?? action.problem} />
    </section>
  );
};

/**
 * Receiving: the UPI ID's QR code — static (the payer types the amount) or, with an amount, a dynamic one
 * carrying the amount, a note and a reference the payer cannot change.
 */
import { useEffect, useState } from 'preact/hooks';
import { parseRupees } from '@switchyard/contracts/client';
import { newIntentRef, receiveIntentOf } from '../../receiveIntent.ts';
import { useApp } from '../appContext.ts';
import { qrDataUrl } from '../qr.ts';
import { Field, Input, Problem, rupees } from '../ui.tsx';

export const Receive = () => {
  const app = useApp();
  const [vpa, setVpa] = useState(app.vpas[0]?.vpa ?? '');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [requested, setRequested] = useState<{ amountMinor: number; note: string; ref: string }>();
  const [image, setImage] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const chosen = app.vpas.find((v) => v.vpa === vpa) ?? app.vpas[0];
  const intentText = chosen
    ? (() => {
        try {
          return receiveIntentOf({ vpa: chosen.vpa, name: chosen.name, ...requested });
        } catch (error) {
          return (error as Error).message;
        }
      })()
    : undefined;
  useEffect(() => {
    if (intentText?.startsWith('upi://')) void qrDataUrl(intentText).then(setImage);
  }, [intentText]);
  if (!chosen)
    return (
      <section>
        <h2>Receive</h2>
        <p class="quiet">Link a bank account first.</p>
      </section>
    );
  return (
    <section class="receive">
      <h2>Receive money</h2>
      {app.vpas.length > 1 && (
        <select value={chosen.vpa} onChange={(event) => setVpa((event.target as HTMLSelectElement).value)}>
          {app.vpas.map((v) => (
            <option key={v.vpa}>{v.vpa}</option>
          ))}
        </select>
      )}
      <figure>
        {image && (
          <img
            src={image}
            alt={`UPI QR code for ${chosen.vpa}`}
            data-testid="receive-qr"
            data-intent={intentText}
          />
        )}
        <figcaption>
          <strong>{chosen.name}</strong>
          <span>{chosen.vpa}</span>
          {requested && (
            <span>
              {rupees(requested.amountMinor)} {requested.note}
            </span>
          )}
        </figcaption>
      </figure>
      {image && (
        <a
          class="link"
          href={image}
          download={`${chosen.vpa}${requested ? `-${requested.amountMinor}` : ''}.png`}
        >
          Save QR image
        </a>
      )}
      <h3>Ask for an amount</h3>
      <Field label="Amount (₹)">
        <Input name="request-amount" inputMode="decimal" value={amount} onInput={setAmount} />
      </Field>
      <Field label="Note (optional)">
        <Input name="request-note" maxLength={50} value={note} onInput={setNote} />
      </Field>
      <div class="row">
        <button
          name="make-request"
          onClick={() => {
            const amountMinor = parseRupees(amount);
            if (amountMinor === undefined || amountMinor < 1)
              return setProblem('Enter an amount in rupees, like 250 or 250.50.');
            setProblem(undefined);
            setRequested({ amountMinor, note: note.trim(), ref: newIntentRef() });
          }}
        >
          Show QR with amount
        </button>
        {requested && (
          <button class="secondary" onClick={() => setRequested(undefined)}>
            Any amount
          </button>
        )}
      </div>
      <Problem text={problem} />
      <code class="intent" data-testid="intent-text">
        {intentText}
      </code>
    </section>
  );
};

/**
 * The UPI PIN. Set (or reset): debit card's last 6 digits and expiry, and the bank's one-time code (ReqOtp,
 * by SMS to the mobile the bank has). Change: the old PIN. Everything is sealed for the bank in this
 * page (contracts sealCreds) before it leaves: the PSP only forwards it.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../appContext.ts';
import { codeIn } from '../phone.ts';
import { Field, Input, Problem, useAction } from '../ui.tsx';

const PIN = /^([0-9]{4}|[0-9]{6})$/;

export const PinSetup = (props: { vpa: string; mode: 'set' | 'change' }) => {
  const app = useApp();
  const [cardLast6, setCardLast6] = useState('');
  const [cardExpiry, setCardExpiry] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [otp, setOtp] = useState('');
  const [oldPin, setOldPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const bankCode = app.phone.messages
    .filter((sms) => /UPI PIN/.test(sms.text))
    .map(codeIn)
    .find(Boolean);
  const pinsOk = PIN.test(newPin) && newPin === again;
  const save = () =>
    action.run(async () => {
      await app.client.setPin(
        app.session,
        props.mode === 'change'
          ? { vpa: props.vpa, oldPin, newPin }
          : { vpa: props.vpa, newPin, cardLast6, cardExpiry, otp },
      );
      setDone(true);
    });
  if (done)
    return (
      <section>
        <h2>UPI PIN {props.mode === 'change' ? 'changed' : 'set'}</h2>
        <p class="ok" data-testid="pin-done">
          Your UPI PIN for {props.vpa} is ready.
        </p>
        <button onClick={() => app.go({ name: 'home' })}>Done</button>
      </section>
    );
  return (
    <section>
      <h2>{props.mode === 'change' ? 'Change' : 'Set'} UPI PIN</h2>
      <p class="quiet">{props.vpa}</p>
      {props.mode === 'set' ? (
        <>
          <Field label="Debit card: last 6 digits">
            <Input
              name="card-last6"
              inputMode="numeric"
              maxLength={6}
              value={cardLast6}
              onInput={setCardLast6}
            />
          </Field>
          <Field label="Expiry (MMYY)">
            <Input
              name="card-expiry"
              inputMode="numeric"
              maxLength={4}
              value={cardExpiry}
              onInput={setCardExpiry}
            />
          </Field>
          <button
            name="send-bank-code"
            class="secondary"
            disabled={
              action.busy ||
              !app.phone.ready ||
              !/^[0-9]{6}$/.test(cardLast6) ||
              !/^[0-9]{4}$/.test(cardExpiry)
            }
            onClick={() =>
              action.run(async () => {
                await app.client.requestPinOtp(app.session, props.vpa);
                setCodeSent(true);
              })
            }
          >
            {codeSent ? 'Send the code again' : 'Get a code from my bank'}
          </button>
          {codeSent && (
            <Field label="Code from your bank's SMS">
              <Input name="bank-code" inputMode="numeric" maxLength={6} value={otp} onInput={setOtp} />
              {bankCode && otp === '' && (
                <button class="link" onClick={() => setOtp(bankCode)}>
                  Use {bankCode} from the SMS
                </button>
              )}
            </Field>
          )}
        </>
      ) : (
        <Field label="Current UPI PIN">
          <Input
            name="old-pin"
            type="password"
            inputMode="numeric"
            maxLength={6}
            value={oldPin}
            onInput={setOldPin}
          />
        </Field>
      )}
      <Field label="New UPI PIN (4 or 6 digits)">
        <Input
          name="new-pin"
          type="password"
          inputMode="numeric"
          maxLength={6}
          value={newPin}
          onInput={setNewPin}
        />
      </Field>
      <Field label="New UPI PIN again">
        <Input
          name="new-pin-again"
          type="password"
          inputMode="numeric"
          maxLength={6}
          value={again}
          onInput={setAgain}
        />
      </Field>
      <button
        name="save-pin"
        disabled={
          action.busy ||
          !pinsOk ||
          (props.mode === 'set' ? !codeSent || !/^[0-9]{6}$/.test(otp) : !PIN.test(oldPin))
        }
        onClick={save}
      >
        {props.mode === 'change' ? 'Change PIN' : 'Set PIN'}
      </button>
      <Problem text={action.problem} />
    </section>
  );
};

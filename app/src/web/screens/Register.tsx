/**
 * Registration = device binding (docs/customer-identity.md): the PSP sends a one-time code by SMS to this
 * number; the code, typed back, binds the number to this device and answers the session.
 */
import { useState } from 'preact/hooks';
import type { PspClient, RegistrationStarted } from '../../pspClient.ts';
import { codeIn, type PhoneState } from '../phone.ts';
import type { Stored } from '../session.ts';
import { Field, Input, Problem, useAction } from '../ui.tsx';

export const Register = (props: {
  client: PspClient;
  phone: PhoneState;
  mobile: string;
  initialName: string;
  onRegistered: (stored: Stored) => void;
}) => {
  const [name, setName] = useState(props.initialName);
  const [started, setStarted] = useState<RegistrationStarted>();
  const [code, setCode] = useState('');
  const action = useAction();
  const latestCode = props.phone.messages
    .filter((sms) => /register/.test(sms.text))
    .map(codeIn)
    .find(Boolean);
  return (
    <main>
      <h2>Register this phone</h2>
      {!started ? (
        <>
          <Field label="Your name">
            <Input name="name" value={name} onInput={setName} autoComplete="name" />
          </Field>
          <Field label="Mobile number">
            <Input name="mobile" value={props.mobile} onInput={() => undefined} readOnly />
          </Field>
          <button
            name="send-code"
            disabled={action.busy || !props.phone.ready || name.trim() === ''}
            onClick={() =>
              action.run(async () =>
                setStarted(await props.client.startRegistration({ name: name.trim(), mobile: props.mobile })),
              )
            }
          >
            {props.phone.ready ? 'Send me a code' : 'Waiting for the phone network…'}
          </button>
        </>
      ) : (
        <>
          <p class="quiet">We sent a 6-digit code by SMS to {props.mobile}.</p>
          <Field label="Code from the SMS">
            <Input name="code" inputMode="numeric" maxLength={6} value={code} onInput={setCode} />
          </Field>
          {latestCode && code === '' && (
            <button class="link" onClick={() => setCode(latestCode)}>
              Use {latestCode} from the SMS
            </button>
          )}
          <button
            name="verify"
            disabled={action.busy || !/^[0-9]{6}$/.test(code)}
            onClick={() =>
              action.run(async () => {
                const session = await props.client.verifyRegistration(started, code);
                props.onRegistered({ name: name.trim(), mobile: props.mobile, session });
              })
            }
          >
            Verify
          </button>
        </>
      )}
      <Problem text={action.problem} />
    </main>
  );
};

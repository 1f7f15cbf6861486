/** Opened without ?phone=: which number this phone has (the SMS for it arrive here). */
import { useState } from 'preact/hooks';
import { Field, Input } from '../ui.tsx';

export const ChoosePhone = (props: { pspName: string; onChoose: (mobile: string) => void }) => {
  const [mobile, setMobile] = useState('');
  const valid = /^[6-9][0-9]{9}$/.test(mobile);
  return (
    <div class="phone">
      <header class="bar">
        <strong>{props.pspName}</strong>
      </header>
      <main>
        <h2>This phone's number</h2>
        <p class="quiet">The one-time codes are sent to it by SMS.</p>
        <Field label="Mobile number">
          <Input name="mobile" inputMode="numeric" maxLength={10} value={mobile} onInput={setMobile} />
        </Field>
        <button
          disabled={!valid}
          onClick={() => {
            history.replaceState(null, '', `?phone=${mobile}`);
            props.onChoose(mobile);
          }}
        >
          Continue
        </button>
      </main>
    </div>
  );
};

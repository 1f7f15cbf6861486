/**
 * Failure injection: every service's rules (with how often each fired), a button to clear one or all, and
 * a form that builds a rule. The form fills the rule's JSON, which can be edited before it is sent: the
 * service's own schema decides (it answers 400 with the reason otherwise). A service without the
 * endpoint shows "not available".
 */
import { useState } from 'preact/hooks';
import type { ServiceFaults } from '../../liveTypes.ts';

const ACTIONS = ['delay', 'drop', 'respond', 'crash', 'duplicate'] as const;
const LEGS = ['', 'AUTH', 'DEBIT', 'CREDIT', 'DEBIT_REVERSAL', 'CREDIT_REVERSAL'];

type Form = {
  participant: string;
  action: (typeof ACTIONS)[number];
  messageType: string;
  leg: string;
  fraction: string;
  count: string;
  vpa: string;
  account: string;
  amount: string;
  delayMs: string;
  code: string;
};

/** The rule the form describes: empty fields are left out; the amount is rupees, sent as paise. */
const ruleOf = (form: Form): Record<string, unknown> => {
  const match: Record<string, unknown> = {};
  if (form.messageType) match.messageType = form.messageType;
  if (form.leg) match.leg = form.leg;
  if (form.fraction) match.fraction = Number(form.fraction);
  if (form.count) match.count = Number(form.count);
  if (form.vpa) match.vpa = form.vpa;
  if (form.account) match.account = form.account;
  if (form.amount) match.amountMinor = Math.round(Number(form.amount) * 100);
  const rule: Record<string, unknown> = { action: form.action, match };
  if (form.delayMs && form.action === 'delay') rule.delayMs = Number(form.delayMs);
  if (form.code && form.action === 'respond') rule.code = form.code;
  return rule;
};

const send = async (method: string, path: string, body?: unknown): Promise<string | null> => {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return null;
  const text = await response.text();
  return `HTTP ${response.status}: ${text.slice(0, 300)}`;
};

const RuleList = ({ service, onError }: { service: ServiceFaults; onError: (e: string | null) => void }) => (
  <div class="faults-of" data-testid="faults-of" data-participant={service.participant}>
    <h3>
      {service.participant}{' '}
      {service.available && service.rules.length > 0 ? (
        <button
          data-testid="clear-all"
          onClick={() => void send('DELETE', `api/faults/${service.participant}`).then(onError)}
        >
          clear all
        </button>
      ) : null}
    </h3>
    {!service.available ? (
      <p class="muted" data-testid="faults-unavailable">
        {service.error ?? 'not available'}
      </p>
    ) : service.rules.length === 0 ? (
      <p class="muted">no rules</p>
    ) : (
      <ul>
        {service.rules.map((rule) => (
          <li key={rule.id} data-testid="fault-rule" data-rule={rule.id}>
            <b>{rule.action}</b> <span class="mono">{JSON.stringify(rule.rule)}</span>{' '}
            <span class="muted">fired {rule.fired ?? '?'}</span>{' '}
            <button
              data-testid="clear-rule"
              onClick={() =>
                void send('DELETE', `api/faults/${service.participant}/${encodeURIComponent(rule.id)}`).then(
                  onError,
                )
              }
            >
              clear
            </button>
          </li>
        ))}
      </ul>
    )}
  </div>
);

type Props = { faults: ServiceFaults[]; messageTypes: string[] };

export const FaultsPanel = ({ faults, messageTypes }: Props) => {
  const [form, setForm] = useState<Form>({
    participant:
      faults.find((f) => f.participant.startsWith('bank.'))?.participant ?? faults[0]?.participant ?? '',
    action: 'drop',
    messageType: 'upi.ReqPay.DEBIT.v1',
    leg: '',
    fraction: '1',
    count: '',
    vpa: '',
    account: '',
    amount: '',
    delayMs: '3000',
    code: '96',
  });
  const [json, setJson] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = (field: keyof Form) => (event: Event) => {
    setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value });
    setJson(null);
  };
  const text = json ?? JSON.stringify(ruleOf(form), null, 2);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    let rule: unknown;
    try {
      rule = JSON.parse(text);
    } catch {
      return setError('the rule is not valid JSON');
    }
    setError(await send('POST', `api/faults/${form.participant}`, rule));
  };
  const input = (field: keyof Form, label: string, placeholder = '') => (
    <label>
      {label}
      <input name={field} value={form[field]} placeholder={placeholder} onInput={update(field)} />
    </label>
  );
  return (
    <section class="card faults" data-testid="faults">
      <h2>Failure injection</h2>
      <div class="fault-lists">
        {faults.map((service) => (
          <RuleList key={service.participant} service={service} onError={setError} />
        ))}
      </div>
      <form class="rule-form" data-testid="fault-form" onSubmit={(e) => void submit(e)}>
        <label>
          service
          <select name="participant" value={form.participant} onChange={update('participant')}>
            {faults.map((f) => (
              <option key={f.participant} value={f.participant}>
                {f.participant}
              </option>
            ))}
          </select>
        </label>
        <label>
          action
          <select name="action" value={form.action} onChange={update('action')}>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          message type
          <select name="messageType" value={form.messageType} onChange={update('messageType')}>
            <option value="">any</option>
            {messageTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          leg
          <select name="leg" value={form.leg} onChange={update('leg')}>
            {LEGS.map((l) => (
              <option key={l} value={l}>
                {l || 'any'}
              </option>
            ))}
          </select>
        </label>
        {input('fraction', 'fraction', '0–1')}
        {input('count', 'count', 'at most n times')}
        {input('vpa', 'VPA')}
        {input('account', 'account')}
        {input('amount', 'amount ₹')}
        {form.action === 'delay' ? input('delayMs', 'delay ms') : null}
        {form.action === 'respond' ? input('code', 'code', '96, CS, XY…') : null}
        <label class="wide">
          rule (JSON, sent as is)
          <textarea name="rule" rows={6} value={text} onInput={(e) => setJson(e.currentTarget.value)} />
        </label>
        <button
          type="submit"
          data-testid="set-rule"
          disabled={!faults.find((f) => f.participant === form.participant)?.available}
        >
          set rule
        </button>
        {error ? (
          <p class="error" data-testid="fault-error">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
};

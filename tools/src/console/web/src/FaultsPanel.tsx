/**
 * Failure injection: every service's rules (with how often each fired), a button to clear one or all, and
 * a form that builds a rule. The form fills the rule's JSON, which can be edited before it is sent: the
 * service's own schema decides (it answers 400 with the reason otherwise). A service without the
 * endpoint shows "not available".
 */
import { useState } from 'preact/hooks';
import type { FaultRuleView, ServiceFaults } from '../../liveTypes.ts';

/** outbox's FaultRuleInput (docs/failures.md): the service validates, this page only builds. */
const ACTIONS = ['delay', 'drop', 'respond', 'crash', 'duplicate', 'lose_answer'] as const;
/** Reversals only: the leg being reversed. */
const SUB_TYPES = ['', 'DEBIT', 'CREDIT'];

type Form = {
  participant: string;
  action: (typeof ACTIONS)[number];
  type: string;
  subType: string;
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
  const rule: Record<string, unknown> = { type: form.type || '*', action: form.action };
  if (form.subType) rule.subType = form.subType;
  if (form.fraction && form.fraction !== '1') rule.fraction = Number(form.fraction);
  if (form.count) rule.count = Number(form.count);
  if (form.vpa) rule.vpa = form.vpa;
  if (form.account) rule.account = form.account;
  if (form.amount) rule.amountMinor = Math.round(Number(form.amount) * 100);
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

const Rule = ({
  service,
  rule,
  onError,
}: {
  service: ServiceFaults;
  rule: FaultRuleView;
  onError: (e: string | null) => void;
}) => (
  <li data-testid="fault-rule" data-rule={rule.id} data-source={rule.source} data-fired={rule.fired ?? ''}>
    <b>{rule.action}</b> <span class="mono rule-json">{JSON.stringify(rule.rule)}</span>{' '}
    <span class="muted">fired {rule.fired ?? '?'}</span>{' '}
    <button
      data-testid="clear-rule"
      onClick={() =>
        void send('DELETE', `api/faults/${service.participant}/${encodeURIComponent(rule.id)}`).then(onError)
      }
    >
      clear
    </button>
  </li>
);

/**
 * A service's rules: the ones set through the page or the API in full; the ones it started with (SY_FAULTS:
 * the magic amounts and VPAs of docs/failures.md) folded, with how many fired.
 */
const RuleList = ({ service, onError }: { service: ServiceFaults; onError: (e: string | null) => void }) => {
  const set = service.rules.filter((r) => r.source === 'api');
  const standing = service.rules.filter((r) => r.source === 'config');
  const firedStanding = standing.reduce((sum, r) => sum + (r.fired ?? 0), 0);
  return (
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
      ) : (
        <>
          {set.length === 0 ? (
            <p class="muted" data-testid="no-rules">
              no rules set
            </p>
          ) : (
            <ul>
              {set.map((rule) => (
                <Rule key={rule.id} service={service} rule={rule} onError={onError} />
              ))}
            </ul>
          )}
          {standing.length > 0 ? (
            <details data-testid="standing-rules" data-count={standing.length}>
              <summary class="muted">
                {standing.length} set at start (magic amounts), fired {firedStanding}
              </summary>
              <ul>
                {standing.map((rule) => (
                  <Rule key={rule.id} service={service} rule={rule} onError={onError} />
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </div>
  );
};

type Props = { faults: ServiceFaults[]; messageTypes: string[] };

export const FaultsPanel = ({ faults, messageTypes }: Props) => {
  const [form, setForm] = useState<Form>({
    participant:
      faults.find((f) => f.participant.startsWith('bank.'))?.participant ?? faults[0]?.participant ?? '',
    action: 'drop',
    type: 'upi.ReqPay.DEBIT.v1',
    subType: '',
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
          <select name="type" value={form.type} onChange={update('type')}>
            <option value="">any it handles</option>
            {messageTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          reversed leg
          <select name="subType" value={form.subType} onChange={update('subType')}>
            {SUB_TYPES.map((l) => (
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

/**
 * The feed of recent payments, and one payment's detail: its hops across every service (the console's
 * trace: message, from → to, time, code, where it is now) and what each customer's app shows.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FeedPayment } from '../../liveTypes.ts';
import type { CustomerView, Trace } from '../../../trace/traceTypes.ts';
import { clock, clockMs, rupees } from './format.ts';

const outcome = (p: FeedPayment): string =>
  p.finalStatus === null ? p.status : `${p.finalStatus}${p.errCode ? ` ${p.errCode}` : ''}`;

type FeedProps = { payments: FeedPayment[]; selected: string | null; onSelect: (txnId: string) => void };

export const PaymentsFeed = ({ payments, selected, onSelect }: FeedProps) => (
  <section class="card feed" data-testid="feed">
    <h2>Recent payments</h2>
    <table>
      <thead>
        <tr>
          <th>received</th>
          <th>txn id</th>
          <th>payer → payee</th>
          <th>amount</th>
          <th>outcome</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr
            key={p.txnId}
            class={`clickable ${p.txnId === selected ? 'selected' : ''}`}
            data-testid="payment-row"
            data-txn={p.txnId}
            onClick={() => onSelect(p.txnId)}
          >
            <td>{clock(p.receivedAt)}</td>
            <td class="mono">{p.txnId}</td>
            <td>
              {p.payerAddr} → {p.payeeAddr}
            </td>
            <td>{rupees(p.amountMinor)}</td>
            <td>
              <span class={`badge ${p.finalStatus ?? 'PENDING'}`}>{outcome(p)}</span>
              {p.declineClass ? <span class="muted"> {p.declineClass}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

const CustomerBox = ({ view, title }: { view: CustomerView | null; title: string }) => (
  <div class="customer" data-testid={title === "Payer's app" ? 'payer-view' : 'payee-view'}>
    <h3>
      {title} {view ? <span class="muted">({view.psp})</span> : null}
    </h3>
    {view === null ? (
      <p class="muted">no record</p>
    ) : (
      <>
        <p class="big">
          <span class={`badge ${view.status}`}>{view.status}</span> {view.errCode ?? ''}{' '}
          {view.declineClass ? <span class="muted">({view.declineClass})</span> : null}
        </p>
        <p>
          ₹{view.amount} {view.payerVpa} → {view.payeeVpa}
        </p>
        <p class="muted">
          {view.legs.map((leg) => `${leg.type} ${leg.respCode}`).join(' · ') || 'no legs yet'}
          {view.custRef ? ` · RRN ${view.custRef}` : ''}
        </p>
      </>
    )}
  </div>
);

export const PaymentDetail = ({ txnId, onClose }: { txnId: string; onClose: () => void }) => {
  const [trace, setTrace] = useState<Trace | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const response = await fetch(`api/payments/${txnId}/trace`);
      if (!live) return;
      if (response.ok) setTrace((await response.json()) as Trace);
      else setError(`HTTP ${response.status}`);
    };
    void load().catch((e: unknown) => setError(String(e)));
    return () => {
      live = false;
    };
  }, [txnId]);
  return (
    <section class="card detail" data-testid="payment-detail">
      <header>
        <h2>
          Payment <span class="mono">{txnId}</span>{' '}
          {trace ? (
            <span class={`badge ${trace.finalStatus ?? 'PENDING'}`} data-testid="detail-status">
              {trace.finalStatus ?? trace.switchStatus ?? 'unknown'} {trace.errCode ?? ''}
            </span>
          ) : null}
        </h2>
        <button onClick={onClose}>close</button>
      </header>
      {error ? <p class="error">{error}</p> : null}
      {trace === null ? (
        <p class="muted">loading…</p>
      ) : (
        <>
          <div class="customers">
            <CustomerBox title="Payer's app" view={trace.payerView} />
            <CustomerBox title="Payee's app" view={trace.payeeView} />
          </div>
          <table class="hops">
            <thead>
              <tr>
                <th>+ms</th>
                <th>time</th>
                <th>message</th>
                <th>from → to</th>
                <th>code</th>
                <th>state</th>
                <th>notes</th>
              </tr>
            </thead>
            <tbody>
              {trace.hops.map((hop, i) => (
                <tr key={`${hop.messageId ?? 'hop'}-${i}`} data-testid="hop" data-state={hop.state}>
                  <td class="num">{hop.msSinceStart ?? ''}</td>
                  <td>{(hop.sentAt ?? hop.receivedAt) ? clockMs(hop.sentAt ?? hop.receivedAt!) : ''}</td>
                  <td>{hop.message}</td>
                  <td>
                    {hop.from} → {hop.to}
                  </td>
                  <td class="mono">{hop.code ?? ''}</td>
                  <td>
                    <span class={`badge ${hop.state.replace(' ', '-')}`}>{hop.state}</span>
                  </td>
                  <td class="muted">{hop.notes.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
};

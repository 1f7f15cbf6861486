/** Declines by code (bar chart), each bank's health and breaker, each service's queues. */
import type { Decline, Snapshot } from '../../liveTypes.ts';
import { BarChart } from './charts.tsx';
import { count } from './format.ts';

const CLASS_COLOR: Record<string, string> = { TD: '#dc2626', BD: '#d97706' };

export const DeclinesPanel = ({ declines, seconds }: { declines: Decline[]; seconds: number }) => (
  <section class="card" data-testid="declines">
    <h2>Declines by code (last {seconds} s)</h2>
    {declines.length === 0 ? <p class="muted">none</p> : null}
    <BarChart
      labels={declines.map((d) => `${d.code} (${d.declineClass})`)}
      values={declines.map((d) => d.count)}
      colors={declines.map((d) => CLASS_COLOR[d.declineClass] ?? '#64748b')}
    />
    <ul class="codes">
      {declines.map((d) => (
        <li key={d.code} data-testid="decline-code" data-code={d.code}>
          <b>{d.code}</b> {d.declineClass} × {count(d.count)}
        </li>
      ))}
    </ul>
  </section>
);

const badge = (value: string) => <span class={`badge ${value.replace(/[^a-z-]/gi, '')}`}>{value}</span>;

export const BanksPanel = ({ snapshot }: { snapshot: Snapshot }) => (
  <section class="card" data-testid="banks">
    <h2>Banks</h2>
    <table>
      <thead>
        <tr>
          <th>bank</th>
          <th>health</th>
          <th>breaker at the switch</th>
        </tr>
      </thead>
      <tbody>
        {snapshot.banks.map((bank) => (
          <tr key={bank.id} data-testid="bank-row" data-bank={bank.id}>
            <td>
              {bank.name}
              <div class="muted">{bank.id}</div>
            </td>
            <td>{badge(bank.health)}</td>
            <td data-testid="breaker">
              {!snapshot.breakersAvailable ? (
                <span class="muted">not available</span>
              ) : bank.breaker === null ? (
                <span class="muted">none</span>
              ) : (
                <>
                  {badge(bank.breaker.status)}{' '}
                  <span class="muted">
                    {Object.entries(bank.breaker.details)
                      .map(([k, v]) => `${k} ${String(v)}`)
                      .join(' · ')}
                  </span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

export const ServicesPanel = ({ snapshot }: { snapshot: Snapshot }) => (
  <section class="card" data-testid="services">
    <h2>Services</h2>
    <table>
      <thead>
        <tr>
          <th>service</th>
          <th>health</th>
          <th title="rows not yet published (oldest, s)">outbox</th>
          <th title="ready messages in its work queue">queue</th>
          <th title="messages in its dead-letter queue">DLQ</th>
          <th title="dead-lettered since start">dead</th>
          <th title="duplicate deliveries absorbed by the inbox">dup</th>
        </tr>
      </thead>
      <tbody>
        {snapshot.services.map((s) => (
          <tr key={s.id} data-testid="service-row" data-service={s.id}>
            <td>{s.id}</td>
            <td>{badge(s.health)}</td>
            <td>
              {count(s.outboxPending)}
              {s.outboxOldestSeconds ? (
                <span class="muted"> ({s.outboxOldestSeconds.toFixed(1)} s)</span>
              ) : null}
            </td>
            <td>{count(s.queueDepth)}</td>
            <td data-testid="dlq-depth">{count(s.dlqDepth)}</td>
            <td>{count(s.deadLettered)}</td>
            <td>{count(s.duplicatesAbsorbed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

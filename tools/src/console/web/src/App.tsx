/** The console's page: live figures, the network's state, the payment feed and failure injection. */
import { useState } from 'preact/hooks';
import { FaultsPanel } from './FaultsPanel.tsx';
import { FiguresPanel } from './FiguresPanel.tsx';
import { BanksPanel, DeclinesPanel, ServicesPanel } from './NetworkPanels.tsx';
import { PaymentDetail, PaymentsFeed } from './PaymentsPanel.tsx';
import { count } from './format.ts';
import { useLive } from './useLive.ts';

export const App = () => {
  const live = useLive();
  const [selected, setSelected] = useState<string | null>(null);
  const { snapshot, hello } = live;
  if (!snapshot || !hello)
    return <p class="connecting">{live.connected ? 'waiting for the first figures…' : 'connecting…'}</p>;
  const completed = Object.entries(snapshot.completed);
  return (
    <main>
      <header class="top">
        <h1>Switchyard network console</h1>
        <span class={`badge ${live.connected ? 'ok' : 'down'}`} data-testid="connection">
          {live.connected ? 'live' : 'reconnecting'}
        </span>
        <span class="muted">
          prefix {snapshot.prefix} · completed since the switch started:{' '}
          {completed.length === 0
            ? 'none'
            : completed.map(([status, n]) => `${status} ${count(n)}`).join(' · ')}
        </span>
        {snapshot.problems.length > 0 ? (
          <span class="error" data-testid="problems">
            {snapshot.problems.join(' · ')}
          </span>
        ) : null}
      </header>
      <FiguresPanel series={live.series} windows={hello.windows} />
      <div class="row">
        <DeclinesPanel declines={snapshot.declines} seconds={hello.windows.latencySeconds} />
        <BanksPanel snapshot={snapshot} />
        <ServicesPanel snapshot={snapshot} />
      </div>
      {selected ? <PaymentDetail key={selected} txnId={selected} onClose={() => setSelected(null)} /> : null}
      <div class="row two">
        <PaymentsFeed payments={snapshot.payments} selected={selected} onSelect={setSelected} />
        <FaultsPanel faults={snapshot.faults} messageTypes={hello.messageTypes} />
      </div>
    </main>
  );
};

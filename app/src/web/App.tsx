/**
 * The app's frame: which PSP (the path's handle) and which phone (?phone=), the SMS notifications, the
 * session (registration when there is none), the live status socket, and the screen shown.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { PaymentView } from '@switchyard/psp';
import type { AppConfig } from '../appConfig.ts';
import { createPspClient, PspClientError, type PspSession, type VpaInfo } from '../pspClient.ts';
import { AppContext, type AppState, type Screen } from './appContext.ts';
import { Home } from './screens/Home.tsx';
import { History } from './screens/History.tsx';
import { LinkAccount } from './screens/LinkAccount.tsx';
import { Pay } from './screens/Pay.tsx';
import { PaymentStatus } from './screens/PaymentStatus.tsx';
import { PinSetup } from './screens/PinSetup.tsx';
import { Receive } from './screens/Receive.tsx';
import { Register } from './screens/Register.tsx';
import { ChoosePhone } from './screens/ChoosePhone.tsx';
import { SmsTray } from './SmsTray.tsx';
import { usePhone } from './phone.ts';
import { rupees } from './ui.tsx';
import { forgetStored, loadStored, saveStored, type Stored } from './session.ts';

const handle = location.pathname.split('/').filter(Boolean)[0] ?? 'zap';
const params = new URLSearchParams(location.search);
const MOBILE = /^[6-9][0-9]{9}$/;

const useConfig = (): AppConfig | undefined => {
  const [config, setConfig] = useState<AppConfig>();
  useEffect(() => {
    void fetch('./app-config.json')
      .then((response) => response.json() as Promise<AppConfig>)
      .then(setConfig);
  }, []);
  return config;
};

/** Keeps the status socket open while signed in; a dropped socket is opened again after a pause. */
const useStatusSocket = (
  client: AppState['client'],
  session: PspSession | undefined,
  onPayment: (payment: PaymentView) => void,
): boolean => {
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!session) return undefined;
    let stopped = false;
    let close = (): void => undefined;
    const connect = async (): Promise<void> => {
      while (!stopped) {
        try {
          const socket = await client.openStatusSocket(session, onPayment);
          close = socket.close;
          setLive(true);
          await socket.closed;
        } catch {
          /* refused or dropped: try again below */
        }
        setLive(false);
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    void connect();
    return () => {
      stopped = true;
      close();
    };
  }, [client, session, onPayment]);
  return live;
};

export const App = () => {
  const config = useConfig();
  const [mobile, setMobile] = useState(
    MOBILE.test(params.get('phone') ?? '') ? params.get('phone')! : undefined,
  );
  const phone = usePhone(mobile);
  const client = useMemo(() => createPspClient({ baseUrl: `/${handle}/api`, socketAuth: 'firstFrame' }), []);
  const [stored, setStored] = useState<Stored | undefined>(() =>
    mobile ? loadStored(handle, mobile) : undefined,
  );
  const [vpas, setVpas] = useState<VpaInfo[]>([]);
  const [payments, setPayments] = useState(new Map<string, PaymentView>());
  const [screen, go] = useState<Screen>({ name: 'home' });

  const [received, setReceived] = useState<PaymentView>();
  const remember = useCallback((payment: PaymentView) => {
    setPayments((current) => {
      const before = current.get(payment.txnId);
      if (payment.role === 'PAYEE' && payment.status === 'SUCCESS' && before?.status !== 'SUCCESS')
        setReceived(payment);
      return new Map(current).set(payment.txnId, payment);
    });
  }, []);
  const live = useStatusSocket(client, stored?.session, remember);
  const signOut = useCallback(() => {
    if (mobile) forgetStored(handle, mobile);
    setStored(undefined);
  }, [mobile]);
  const reloadVpas = useCallback(async () => {
    if (!stored) return;
    try {
      setVpas(await client.vpas(stored.session));
    } catch (error) {
      if (error instanceof PspClientError && error.status === 401) signOut();
    }
  }, [client, stored, signOut]);
  useEffect(() => void reloadVpas(), [reloadVpas]);

  if (!config) return <div class="phone loading">Loading…</div>;
  if (!mobile) return <ChoosePhone pspName={config.pspName} onChoose={setMobile} />;
  const frame = (body: preact.ComponentChildren) => (
    <div class="phone">
      <SmsTray messages={phone.messages} />
      {received && (
        <button class="toast" data-testid="received" onClick={() => setReceived(undefined)}>
          Received {rupees(received.amountMinor)} from {received.payerVpa}
        </button>
      )}
      <header class="bar">
        <strong>{config.pspName}</strong>
        <span class="who">
          {stored?.name ?? 'Not registered'} · {mobile}
        </span>
        {stored && (
          <span class={live ? 'dot live' : 'dot'} title={live ? 'live' : 'offline'} data-live={live} />
        )}
      </header>
      {body}
    </div>
  );
  if (!stored)
    return frame(
      <Register
        client={client}
        phone={phone}
        mobile={mobile}
        initialName={params.get('name') ?? ''}
        onRegistered={(next) => {
          saveStored(handle, next);
          setStored(next);
        }}
      />,
    );
  const state: AppState = {
    config,
    client,
    phone,
    mobile,
    name: stored.name,
    session: stored.session,
    vpas,
    reloadVpas,
    payments,
    remember,
    live,
    go,
    signOut,
  };
  return frame(
    <AppContext.Provider value={state}>
      <nav class="tabs">
        {(['home', 'pay', 'receive', 'history'] as const).map((name) => (
          <button
            class={screen.name === name ? 'on' : ''}
            onClick={() => go({ name } as Screen)}
            data-tab={name}
          >
            {name[0].toUpperCase() + name.slice(1)}
          </button>
        ))}
      </nav>
      <main>{screenOf(screen)}</main>
    </AppContext.Provider>,
  );
};

const screenOf = (screen: Screen) => {
  switch (screen.name) {
    case 'home':
      return <Home />;
    case 'link':
      return <LinkAccount />;
    case 'pin':
      return <PinSetup vpa={screen.vpa} mode={screen.mode} />;
    case 'pay':
      return <Pay intentText={screen.intentText} />;
    case 'receive':
      return <Receive />;
    case 'payment':
      return <PaymentStatus txnId={screen.txnId} />;
    case 'history':
      return <History />;
  }
};

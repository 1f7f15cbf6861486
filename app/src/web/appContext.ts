/** What every screen of the app shares: the PSP client, this phone, the session and its data. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppConfig } from '../appConfig.ts';
import type { PspClient, PspSession, VpaInfo } from '../pspClient.ts';
import type { PhoneState } from './phone.ts';
import type { PaymentView } from '@switchyard/psp';

export type Screen =
  | { name: 'home' }
  | { name: 'link' }
  | { name: 'pin'; vpa: string; mode: 'set' | 'change' }
  | { name: 'pay'; intentText?: string }
  | { name: 'receive' }
  | { name: 'payment'; txnId: string }
  | { name: 'history' };

export type AppState = {
  config: AppConfig;
  client: PspClient;
  phone: PhoneState;
  mobile: string;
  name: string;
  session: PspSession;
  vpas: VpaInfo[];
  reloadVpas: () => Promise<void>;
  /** Payments by txn id, kept current by the status socket. */
  payments: Map<string, PaymentView>;
  remember: (payment: PaymentView) => void;
  live: boolean;
  go: (screen: Screen) => void;
  signOut: () => void;
};

export const AppContext = createContext<AppState | undefined>(undefined);

export const useApp = (): AppState => {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the app');
  return state;
};

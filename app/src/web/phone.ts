/**
 * The phone's SMS inbox in the page: a stream of server-sent events from the app server's bridge
 * (server/smsBridge.ts), which listens on the simulated phone network for this number. `ready` means the
 * phone is listening: an SMS sent before that is lost, so the page asks for codes only once it is ready.
 */
import { useEffect, useState } from 'preact/hooks';

export type Sms = { from: string; text: string; sentAt: string };
export type PhoneState = { ready: boolean; messages: Sms[] };

const CODE = /\b([0-9]{6})\b/;
export const codeIn = (sms: Sms): string | undefined => CODE.exec(sms.text)?.[1];

/** Listens while the component is mounted; reconnects (EventSource does) when the stream drops. */
export const usePhone = (mobile: string | undefined): PhoneState => {
  const [state, setState] = useState<PhoneState>({ ready: false, messages: [] });
  useEffect(() => {
    if (!mobile) return undefined;
    const source = new EventSource(`/phone/${encodeURIComponent(mobile)}/sms`);
    source.addEventListener('ready', () => setState((s) => ({ ...s, ready: true })));
    source.addEventListener('error', () => setState((s) => ({ ...s, ready: false })));
    source.addEventListener('sms', (event) => {
      const sms = JSON.parse((event as MessageEvent<string>).data) as Sms;
      setState((s) => ({ ...s, messages: [sms, ...s.messages].slice(0, 20) }));
    });
    return () => source.close();
  }, [mobile]);
  return state;
};

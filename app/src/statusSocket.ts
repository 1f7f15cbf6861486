/**
 * The PSP's status WebSocket (`GET /v1/ws`), from Node or from a browser. The PSP authenticates the upgrade
 * with the same headers as every user endpoint; a browser cannot set WebSocket headers, so there the app
 * server's bridge (server/statusBridge.ts) takes the credentials from the socket's first frame and opens the
 * PSP's socket with headers. Either way the first frame from the PSP is `{ event: 'ready' }`, then one
 * `{ event: 'payment.status', …PaymentView }` per change of a payment of the user (as payer or payee).
 */
import type { PaymentView } from '@switchyard/psp';

/** `headers`: Authorization + X-Device-Id on the upgrade (Node). `firstFrame`: an AuthFrame once open. */
export type SocketAuth = 'headers' | 'firstFrame';
export type StatusSocket = { close: () => void; closed: Promise<void> };
/** The first frame a browser sends the app server's bridge. */
export type AuthFrame = { type: 'auth'; token: string; deviceId: string };

type Session = { token: string; deviceId: string };

/** ws(s):// for an http(s) URL, resolving a same-origin path against the page's address in a browser. */
const socketUrlOf = (url: string): string => {
  const absolute = /^https?:/.test(url) ? url : new URL(url, globalThis.location?.href).toString();
  return absolute.replace(/^http/, 'ws');
};

/**
 * Opens the socket; resolves once the PSP confirmed the subscription.
 * @throws Error when the socket fails or closes before it is ready (refused, too many connections…)
 */
export const openStatusSocket = (
  options: { url: string; auth: SocketAuth; session: Session },
  onEvent: (payment: PaymentView) => void,
): Promise<StatusSocket> => {
  const url = socketUrlOf(options.url);
  const { token, deviceId } = options.session;
  const socket =
    options.auth === 'headers'
      ? // Node's WebSocket (undici) accepts request headers as an extension of the standard options.
        new WebSocket(url, {
          headers: { authorization: `Bearer ${token}`, 'x-device-id': deviceId },
        } as unknown as string[])
      : new WebSocket(url);
  const closed = new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let ready = false;
    if (options.auth === 'firstFrame') {
      const frame: AuthFrame = { type: 'auth', token, deviceId };
      socket.addEventListener('open', () => socket.send(JSON.stringify(frame)));
    }
    socket.addEventListener('error', () => reject(new Error(`WebSocket ${url} failed`)));
    socket.addEventListener('close', (event) => {
      if (!ready) reject(new Error(`WebSocket ${url} closed before ready (${event.code} ${event.reason})`));
    });
    socket.addEventListener('message', (event) => {
      const data = JSON.parse(String(event.data)) as { event: string } & PaymentView;
      if (data.event === 'ready') {
        ready = true;
        resolve({ close: () => socket.close(), closed });
      } else if (data.event === 'payment.status') onEvent(data);
    });
  });
};

/**
 * The status socket's bridge: a browser cannot put the PSP's credentials on a WebSocket upgrade, so it
 * opens `/<handle>/api/v1/ws` here and sends them as its first frame (statusSocket.ts AuthFrame); the
 * bridge opens the PSP's own socket with the headers (the app's client, pspClient openStatusSocket) and
 * relays each status event. Credentials pass through, unlogged; nothing is kept.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { createPspClient } from '../pspClient.ts';
import type { AuthFrame } from '../statusSocket.ts';

export type StatusBridgeOptions = {
  handle: string;
  pspUrl: string;
  /** Open bridges at most for this PSP (each holds one socket to the browser and one to the PSP). */
  bridgesMax: number;
  /** How long a browser has to send its auth frame. */
  authTimeoutMs: number;
};

/** RFC 6455 close codes: policy violation, try again later. */
const POLICY = 1008;
const TRY_AGAIN_LATER = 1013;
const FRAME = /^\{"type":"auth","token":"[A-Za-z0-9_-]{1,64}","deviceId":"[A-Za-z0-9._:-]{1,64}"\}$/;

type Counter = { open: number };

const bridge = (socket: WebSocket, options: StatusBridgeOptions, count: Counter): void => {
  if (count.open >= options.bridgesMax) return socket.close(TRY_AGAIN_LATER, 'too many connections');
  count.open += 1;
  const client = createPspClient({ baseUrl: options.pspUrl });
  let upstream: { close(): void } | undefined;
  let done = false;
  const finish = (code?: number, reason?: string): void => {
    if (done) return;
    done = true;
    count.open -= 1;
    clearTimeout(authTimer);
    upstream?.close();
    if (socket.readyState === socket.OPEN) socket.close(code, reason);
  };
  const authTimer = setTimeout(() => finish(POLICY, 'no auth frame'), options.authTimeoutMs);
  socket.on('close', () => finish());
  socket.once('message', (data) => {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
    if (!FRAME.test(text)) return finish(POLICY, 'the first frame must be the auth frame');
    clearTimeout(authTimer);
    const { token, deviceId } = JSON.parse(text) as AuthFrame;
    client
      .openStatusSocket({ userId: '', token, deviceId }, (payment) =>
        socket.send(JSON.stringify({ event: 'payment.status', ...payment })),
      )
      .then(
        (opened) => {
          if (done) return opened.close();
          upstream = opened;
          socket.send(JSON.stringify({ event: 'ready' }));
          void opened.closed.then(() => finish(TRY_AGAIN_LATER, 'the PSP closed the socket'));
        },
        () => finish(POLICY, 'the PSP refused the socket'),
      );
  });
};

/** GET /<handle>/api/v1/ws (WebSocket): the bridge for one PSP. Needs @fastify/websocket registered. */
export const statusBridgeRoutes =
  (options: StatusBridgeOptions) =>
  async (app: FastifyInstance): Promise<void> => {
    const count: Counter = { open: 0 };
    app.get(`/${options.handle}/api/v1/ws`, { websocket: true }, (socket) => bridge(socket, options, count));
  };

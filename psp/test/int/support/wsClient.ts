/** A user's WebSocket (/v1/ws) in a test: frames collected, `next` waits for a matching one. */
import type WebSocket from 'ws';
import type { PspTestApp } from './pspTestApp.ts';
import type { TestUser } from './users.ts';

export type Frame = {
  event: string;
  txnId?: string;
  status?: string;
  errCode?: string | null;
  declineClass?: string | null;
  role?: string;
};

/** Connects to /v1/ws (no socket: injectWS) and collects frames; resolves after the 'ready' frame. */
export const connect = async (
  psp: PspTestApp,
  user: TestUser,
): Promise<{ ws: WebSocket; frames: Frame[]; next(match: (f: Frame) => boolean): Promise<Frame> }> => {
  const frames: Frame[] = [];
  const waiting: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const ws = await psp.app.injectWS(
    '/v1/ws',
    { headers: user.headers },
    {
      onInit: (socket) =>
        socket.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as Frame;
          if (frame.event === 'ready') {
            ready();
            return;
          }
          frames.push(frame);
          for (const w of [...waiting])
            if (w.match(frame)) {
              waiting.splice(waiting.indexOf(w), 1);
              w.resolve(frame);
            }
        }),
    },
  );
  await isReady;
  const next = (match: (f: Frame) => boolean): Promise<Frame> => {
    const seen = frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiting.push({ match, resolve });
      setTimeout(() => reject(new Error('no matching WebSocket frame within 2 s')), 2_000).unref();
    });
  };
  return { ws, frames, next };
};

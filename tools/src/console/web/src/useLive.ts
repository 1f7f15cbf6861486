/**
 * The live connection to the console's server: a WebSocket to /api/live that reconnects after a drop.
 * The first message (hello) brings the chart history; each tick the newest snapshot and chart point.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Hello, LiveMessage, SeriesPoint, Snapshot } from '../../liveTypes.ts';

export type LiveState = {
  connected: boolean;
  series: SeriesPoint[];
  snapshot: Snapshot | null;
  hello: Hello | null;
};

const POINTS_MAX = 300;
const RECONNECT_MS = 1_000;

const next = (state: LiveState, message: LiveMessage): LiveState => {
  if (message.kind === 'hello')
    return { connected: true, series: message.series, snapshot: message.snapshot, hello: message };
  const point = message.snapshot.point;
  const fresh = point !== null && point.t !== state.series.at(-1)?.t;
  return {
    ...state,
    connected: true,
    snapshot: message.snapshot,
    series: fresh ? [...state.series.slice(1 - POINTS_MAX), point] : state.series,
  };
};

export const useLive = (): LiveState => {
  const [state, setState] = useState<LiveState>({
    connected: false,
    series: [],
    snapshot: null,
    hello: null,
  });
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const connect = (): void => {
      const url = new URL('api/live', location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(url);
      socket.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as LiveMessage;
        setState((state) => next(state, message));
      };
      socket.onclose = () => {
        setState((state) => ({ ...state, connected: false }));
        if (!closed) retry = setTimeout(connect, RECONNECT_MS);
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, []);
  return state;
};

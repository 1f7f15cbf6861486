/**
 * A recording tap in front of a service: forwards every HTTP request and WebSocket upgrade unchanged and
 * keeps a copy of each request (method, path, headers, body) — what the service received, byte for byte.
 * The browser test puts it between the app server and the payer's PSP to prove the PIN never reaches the
 * PSP in clear.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
export type RecordingProxy = { url: string; requests: RecordedRequest[]; close(): Promise<void> };

export const startRecordingProxy = async (upstreamUrl: string): Promise<RecordingProxy> => {
  const upstream = new URL(upstreamUrl);
  const requests: RecordedRequest[] = [];
  const spliced = new Set<{ destroy(): void }>();
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: body.toString('utf8'),
      });
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(body);
    });
  });
  // WebSocket upgrades: replay the request head to the service, then splice the two sockets.
  server.on('upgrade', (incoming, socket, head: Buffer) => {
    requests.push({ method: 'UPGRADE', path: incoming.url ?? '', headers: incoming.headers, body: '' });
    const peer = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${incoming.method} ${incoming.url} HTTP/1.1`];
      for (let i = 0; i < incoming.rawHeaders.length; i += 2)
        lines.push(`${incoming.rawHeaders[i]}: ${incoming.rawHeaders[i + 1]}`);
      peer.write(`${lines.join('\r\n')}\r\n\r\n`);
      peer.write(head);
      peer.pipe(socket).pipe(peer);
    });
    spliced.add(peer).add(socket);
    peer.on('error', () => socket.destroy());
    socket.on('error', () => peer.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const socket of spliced) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

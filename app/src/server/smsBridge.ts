/**
 * The phone's SMS, for the browser: `GET /phone/:mobile/sms` is a stream of server-sent events fed by a
 * phone on the simulated phone network (phone/smsInbox.ts) listening on that number for as long as the
 * page keeps the stream open. The app server stands in for the phone's radio: the browser never talks to
 * RabbitMQ. First event `ready` (the phone listens from then on: an SMS sent before is gone), then one
 * `sms` event per message `{ from, text, sentAt }`.
 */
import type { FastifyInstance } from 'fastify';
import type { PhoneNetwork } from '../phone/smsInbox.ts';

export type SmsBridgeOptions = {
  phones: PhoneNetwork;
  /** Open streams at most (each holds a queue on the broker). */
  streamsMax: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  keepAliveMs: number;
};

const MOBILE = '^[6-9][0-9]{9}$';

export const smsBridgeRoutes =
  (options: SmsBridgeOptions) =>
  async (app: FastifyInstance): Promise<void> => {
    let open = 0;
    app.get<{ Params: { mobile: string } }>(
      '/phone/:mobile/sms',
      {
        schema: {
          params: {
            type: 'object',
            properties: { mobile: { type: 'string', pattern: MOBILE } },
            required: ['mobile'],
          },
        },
      },
      async (request, reply) => {
        if (open >= options.streamsMax)
          return reply.code(429).header('retry-after', '5').send({ message: 'too many phones listening' });
        const inbox = await options.phones.inbox(request.params.mobile);
        open += 1;
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        const send = (event: string, data: unknown): boolean =>
          out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        send('ready', { mobile: inbox.mobile });
        const stop = inbox.listen((sms) =>
          send('sms', { from: sms.from, text: sms.text, sentAt: sms.sentAt }),
        );
        const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), options.keepAliveMs);
        const end = (): void => {
          clearInterval(keepAlive);
          stop();
          void inbox.close();
          if (!out.writableEnded) out.end();
        };
        let ended = false;
        const endOnce = (): void => {
          if (ended) return;
          ended = true;
          open -= 1;
          end();
        };
        request.raw.on('close', endOnce);
        void inbox.closed.then(endOnce);
      },
    );
  };

/**
 * `npm run bench:envelope [-- --count N]` — seals then opens N typical ReqPay messages (psp → switch) and
 * prints the cost per message and the throughput; also the PIN block (sealCreds/openCreds). A benchmark
 * that prints figures, not a timed test. Target: seal + open well under 1 ms per message.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  createOpener,
  createSealer,
  createTestKeys,
  openCreds,
  sealCreds,
  type Sealed,
} from '../src/index.ts';
import { fixture } from '../src/fixtures.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '5000' } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
  throw new Error(`--count must be 1..1000000, got ${values.count}`);

const keys = createTestKeys(['switch', 'psp.zap', 'bank.lotus']);
const sealer = createSealer(keys.own('psp.zap'), keys.directory);
const opener = createOpener(keys.own('switch'), keys.directory);
const lotusKey = keys.directory.current('bank.lotus')!;
const lotus = keys.own('bank.lotus');
const now = new Date();
const message = fixture('upi.ReqPay.PAY.v1');
message.payer.creds.data = sealCreds(
  {
    purpose: 'PAY',
    pin: '482916',
    txnId: message.txn.id,
    amountMinor: message.amount.valueMinor,
    sealedAt: now.getTime(),
  },
  lotusKey,
);
const messageIds = Array.from({ length: count }, () => randomUUID());

const time = (run: () => void): number => {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1000; // µs
};

// Warm up (JIT, shared-key and KeyObject caches) outside the measurement.
for (let i = 0; i < 200; i += 1) {
  const sealed = sealer.seal({
    recipient: 'switch',
    message,
    messageId: randomUUID(),
    correlationId: message.txn.id,
    now,
  });
  if (!opener.open({ body: sealed.body, amqpMessageId: sealed.headers.messageId, now }).ok)
    throw new Error('warm-up open failed');
  openCreds(
    sealCreds({ purpose: 'PAY', pin: '4829', txnId: message.txn.id, amountMinor: 1, sealedAt: 1 }, lotusKey),
    lotus,
  );
}

const sealedAll: Sealed[] = new Array<Sealed>(count);
const sealUs = time(() => {
  for (let i = 0; i < count; i += 1) {
    sealedAll[i] = sealer.seal({
      recipient: 'switch',
      message,
      messageId: messageIds[i],
      correlationId: message.txn.id,
      now,
    });
  }
});
let failures = 0;
const openUs = time(() => {
  for (const sealed of sealedAll) {
    if (!opener.open({ body: sealed.body, amqpMessageId: sealed.headers.messageId, now }).ok) failures += 1;
  }
});
if (failures > 0) throw new Error(`${failures} of ${count} envelopes failed to open`);

const credsCount = Math.min(count, 2000);
const blocks: string[] = [];
const credsSealUs = time(() => {
  for (let i = 0; i < credsCount; i += 1) {
    blocks.push(
      sealCreds(
        {
          purpose: 'PAY',
          pin: '482916',
          txnId: message.txn.id,
          amountMinor: 25_000,
          sealedAt: now.getTime(),
        },
        lotusKey,
      ),
    );
  }
});
const credsOpenUs = time(() => {
  for (const block of blocks) if (!openCreds(block, lotus).ok) throw new Error('creds failed to open');
});

const row = (label: string, totalUs: number, n: number): string =>
  `${label.padEnd(22)} ${(totalUs / n).toFixed(1).padStart(8)} µs/msg ${Math.round((n * 1e6) / totalUs)
    .toLocaleString('en-US')
    .padStart(10)} ops/s`;
console.log(
  `envelope bench: ${count} ReqPay.PAY messages, body ${sealedAll[0].body.length} bytes, node ${process.version}`,
);
console.log(row('seal', sealUs, count));
console.log(row('open', openUs, count));
console.log(row('seal + open', sealUs + openUs, count));
console.log(row('creds seal (client)', credsSealUs, credsCount));
console.log(row('creds open (bank)', credsOpenUs, credsCount));

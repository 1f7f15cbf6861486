import { expect } from 'chai';
import { createAdmission } from '../../src/runtime/admission.ts';
import { createStatusHub, type StatusSocket } from '../../src/runtime/statusHub.ts';
import { createUpstreamWaiters } from '../../src/runtime/upstreamWaiters.ts';
import type { PaymentView } from '../../src/domain/paymentView.ts';

describe('psp runtime: admission', () => {
  it('admits up to inFlightMax, frees on release, and forgets entries older than ageMsMax', () => {
    const admission = createAdmission({ inFlightMax: 2, perUserMax: 10, ageMsMax: 1_000 });
    expect(admission.tryAcquire('a', 'u1', 0)).to.deep.equal({ admitted: true, fresh: true });
    expect(admission.tryAcquire('a', 'u1', 1)).to.deep.equal({ admitted: true, fresh: false });
    expect(admission.tryAcquire('b', 'u2', 10)).to.deep.equal({ admitted: true, fresh: true });
    expect(admission.tryAcquire('c', 'u3', 20)).to.deep.equal({ admitted: false, refusal: 'total' });
    admission.release('a');
    admission.release('a');
    expect(admission.tryAcquire('c', 'u3', 30)).to.deep.equal({ admitted: true, fresh: true });
    expect(admission.inFlight(500)).to.equal(2);
    expect(admission.inFlight(1_011)).to.equal(1); // b (10) is stale, c (30) is not
    expect(admission.tryAcquire('d', 'u2', 1_040)).to.deep.equal({ admitted: true, fresh: true });
  });

  it("holds each user to perUserMax, counting only that user's payments, freed on release or age", () => {
    const admission = createAdmission({ inFlightMax: 100, perUserMax: 2, ageMsMax: 1_000 });
    expect(admission.tryAcquire('a1', 'asha', 0)).to.include({ admitted: true });
    expect(admission.tryAcquire('a2', 'asha', 1)).to.include({ admitted: true });
    expect(admission.tryAcquire('a3', 'asha', 2)).to.deep.equal({ admitted: false, refusal: 'user' });
    expect(admission.tryAcquire('v1', 'vikram', 3)).to.include({ admitted: true });
    expect([
      admission.inFlight(4, 'asha'),
      admission.inFlight(4, 'vikram'),
      admission.inFlight(4),
    ]).to.deep.equal([2, 1, 3]);
    admission.release('a1');
    expect(admission.tryAcquire('a3', 'asha', 5)).to.deep.equal({ admitted: true, fresh: true });
    expect(admission.tryAcquire('a4', 'asha', 1_002)).to.deep.equal({ admitted: true, fresh: true }); // a2 aged out
    expect(admission.inFlight(1_002, 'asha')).to.equal(2);
  });

  it('lowers the total limit after a window of slow finishes, and tryAcquire holds to it', () => {
    const changes: unknown[] = [];
    const admission = createAdmission({
      inFlightMax: 10,
      perUserMax: 100,
      ageMsMax: 60_000,
      adaptive: { latencyTargetMs: 100, inFlightMin: 3, windowMs: 1_000, windowSamplesMin: 2 },
      onLimitChange: (change) => changes.push(change),
    });
    expect(admission.limit()).to.equal(10);
    for (let i = 0; i < 10; i += 1) admission.tryAcquire(`p${i}`, 'u', 0);
    expect(admission.tryAcquire('p10', 'u', 0)).to.deep.equal({ admitted: false, refusal: 'total' });
    // slow, but a window lasts 1 s from its first sample and holds at least 2 payments
    admission.finish('p0', 500);
    admission.finish('p1', 900);
    expect(admission.limit()).to.equal(10);
    admission.finish('p2', 1_500); // the window closes: p99 1500 ms = 15 × the target → × 0.5 (the most)
    expect(admission.limit()).to.equal(5);
    expect(changes).to.deep.equal([{ limit: 5, p99Ms: 1_500, change: 'decrease', previous: 10, samples: 3 }]);
    // 7 in flight, limit 5: refused until fewer than 5 are in flight, then one more
    expect(admission.tryAcquire('q1', 'u', 1_500)).to.deep.equal({ admitted: false, refusal: 'total' });
    for (const txnId of ['p3', 'p4', 'p5']) admission.release(txnId);
    expect(admission.tryAcquire('q1', 'u', 1_500)).to.include({ admitted: true });
    expect(admission.tryAcquire('q2', 'u', 1_500)).to.deep.equal({ admitted: false, refusal: 'total' });
    expect(admission.inFlight(1_500)).to.equal(5);
  });

  it('raises the limit by one only when a fast window reached it', () => {
    const admission = createAdmission({
      inFlightMax: 10,
      perUserMax: 100,
      ageMsMax: 60_000,
      adaptive: { latencyTargetMs: 100, inFlightMin: 3, windowMs: 0, windowSamplesMin: 1 },
    });
    admission.tryAcquire('slow', 'u', 0);
    admission.finish('slow', 105); // just over the target: × 0.9
    expect(admission.limit()).to.equal(9);
    for (let i = 0; i < 9; i += 1) admission.tryAcquire(`b${i}`, 'u', 1_000);
    expect(admission.tryAcquire('b9', 'u', 1_000)).to.include({ admitted: false });
    admission.finish('b0', 1_010); // fast, and 9 of 9 were in flight
    expect(admission.limit()).to.equal(10);
    admission.finish('b1', 1_020); // fast, but at most 8 of 10 in flight in this window
    expect(admission.limit()).to.equal(10);
  });

  it('takes no sample from a restored or an abandoned payment, and stays fixed without adaptation', () => {
    const admission = createAdmission({
      inFlightMax: 10,
      perUserMax: 1,
      ageMsMax: 60_000,
      adaptive: { latencyTargetMs: 100, inFlightMin: 3, windowMs: 0, windowSamplesMin: 1 },
    });
    admission.restore('old1', 'u', -5_000);
    admission.restore('old2', 'u', -4_000); // restored payments are over no user quota: they were accepted
    admission.restore('old1', 'u', -5_000);
    expect(admission.inFlight(0)).to.equal(2);
    admission.finish('old1', 1_000); // 6 s since it was accepted, across a restart: no sample
    admission.tryAcquire('new', 'v', 1_000);
    admission.release('new'); // abandoned before it was sent: no sample
    admission.finish('new', 9_000); // already freed
    expect([admission.limit(), admission.inFlight(1_000)]).to.deep.equal([10, 1]);

    const fixed = createAdmission({ inFlightMax: 2, perUserMax: 10, ageMsMax: 60_000 });
    fixed.tryAcquire('a', 'u', 0);
    fixed.finish('a', 50_000);
    expect(fixed.limit()).to.equal(2);
  });
});

describe('psp runtime: upstream waiters', () => {
  it('hands the answer to the waiter, or undefined after the timeout', async () => {
    const waiters = createUpstreamWaiters({ waitsMax: 2 });
    const waiter = waiters.register<string>('t1')!;
    setTimeout(() => waiters.resolve('t1', 'answer'), 5);
    expect(await waiter.wait(1_000)).to.equal('answer');
    const slow = waiters.register<string>('t2')!;
    expect(await slow.wait(20)).to.equal(undefined);
    expect(waiters.resolve('t2', 'late')).to.equal(false);
    expect(waiters.size()).to.equal(0);
  });
  it('keeps an answer that arrives before wait() is called, and bounds the number of waiters', async () => {
    const waiters = createUpstreamWaiters({ waitsMax: 1 });
    const early = waiters.register<number>('x')!;
    expect(waiters.register('y')).to.equal(undefined);
    expect(waiters.resolve('x', 42)).to.equal(true);
    expect(await early.wait(10)).to.equal(42);
    const cancelled = waiters.register('z')!;
    cancelled.cancel();
    expect(waiters.size()).to.equal(0);
  });
});

describe('psp runtime: status hub', () => {
  const socket = () => {
    const sent: string[] = [];
    const s: StatusSocket & { sent: string[]; closed?: number } = {
      sent,
      send: (d) => {
        sent.push(d);
      },
      close: (code) => {
        s.closed = code;
      },
    };
    return s;
  };
  it('publishes to every connection of the user only, within per-user and total limits', () => {
    const hub = createStatusHub({ perUserMax: 2, totalMax: 3 });
    const [a1, a2, a3, b1, c1] = [socket(), socket(), socket(), socket(), socket()];
    expect(hub.add('a', a1)).to.equal(true);
    expect(hub.add('a', a2)).to.equal(true);
    expect(hub.add('a', a3)).to.equal(false);
    expect(hub.add('b', b1)).to.equal(true);
    expect(hub.add('c', c1)).to.equal(false); // total
    expect(hub.publish('a', { txnId: 'T', status: 'SUCCESS' } as PaymentView)).to.equal(2);
    expect(JSON.parse(a1.sent[0])).to.deep.equal({ event: 'payment.status', txnId: 'T', status: 'SUCCESS' });
    expect(b1.sent).to.deep.equal([]);
    hub.remove('a', a1);
    hub.remove('a', a1);
    expect(hub.connections('a')).to.equal(1);
    expect(hub.connections()).to.equal(2);
    hub.closeAll(1001, 'bye');
    expect(a2.closed).to.equal(1001);
  });
  it('drops a socket that throws on send and still reaches the others', () => {
    const hub = createStatusHub({ perUserMax: 3, totalMax: 3 });
    const good = socket();
    const broken: StatusSocket = {
      send: () => {
        throw new Error('socket gone');
      },
      close: () => undefined,
    };
    hub.add('a', broken);
    hub.add('a', good);
    expect(hub.publish('a', { txnId: 'T' } as PaymentView)).to.equal(1);
    expect(good.sent).to.have.length(1);
    expect(hub.connections()).to.equal(1);
    hub.remove('a', broken);
    expect(hub.connections()).to.equal(1);
  });
});

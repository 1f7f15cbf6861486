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

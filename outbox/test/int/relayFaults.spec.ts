/**
 * The relay's crash windows (docs/guarantees.md §3): a crash at any fault point loses nothing
 * and, thanks to the inbox, never doubles an effect — even though a crash after the confirm puts the same
 * message on the wire twice. Each point is crashed on both paths: the claim (rows written before the relay
 * started) and the fast path (rows committed while it leads, published from memory).
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { SimulatedCrash, type FaultPointName, type FaultPoints } from '@switchyard/infra/testing';
import { newMessageId } from '@switchyard/contracts';
import { messagingMetrics, type Relay } from '../../src/index.ts';
import {
  CONSUMER_NAME,
  createWorld,
  RECIPIENT,
  sleep,
  until,
  chkTxn,
  type World,
  stopAfterEach,
} from '../support/world.ts';

const duplicatesSeen = async (): Promise<number> => {
  const metric = await messagingMetrics.inboxDuplicatesTotal.get();
  return (
    metric.values.find(
      (v) =>
        (v.labels as Record<string, unknown>).participant === RECIPIENT &&
        (v.labels as Record<string, unknown>).consumer === CONSUMER_NAME,
    )?.value ?? 0
  );
};

const pendingRows = async (world: World): Promise<number> =>
  (await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)) as number;

describe('outbox relay: crash windows, ordering, two relays', function () {
  this.timeout(30_000);
  let world: World;

  before(async () => {
    world = await createWorld();
    await world.startConsumer();
  });
  after(async () => world?.drop());
  // Stopped after each test, pass or fail, so one failure cannot leave a leader behind.
  const started = stopAfterEach();
  const startRelay = (options: Parameters<World['startRelay']>[0] = {}): Relay =>
    started.track(world.startRelay(options));
  afterEach(async () => {
    await world.db.pool.query(sql.unsafe`TRUNCATE effects`);
  });

  const crashCases: Array<{ point: FaultPointName; duplicate: boolean }> = [
    { point: 'afterCommitBeforePublish', duplicate: false },
    { point: 'afterPublishBeforeConfirm', duplicate: true },
    { point: 'afterConfirmBeforeDelete', duplicate: true },
    { point: 'afterDeleteBeforeCommit', duplicate: true },
  ];
  /**
   * Crashes the relay the first time it reaches `point`, noting what its leader session was doing then: a
   * claim holds a transaction open on it ('idle in transaction'), the fast path does not ('idle').
   */
  const crashNoting = (point: FaultPointName) => {
    let entered = false;
    let hits = 0;
    let sessionState: string | undefined;
    const faults: FaultPoints = {
      [point]: async () => {
        if (entered) return;
        entered = true;
        sessionState = await world.relaySessionState();
        hits += 1;
        throw new SimulatedCrash(point);
      },
    };
    return { faults, hits: () => hits, sessionState: () => sessionState };
  };

  /** Waits until commits are published from memory and the relay's start-up claim is over. */
  const readyForTheFastPath = async (relay: Relay): Promise<void> => {
    await until(() => relay.publishesFromMemory(), 10_000, 'publishing from memory');
    await sleep(200);
  };

  for (const { point, duplicate } of crashCases)
    for (const path of ['claim', 'fast'] as const) {
      it(`crash ${point} (${path} path): delivered after the relay restarts, exactly one effect`, async () => {
        const duplicatesBefore = await duplicatesSeen();
        const crash = crashNoting(point);
        let ids: string[];
        let crashed: Relay;
        if (path === 'claim') {
          ids = await world.send(3);
          crashed = startRelay({ faults: crash.faults });
        } else {
          // No poll: once the start-up claim is over, only the fast path touches these rows.
          crashed = startRelay({ faults: crash.faults, pollMs: 600_000 });
          await readyForTheFastPath(crashed);
          ids = await world.send(3);
        }
        await until(() => crash.hits() === 1, 10_000, 'crash');
        expect(crash.sessionState(), `crashed on the ${path} path`).to.equal(
          path === 'claim' ? 'idle in transaction' : 'idle',
        );
        await crashed.stop();
        expect(await pendingRows(world), 'rows survive the crash').to.equal(3);
        if (duplicate)
          await until(async () => (await world.effects()).size === 3, 10_000, 'first copies handled');
        else {
          await sleep(300);
          expect((await world.effects()).size, 'nothing was published').to.equal(0);
        }
        const relay = startRelay();
        try {
          await until(async () => (await pendingRows(world)) === 0, 10_000, 'outbox drained');
          if (duplicate) {
            const settled = async () =>
              (await duplicatesSeen()) - duplicatesBefore === 3 ||
              [...(await world.effects()).values()].some((n) => n > 1);
            await until(settled, 10_000, 'second copies handled');
          } else await until(async () => (await world.effects()).size === 3, 10_000, 'delivered');
          await sleep(100);
          const effects = await world.effects();
          for (const id of ids) expect(effects.get(id), `one effect for ${id}`).to.equal(1);
          expect((await duplicatesSeen()) - duplicatesBefore, 'duplicates absorbed by the inbox').to.equal(
            duplicate ? 3 : 0,
          );
        } finally {
          await relay.stop();
        }
      });
    }

  it('publishes a lower seq that commits after a higher one (no watermark skip)', async () => {
    const relay = startRelay();
    const [late, early] = [newMessageId(), newMessageId()];
    let releaseLate!: () => void;
    const lateMayCommit = new Promise<void>((resolve) => (releaseLate = resolve));
    let lateInserted!: () => void;
    const lateInsertedSignal = new Promise<void>((resolve) => (lateInserted = resolve));
    const lateTx = world.db.transaction(async (tx) => {
      await world.outbox.enqueue(tx, { recipient: RECIPIENT, message: chkTxn(late), messageId: late });
      lateInserted();
      await lateMayCommit;
    });
    await lateInsertedSignal;
    await world.db.transaction(async (tx) =>
      world.outbox.enqueue(tx, { recipient: RECIPIENT, message: chkTxn(early), messageId: early }),
    );
    await until(async () => (await world.effects()).has(early), 10_000, 'higher seq delivered');
    const seqs = (await world.db.pool.any(sql.unsafe`SELECT seq FROM outbox`)) as Array<{ seq: number }>;
    expect(seqs.length, 'the uncommitted row is invisible').to.equal(0);
    releaseLate();
    await lateTx;
    await until(
      async () => (await world.effects()).has(late),
      10_000,
      'lower seq delivered after its late commit',
    );
    await relay.stop();
  });

  it('the fast path and a claim every few ms racing for the same commits: no message published twice', async () => {
    const duplicatesBefore = await duplicatesSeen();
    const relay = startRelay({ pollMs: 5 });
    await until(() => relay.publishesFromMemory(), 10_000, 'publishing from memory');
    const producers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const ids: string[] = [];
        for (let n = 0; n < 50; n += 1) ids.push(...(await world.send(n % 3 === 0 ? 2 : 1)));
        return ids;
      }),
    );
    const ids = producers.flat();
    await until(async () => (await pendingRows(world)) === 0, 15_000, 'drained');
    await until(
      async () => {
        const effects = await world.effects();
        return ids.every((id) => effects.has(id));
      },
      15_000,
      'all handled',
    );
    await sleep(200);
    const effects = await world.effects();
    for (const id of ids) expect(effects.get(id)).to.equal(1);
    expect(await duplicatesSeen(), 'nothing arrived twice').to.equal(duplicatesBefore);
  });

  it('two relays: one leader, no message published twice, leadership moves when the leader stops', async () => {
    const duplicatesBefore = await duplicatesSeen();
    const first = startRelay({ leaderRetryMs: 200 });
    const second = startRelay({ leaderRetryMs: 200 });
    await until(() => first.isLeader() || second.isLeader(), 5_000, 'a leader');
    await sleep(500);
    expect([first.isLeader(), second.isLeader()].filter(Boolean).length).to.equal(1);
    const batchOne = await world.send(100);
    await until(async () => (await pendingRows(world)) === 0, 10_000, 'first batch drained');
    const [leader, follower] = first.isLeader() ? [first, second] : [second, first];
    await leader.stop();
    await until(() => follower.isLeader(), 5_000, 'fail-over');
    const batchTwo = await world.send(100);
    await until(async () => (await pendingRows(world)) === 0, 10_000, 'second batch drained');
    await until(
      async () => {
        const effects = await world.effects();
        return [...batchOne, ...batchTwo].every((id) => effects.has(id));
      },
      10_000,
      'all handled',
    );
    const effects = await world.effects();
    for (const id of [...batchOne, ...batchTwo]) expect(effects.get(id)).to.equal(1);
    expect(await duplicatesSeen(), 'nothing arrived twice').to.equal(duplicatesBefore);
    await follower.stop();
  });
});

/**
 * Carries out the chaos plan's events on an isolated network, and keeps every service running: a
 * supervisor restarts any service that died on its own (a crash rule, or whatever the chaos provoked).
 * Also tallies the failure-injection rules that fired, across restarts (a process forgets its counts).
 */
import amqp from 'amqplib';
import { workQueueFor } from '@switchyard/contracts';
import { restartPostgres, restartRabbit } from '@switchyard/infra/testing';
import { faultsClient } from '../faults/faultsClient.ts';
import { waitForHealth } from '../network/launchNetwork.ts';
import type { IsolatedNetwork } from '../network/isolatedNetwork.ts';
import { POISON_TYPE } from './chaosChecks.ts';
import type { ChaosEvent } from './chaosPlan.ts';

const RESTART_ATTEMPTS_MAX = 3;
const POISON_ATTEMPTS_MAX = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ChaosActor = {
  run(event: ChaosEvent): Promise<string>;
  /** Adds what every participant's rules fired since the last look. */
  tally(): Promise<void>;
  fired: Map<string, number>;
  poison: Map<string, number>;
  /** Services the supervisor found dead and restarted. */
  unexpectedRestarts: string[];
  stop(): Promise<void>;
};

export const createChaosActor = (
  net: IsolatedNetwork,
  urls: { postgresUrl: string; amqpUrl: string },
): ChaosActor => {
  const fired = new Map<string, number>();
  const poison = new Map<string, number>();
  const unexpectedRestarts: string[] = [];
  /** Per participant, rule id → fired count last seen (reset when the process restarts). */
  const seen = new Map<string, Map<string, number>>();
  const busy = new Set<string>();
  const client = (participant: string) => faultsClient(net.urlOf(participant), net.operatorKey(participant));

  const tallyOne = async (participant: string): Promise<void> => {
    const { rules } = await client(participant).list();
    const last = seen.get(participant) ?? new Map<string, number>();
    for (const rule of rules) {
      const delta = rule.fired - (last.get(rule.id) ?? 0);
      if (delta > 0) fired.set(rule.action, (fired.get(rule.action) ?? 0) + delta);
      last.set(rule.id, rule.fired);
    }
    seen.set(participant, last);
  };
  const tally = async (): Promise<void> => {
    for (const service of net.launched.services) await tallyOne(service.id).catch(() => undefined);
  };
  /** Waits until `participant` is up (a kill or a restart may be under way). */
  const ready = async (participant: string): Promise<void> => {
    while (busy.has(participant)) await sleep(200);
    await waitForHealth(net.urlOf(participant), 60_000);
  };
  /**
   * Starts `participant` again, as a supervisor would: a start can fail while Postgres or RabbitMQ is
   * itself restarting (the service exits when it cannot reach them), so it tries a few times.
   */
  const restart = async (participant: string): Promise<void> => {
    busy.add(participant);
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await net.launched.restart(participant);
          break;
        } catch (error) {
          if (attempt >= RESTART_ATTEMPTS_MAX) throw error;
          await sleep(2_000);
        }
      }
      seen.delete(participant);
    } finally {
      busy.delete(participant);
    }
  };

  let supervising = true;
  const supervisor = (async () => {
    while (supervising) {
      for (const service of net.launched.services) {
        const child = service.child;
        if (busy.has(service.id) || !child || (child.exitCode === null && child.signalCode === null))
          continue;
        unexpectedRestarts.push(`${service.id} (${child.signalCode ?? `exit ${child.exitCode}`})`);
        await restart(service.id).catch(() => undefined);
      }
      await sleep(500);
    }
  })();

  const run = async (event: ChaosEvent): Promise<string> => {
    switch (event.kind) {
      case 'kill':
        await tallyOne(event.participant).catch(() => undefined);
        busy.add(event.participant);
        net.launched.kill(event.participant);
        await sleep(event.downMs);
        await restart(event.participant);
        return `kill -9 ${event.participant}, restarted after ${event.downMs} ms`;
      case 'crashRule':
        await ready(event.participant);
        await client(event.participant).add({ type: event.type, action: 'crash', count: 1, note: 'chaos' });
        return `crash rule at ${event.participant} on the next ${event.type}`;
      case 'silence': {
        const faults = client(event.participant);
        await ready(event.participant);
        const rules = [
          await faults.add({ type: 'upi.ReqPay.DEBIT.v1', action: 'drop', note: 'chaos: silent bank' }),
          await faults.add({ type: 'upi.ReqPay.CREDIT.v1', action: 'drop', note: 'chaos: silent bank' }),
        ];
        await sleep(event.forMs);
        await tallyOne(event.participant).catch(() => undefined);
        for (const rule of rules) await faults.remove(rule.id).catch(() => undefined);
        return `${event.participant} silent (debits and credits dropped) for ${event.forMs} ms`;
      }
      case 'restartRabbit':
        await restartRabbit(event.downMs);
        return `RabbitMQ restarted (down ${event.downMs} ms)`;
      case 'restartPostgres':
        await restartPostgres(urls.postgresUrl, event.downMs);
        return `Postgres restarted (down ${event.downMs} ms)`;
      case 'poison':
        // The broker may be restarting: try again for a while, as any publisher would.
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await publishPoison(event.participant);
          } catch (error) {
            if (attempt >= POISON_ATTEMPTS_MAX) throw error;
            await sleep(1_000);
          }
        }
    }
  };

  const publishPoison = async (participant: string): Promise<string> => {
    const connection = await amqp.connect(urls.amqpUrl);
    try {
      const channel = await connection.createConfirmChannel();
      const n = (poison.get(participant) ?? 0) + 1;
      channel.sendToQueue(workQueueFor(net.network.prefix, participant), Buffer.from('not an envelope'), {
        persistent: true,
        messageId: `chaos-poison-${n}`,
        type: POISON_TYPE,
      });
      await channel.waitForConfirms();
      poison.set(participant, n);
    } finally {
      await connection.close().catch(() => undefined);
    }
    return `poison message to ${participant}`;
  };

  return {
    run,
    tally,
    fired,
    poison,
    unexpectedRestarts,
    async stop() {
      supervising = false;
      await supervisor;
    },
  };
};

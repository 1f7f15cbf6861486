/**
 * One AMQP connection per service, with reconnection.
 *
 * A thin wrapper over amqplib's opt-in recovery (exponential back-off with jitter): after every (re)connect
 * it asserts the topology (or, for a least-privilege login, checks what its participant uses) and re-runs
 * every registered setup callback (consumers re-subscribe, the relay reopens its confirm channel) before the
 * connection is handed out. Nagle is off (`noDelay`: measured at 3× the throughput), heartbeats detect dead
 * peers, and the broker's memory/disk alarms surface as
 * isBlocked() so the relay can pause.
 */
import { EventEmitter } from 'node:events';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type RecoveringChannelModel,
} from 'amqplib';
import type { Log } from '../runtime/logger.ts';
import { assertTopology, checkTopology, participantUse, type Topology } from './topology.ts';

export type BrokerSetup = (connection: ChannelModel) => Promise<void>;

export type BrokerEvents = 'connect' | 'disconnect' | 'blocked' | 'unblocked';

export type Broker = {
  readonly name: string;
  readonly topology: Topology;
  /**
   * Runs `setup` on the current connection (if any) and again after every reconnect, after the topology
   * has been asserted. Returns a function that unregisters it.
   * @throws whatever `setup` throws on the current connection.
   */
  onConnect(setup: BrokerSetup): Promise<() => void>;
  /** A new channel; waits while disconnected. Its 'error' events are logged (channel errors close it). */
  createChannel(): Promise<Channel>;
  createConfirmChannel(): Promise<ConfirmChannel>;
  isConnected(): boolean;
  /** True while the broker has blocked publishing (memory or disk alarm). */
  isBlocked(): boolean;
  on(event: BrokerEvents, listener: () => void): void;
  off(event: BrokerEvents, listener: () => void): void;
  close(): Promise<void>;
};

export type BrokerOptions = {
  url: string;
  topology: Topology;
  log: Log;
  /** Shown as the connection name in the management UI. */
  name: string;
  /**
   * Unset: the whole topology is declared on every (re)connect (an admin login: setup, tests). Set to a
   * participant: nothing is declared, only what that participant uses is checked, passively — its broker
   * login may not declare anything (least privilege); the topology is setup's (tools bootstrap).
   */
  checkOnlyFor?: string;
  heartbeatSeconds?: number;
  reconnectDelayMs?: number;
  reconnectDelayMsMax?: number;
  /** Attempts before giving up on the FIRST connection (startup fails fast); reconnection never gives up. */
  connectAttemptsMax?: number;
};

const withHeartbeat = (url: string, seconds: number): string => {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
};

/**
 * Connects (waiting for the first connection) and keeps the connection alive until close().
 * @throws the last connection error when the first connection fails `connectAttemptsMax` times.
 */
export const connectBroker = async (o: BrokerOptions): Promise<Broker> => {
  const log = o.log.child({ broker: o.name });
  const setups = new Set<BrokerSetup>();
  const events = new EventEmitter();
  let current: ChannelModel | undefined;
  let blocked = false;
  let closed = false;

  const onEachConnect = async (model: ChannelModel): Promise<void> => {
    if (o.checkOnlyFor === undefined) {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => log.error({ err: error }, 'topology channel error'));
      await assertTopology(channel, o.topology);
      await channel.close();
    } else {
      await checkTopology(() => model.createChannel(), participantUse(o.topology, o.checkOnlyFor));
    }
    // A Set iterates over entries added during the iteration too, so a setup registered meanwhile runs.
    for (const setup of setups) await setup(model);
    current = model; // synchronously after the last setup: no registration can fall in between
  };

  const recovering: RecoveringChannelModel = await connect(withHeartbeat(o.url, o.heartbeatSeconds ?? 10), {
    noDelay: true,
    clientProperties: { connection_name: o.name },
    recovery: {
      initialDelay: o.reconnectDelayMs ?? 200,
      maxDelay: o.reconnectDelayMsMax ?? 5_000,
      factor: 2,
      jitter: 0.3,
      initialMaxRetries: o.connectAttemptsMax ?? 10,
      setup: onEachConnect,
      waitForConnect: false,
    },
  });
  recovering.on('connect', () => {
    log.info('broker connected');
    events.emit('connect');
  });
  recovering.on('disconnect', (error: Error) => {
    current = undefined;
    if (blocked) events.emit('unblocked');
    blocked = false;
    log.warn({ err: error }, 'broker disconnected');
    events.emit('disconnect');
  });
  recovering.on('connect-failed', (error: Error) =>
    log.warn({ err: error }, 'broker connection attempt failed'),
  );
  recovering.on('reconnect-scheduled', (info: { attempt: number; delay: number }) =>
    log.info(info, 'broker reconnect scheduled'),
  );
  recovering.on('reconnect-failed', (error: Error) =>
    log.error({ err: error }, 'broker reconnection abandoned'),
  );
  recovering.on('error', (error: Error) => log.warn({ err: error }, 'broker connection error'));
  recovering.on('blocked', (reason: string) => {
    blocked = true;
    log.warn({ reason }, 'broker blocked publishing');
    events.emit('blocked');
  });
  recovering.on('unblocked', () => {
    blocked = false;
    log.info('broker unblocked publishing');
    events.emit('unblocked');
  });
  await recovering.waitForConnect();

  const guard = <C extends Channel>(channel: C): C => {
    channel.on('error', (error: Error) => log.warn({ err: error }, 'channel error'));
    return channel;
  };

  return {
    name: o.name,
    topology: o.topology,
    async onConnect(setup) {
      setups.add(setup);
      if (current) await setup(current);
      return () => setups.delete(setup);
    },
    createChannel: async () => guard(await recovering.createChannel()),
    createConfirmChannel: async () => guard(await recovering.createConfirmChannel()),
    isConnected: () => current !== undefined,
    isBlocked: () => blocked,
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    async close() {
      if (closed) return;
      closed = true;
      setups.clear();
      current = undefined;
      await recovering.close();
    },
  };
};

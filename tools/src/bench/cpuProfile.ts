/**
 * Sampling CPU profiles of running services through the V8 inspector (each bench service starts with
 * --inspect on its own port), and what they say: which share of a service's busy main thread went to
 * sealing and opening envelopes (every sample whose stack passes through contracts/src/crypto/ or
 * tweetnacl — inclusive, so node:crypto's Ed25519 and the schema check inside seal() count too), and where
 * the rest went, by code area. The sampler runs on wall-clock time: a thread woken from its event loop
 * but waiting for a core collects samples as V8's "(program)" (no JavaScript on the stack), which on a
 * busy box is most of them. So the shares are of the samples WITH JavaScript (or the garbage collector)
 * on the stack — conservative for crypto, since "(program)" also holds a little real work — and the bench
 * applies them to the CPU /proc measured for the process rather than reading sampled milliseconds as CPU.
 * Work on libuv's thread pool (the PSP's scrypt of registration codes) is not in a main-thread profile.
 */
export type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
};
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type ProfileBreakdown = {
  /** Wall-clock time sampled with JavaScript or the garbage collector on the stack, ms. */
  sampledMs: number;
  /** Wall-clock time sampled as "(program)" (see the module comment), ms. */
  programMs: number;
  /** Share of the JavaScript samples inside sealing/opening (see the module comment), 0..1. */
  cryptoShare: number;
  /** Of those, the share spent checking the message against its schema (contracts' registry decode). */
  cryptoSchemaShare: number;
  /**
   * Share of the JavaScript samples by code area (areaOf, self time; a native function with its caller's
   * area), largest first.
   */
  byArea: Array<{ area: string; share: number }>;
};

const CRYPTO = [/\/contracts\/src\/crypto\//, /\/node_modules\/tweetnacl\//];
const SCHEMA = [/\/contracts\/src\/registry\.ts$/];

/** The code area of a frame: a package (node_modules/<name>), a workspace folder, node's internals or V8's. */
export const areaOf = (frame: ProfileNode['callFrame']): string => {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const module = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  const workspace = /\/(contracts|infra|outbox|psp|switch|bank|app|tools)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2] ?? ''}`.replace(/\/$/, '');
  return url;
};

/** Breaks a profile down (pure). */
export const breakDownProfile = (profile: CpuProfile): ProfileBreakdown => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  /** Whether a node or one of its callers has a frame matching `patterns` (memoised per node). */
  const under = (patterns: RegExp[]) => {
    const known = new Map<number, boolean>();
    const test = (id: number): boolean => {
      const cached = known.get(id);
      if (cached !== undefined) return cached;
      const up = parent.get(id);
      const result =
        patterns.some((re) => re.test(byId.get(id)!.callFrame.url)) || (up !== undefined && test(up));
      known.set(id, result);
      return result;
    };
    return test;
  };
  /**
   * A native function's area names who called it — the nearest caller outside node's internals, else the
   * internal one ("(native) writeBuffer ← sonic-boom": a log line written; "← node:net": a socket).
   */
  const nativeCaller = (id: number, node: ProfileNode): string => {
    const own = areaOf(node.callFrame);
    if (!own.startsWith('(native)')) return own;
    let internal: string | undefined;
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const frame = byId.get(up)!.callFrame;
      if (frame.url === '') continue;
      if (!frame.url.startsWith('node:')) return `${own} ← ${areaOf(frame)}`;
      internal ??= areaOf(frame);
    }
    return internal === undefined ? own : `${own} ← ${internal}`;
  };
  const cryptoOf = under(CRYPTO);
  const schemaOf = under(SCHEMA);
  let sampledUs = 0;
  let programUs = 0;
  let cryptoUs = 0;
  let schemaUs = 0;
  const areas = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (node === undefined || node.callFrame.functionName === '(idle)') return;
    const us = profile.timeDeltas[index] ?? 0;
    if (node.callFrame.functionName === '(program)') {
      programUs += us;
      return;
    }
    sampledUs += us;
    if (cryptoOf(id)) {
      cryptoUs += us;
      if (schemaOf(id)) schemaUs += us;
    }
    const area = nativeCaller(id, node);
    areas.set(area, (areas.get(area) ?? 0) + us);
  });
  const shareOf = (us: number): number => (sampledUs > 0 ? Math.round((1000 * us) / sampledUs) / 1000 : 0);
  return {
    sampledMs: Math.round(sampledUs / 1000),
    programMs: Math.round(programUs / 1000),
    cryptoShare: shareOf(cryptoUs),
    cryptoSchemaShare: cryptoUs > 0 ? Math.round((1000 * schemaUs) / cryptoUs) / 1000 : 0,
    byArea: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, share: shareOf(us) })),
  };
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** One inspector session over the DevTools protocol (Node's built-in WebSocket client). */
const openSession = async (port: number) => {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`inspector on port ${port}`)), { once: true });
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  socket.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (waiter === undefined) return;
    pending.delete(reply.id!);
    if (reply.error) waiter.reject(new Error(JSON.stringify(reply.error)));
    else waiter.resolve(reply.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => socket.close() };
};

/**
 * Starts a profile on every service (name → inspector port); stop() returns each one's profile.
 * @throws Error when an inspector does not answer
 */
export const startProfiles = async (
  ports: ReadonlyMap<string, number>,
  samplingIntervalUs = 2_000,
): Promise<{ stop(): Promise<Map<string, CpuProfile>> }> => {
  const sessions = await Promise.all(
    [...ports].map(async ([name, port]) => {
      const session = await openSession(port);
      await session.call('Profiler.enable');
      await session.call('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
      await session.call('Profiler.start');
      return [name, session] as const;
    }),
  );
  return {
    async stop() {
      const profiles = new Map<string, CpuProfile>();
      for (const [name, session] of sessions) {
        const { profile } = (await session.call('Profiler.stop')) as { profile: CpuProfile };
        await session.call('Profiler.disable');
        session.close();
        profiles.set(name, profile);
      }
      return profiles;
    },
  };
};

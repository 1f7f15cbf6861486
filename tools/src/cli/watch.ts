/**
 * `make watch` — the local network live, refreshed every second: payments completed per second, success
 * rate, technical/business decline shares, top error codes, end-to-end latency percentiles (switch:
 * ReqPay received → final answer), and per service the outbox backlog, its oldest row, inbox duplicates
 * absorbed, dead-lettered messages and the RabbitMQ depth of its work queue and DLQ. Run it beside
 * `make load`. Rates, shares and percentiles cover the last --window seconds (default 10).
 *   node tools/src/cli/watch.ts [--interval 1] [--window 10] [--seconds N]
 */
import { Command } from 'commander';
import { loadNetwork, monitoringUserName } from '@switchyard/infra';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { servicesOf } from '../network/launchNetwork.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { serviceUrl } from '../network/serviceUrl.ts';
import { loadPeopleSecrets } from '../network/secrets.ts';
import { intervalStats, parsePrometheus, sum, type Sample } from '../watch/liveStats.ts';

const values = new Command('watch')
  .description(
    'The local network live: payments/s, success rate, TD/BD shares, top error codes, latency ' +
      'percentiles, and per service its outbox backlog, duplicates absorbed, dead letters and queue depths.',
  )
  .option('--interval <seconds>', 'refresh every this many seconds (at least 0.25)', numberArgument(), 1)
  .option('--window <seconds>', 'rates, shares and percentiles cover this many seconds', numberArgument(), 10)
  .option('--seconds <n>', 'stop after this many seconds (default: run until Ctrl-C)', numberArgument())
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ interval: number; window: number; seconds?: number }>();
const intervalMs = Math.max(250, values.interval * 1000);
const stopAt = values.seconds === undefined ? Infinity : Date.now() + values.seconds * 1000;
const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const services = servicesOf(network);
const tty = process.stdout.isTTY;

const scrape = async (url: string): Promise<Sample[] | undefined> => {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? parsePrometheus(await response.text()) : undefined;
  } catch {
    return undefined;
  }
};

/** The people's read-only management login (bootstrap makes it): watching needs nothing more. */
const monitoringLogin = (): string => {
  try {
    const login = `${monitoringUserName(network.prefix)}:${loadPeopleSecrets(settings.keysDir).monitoringPassword}`;
    return `Basic ${Buffer.from(login).toString('base64')}`;
  } catch {
    return '';
  }
};
const authorization = monitoringLogin();

/** Queue depths from the management API (optional: the plugin may be off). */
const queueDepths = async (): Promise<Map<string, number>> => {
  const url = new URL('/api/queues?columns=name,messages', settings.managementUrl);
  try {
    const response = await fetch(url, {
      headers: { authorization },
      signal: AbortSignal.timeout(2000),
    });
    const queues = (await response.json()) as Array<{ name: string; messages?: number }>;
    return new Map(queues.map((q) => [q.name, q.messages ?? 0]));
  } catch {
    return new Map();
  }
};

const pct = (share: number | undefined): string =>
  share === undefined ? '   -' : `${(share * 100).toFixed(1).padStart(5)}%`;
const ms = (value: number | undefined): string => (value === undefined ? '-' : `${value} ms`);

const windowScrapes = Math.max(1, Math.round((values.window * 1000) / intervalMs));
/** The switch's recent scrapes, oldest first: the headline compares the newest with the oldest. */
const history: Array<{ at: number; samples: Sample[] }> = [];
const first = await scrape(serviceUrl(network.switch.id, network.switch.httpPort));
if (first) history.push({ at: Date.now(), samples: first });
while (Date.now() < stopAt) {
  await new Promise((r) => setTimeout(r, intervalMs));
  const [current, perService, depths] = await Promise.all([
    scrape(serviceUrl(network.switch.id, network.switch.httpPort)),
    Promise.all(services.map(async (s) => ({ s, samples: await scrape(serviceUrl(s.id, s.port)) }))),
    queueDepths(),
  ]);
  const now = Date.now();
  if (!current) {
    console.log(
      `${new Date().toISOString().slice(11, 19)}  switch not answering at ${serviceUrl(network.switch.id, network.switch.httpPort)} (make up?)`,
    );
    history.length = 0; // a restarted switch starts its counters again
    continue;
  }
  history.push({ at: now, samples: current });
  if (history.length > windowScrapes + 1) history.shift();
  const oldest = history[0];
  const stats = intervalStats(oldest.samples, current, Math.max(0.001, (now - oldest.at) / 1000));
  const total = sum(current, 'payments_total');
  const headline =
    `${new Date().toISOString().slice(11, 19)}  ${stats.completedPerSecond.toFixed(1).padStart(6)} payments/s  ` +
    `success ${pct(stats.successShare)}  TD ${pct(stats.technicalShare)}  BD ${pct(stats.businessShare)}  ` +
    `latency p50 ${ms(stats.latencyMs.p50)} p90 ${ms(stats.latencyMs.p90)} p99 ${ms(stats.latencyMs.p99)}  ` +
    `${stats.topCodes.map(([code, n]) => `${code}×${n}`).join(' ')}`;
  if (!tty) {
    console.log(headline);
  } else {
    const lines = [
      `Switchyard — live (${total} payments completed since the switch started; Ctrl-C to stop)`,
      '',
      headline,
      '',
      `${'service'.padEnd(12)} ${'outbox'.padStart(7)} ${'oldest'.padStart(8)} ${'dup'.padStart(6)} ${'dead'.padStart(5)} ${'queue'.padStart(6)} ${'dlq'.padStart(5)}`,
    ];
    for (const { s, samples } of perService) {
      if (!samples) {
        lines.push(`${s.id.padEnd(12)}  not answering`);
        continue;
      }
      const queue = `${network.prefix}${s.id}.work`;
      lines.push(
        `${s.id.padEnd(12)} ${String(sum(samples, 'outbox_pending_rows')).padStart(7)} ${`${sum(samples, 'outbox_oldest_pending_age_seconds').toFixed(1)} s`.padStart(8)} ` +
          `${String(sum(samples, 'inbox_duplicates_total')).padStart(6)} ${String(sum(samples, 'consumer_dead_lettered_total')).padStart(5)} ` +
          `${String(depths.get(queue) ?? '-').padStart(6)} ${String(depths.get(`${queue}.dlq`) ?? '-').padStart(5)}`,
      );
    }
    process.stdout.write(`\x1b[2J\x1b[H${lines.join('\n')}\n`);
  }
}

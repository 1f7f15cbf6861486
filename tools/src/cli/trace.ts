/**
 * `make trace TXN=<txn id>`: one payment's hops across every service, with timings — from the switch's
 * event log, every service's inbox and outbox records, the banks' legs and the dead-letter queues. A hop
 * still waiting in a sender's outbox, parked, dead-lettered or in flight on the broker shows as such.
 * Reads the databases and peeks at the DLQs (nothing is consumed); works while services are down.
 *   node tools/src/cli/trace.ts <txnId> [--json]
 */
import { Command } from 'commander';
import { loadNetwork } from '@switchyard/infra';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { collectTrace, createTraceSources } from '../trace/collectTrace.ts';
import { formatTrace } from '../trace/formatTrace.ts';

const program = new Command('trace')
  .description(
    "One payment's hops across every service, in time order: message, from → to, when it left and was " +
      'handled, its code, and whether it was delivered, waits in an outbox, sits in a DLQ or is in flight.',
  )
  .argument('<txnId>', 'the payment (its UPI txn id, e.g. ZAP…)')
  .option('--json', 'print the trace as JSON')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();
const [txnId] = program.args as [string];
const { json } = program.opts<{ json?: boolean }>();

const settings = localSettings();
const sources = createTraceSources({
  network: loadNetwork(settings.networkFile),
  postgresUrl: settings.postgresUrl,
  amqpUrl: settings.amqpUrl,
});
try {
  const trace = await collectTrace(sources, txnId);
  console.log(json ? JSON.stringify(trace, null, 2) : formatTrace(trace));
  process.exitCode = trace.hops.length === 0 ? 1 : 0;
} finally {
  await sources.close();
}

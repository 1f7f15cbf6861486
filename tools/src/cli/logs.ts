/**
 * `make logs TXN=<txn id>`: the log lines of every service about one payment, in time order, pretty-printed
 * (pino-pretty) — from the launcher's .run/logs/*.log, or a given folder. Every line about a payment
 * carries its txn id as correlationId, so this is the payment's story as the services told it.
 *   node tools/src/cli/logs.ts --txn <id> [--dir .run/logs] [--json]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { prettyFactory } from 'pino-pretty';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { paymentLogLines } from '../logs/paymentLogLines.ts';

const settings = localSettings();
const program = new Command('logs')
  .description(
    "Every service's log lines about one payment (correlationId = its txn id), in time order, " +
      'pretty-printed: the payment as the services told it.',
  )
  .option('--txn <txnId>', 'the payment (its UPI txn id); required')
  .option('--dir <folder>', 'the folder of <participant>.log files', join(settings.runDir, 'logs'))
  .option('--json', 'print the lines as JSON, one a line')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();
const values = program.opts<{ txn?: string; dir: string; json?: boolean }>();
// Checked here rather than as a required option, so an unknown option is named first.
const txnId = values.txn ?? program.error("error: required option '--txn <txnId>' not specified");

if (!existsSync(values.dir)) {
  console.error(`logs: no folder ${values.dir} (make up writes the services' logs there)`);
  process.exit(2);
}
const lines = paymentLogLines(values.dir, txnId);
if (lines.length === 0) {
  console.error(`logs: no line about ${txnId} in ${values.dir}/*.log`);
  process.exit(1);
}
const pretty = prettyFactory({
  colorize: process.stdout.isTTY,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,correlationId,file,participant,component,reqId,type,sender',
  singleLine: true,
});
for (const line of lines) process.stdout.write(values.json ? `${JSON.stringify(line)}\n` : pretty(line));

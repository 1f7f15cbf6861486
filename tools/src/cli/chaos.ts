/**
 * `make chaos [ARGS='--minutes 10']` — the chaos run (docs/failures.md): an isolated network of its own
 * (own prefix, databases, ports, keys; loopback only) under steady load while every service is killed with
 * SIGKILL at a random moment and restarted, RabbitMQ and Postgres are restarted, messages are duplicated,
 * a bank goes silent for longer than its timers and poison is published; then it waits for quiescence and
 * checks the invariants. Prints the figures; exits 1 on any breach. It restarts the SHARED RabbitMQ and
 * Postgres: everything else using them sees the outage (--no-broker-restart, --no-postgres-restart).
 */
import { Command } from 'commander';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { chaosLines, runChaos } from '../chaos/runChaos.ts';

const values = new Command('chaos')
  .description(
    'Chaos run on an isolated network: kill -9 every service, restart RabbitMQ and Postgres, duplicates, a ' +
      'silent bank and poison under steady load; then check the invariants. Exits 1 on any breach.',
  )
  .option('--minutes <n>', 'how long the load (and the chaos) lasts', numberArgument({ min: 0.2 }), 5)
  .option(
    '--settle-seconds <n>',
    'the longest wait for quiescence afterwards',
    numberArgument({ min: 10 }),
    180,
  )
  .option('--concurrency <n>', 'paying workers', numberArgument({ min: 1, integer: true }), 4)
  .option('--seed <n>', 'replay the same plan', numberArgument({ integer: true }))
  .option('--no-broker-restart', 'do not restart RabbitMQ')
  .option('--no-postgres-restart', 'do not restart Postgres')
  .option('--keep', "keep the network's folder (logs, keys) afterwards")
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{
    minutes: number;
    settleSeconds: number;
    concurrency: number;
    seed?: number;
    brokerRestart: boolean;
    postgresRestart: boolean;
    keep?: boolean;
  }>();

const settings = localSettings();
const report = await runChaos({
  postgresUrl: settings.postgresUrl,
  amqpUrl: settings.amqpUrl,
  managementUrl: settings.managementUrl,
  minutes: values.minutes,
  settleMs: values.settleSeconds * 1000,
  concurrency: values.concurrency,
  seed: values.seed,
  brokerRestart: values.brokerRestart,
  postgresRestart: values.postgresRestart,
  keepFiles: values.keep,
});
for (const line of chaosLines(report)) console.log(line);
process.exitCode = report.ok ? 0 : 1;

/**
 * `make check`: the money invariant across every bank and the switch of the local network
 * (check/checkInvariants.ts says what is checked). Prints what it checked and every breach; exits 1 on a
 * breach.
 */
import { Command } from 'commander';
import { databaseUrl, loadNetwork } from '@switchyard/infra';
import { checkInvariants } from '../check/checkInvariants.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

new Command('check')
  .description(
    'The money invariant across every bank and the switch: ledgers balance, money is conserved (customer ' +
      "balances + in flight = opening), every payment's legs agree between switch and banks, every payment " +
      'is terminal or visibly in flight, every uncertain payment (DEEMED, RR, U33) is listed with its age and fails the check past its window. Reads the databases (works while services are down). Exit 1 on a breach.',
  )
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();

const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const entries = [network.switch, ...network.psps, ...network.banks];
const report = await checkInvariants(network, (id) =>
  databaseUrl(settings.postgresUrl, entries.find((e) => e.id === id)!.database),
);
for (const line of report.lines) console.log(line);
for (const breach of report.breaches) console.log(`BREACH ${breach}`);
console.log(report.ok ? 'invariant holds' : 'INVARIANT BROKEN');
process.exit(report.ok ? 0 : 1);

/**
 * `make check`: the money invariant across every bank and the switch of the local network
 * (infra/scripts/lib/invariants.ts says what is checked). Prints what it checked and every breach;
 * exits 1 on a breach.
 */
import { databaseUrl, loadNetwork } from '@switchyard/infra';
import { localSettings } from '../src/launcher/settings.ts';
import { checkInvariants } from './lib/invariants.ts';

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

/**
 * The network's shape: which PSPs (handle, txn-id prefix) and banks (IFSC prefix) exist, their ports and
 * databases. infra/network.json is the default network; tests build their own with the same type.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type SwitchEntry = { id: string; name: string; httpPort: number; database: string };
export type PspEntry = {
  id: string;
  name: string;
  handle: string;
  txnPrefix: string;
  httpPort: number;
  database: string;
};
export type BankEntry = { id: string; name: string; ifscPrefix: string; httpPort: number; database: string };
export type Network = { prefix: string; switch: SwitchEntry; psps: PspEntry[]; banks: BankEntry[] };

export const DEFAULT_NETWORK_FILE = fileURLToPath(new URL('../network.json', import.meta.url));

export const loadNetwork = (file: string = DEFAULT_NETWORK_FILE): Network =>
  JSON.parse(readFileSync(file, 'utf8')) as Network;

export const participantsOf = (network: Network): string[] => [
  network.switch.id,
  ...network.psps.map((p) => p.id),
  ...network.banks.map((b) => b.id),
];

/** The PSP owning a VPA handle (case-insensitive), if any. */
export const pspForHandle = (network: Network, handle: string): PspEntry | undefined =>
  network.psps.find((p) => p.handle === handle.toLowerCase());

/** The bank owning an IFSC (by its 4-letter prefix), if any. */
export const bankForIfsc = (network: Network, ifsc: string): BankEntry | undefined =>
  network.banks.find((b) => b.ifscPrefix === ifsc.slice(0, 4));

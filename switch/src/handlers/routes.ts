/**
 * Routing from the network file (infra/network.json): VPA handle → PSP, IFSC prefix → bank, sender → PSP.
 * The network is fixed for the process's life, so lookups are plain maps built once.
 */
import { parseVpa } from '@switchyard/contracts';
import { bankForIfsc, pspForHandle, type Network } from '@switchyard/infra';
import type { PspRoute } from '../domain/authoriseInitiator.ts';

export type Routes = {
  /** The PSP owning the handle of `vpa`. */
  pspForVpa(vpa: string): PspRoute | undefined;
  /** The bank owning `ifsc` (by its 4-letter prefix). */
  bankForIfsc(ifsc: string): string | undefined;
  /** The network's PSP entry for a participant id (undefined: not a PSP). */
  psp(participant: string): PspRoute | undefined;
  isBank(participant: string): boolean;
};

export const createRoutes = (network: Network): Routes => {
  const psps = new Map(network.psps.map((psp) => [psp.id, { id: psp.id, txnPrefix: psp.txnPrefix }]));
  const banks = new Set(network.banks.map((bank) => bank.id));
  return {
    pspForVpa(vpa) {
      const parsed = parseVpa(vpa);
      if (parsed === undefined) return undefined;
      const psp = pspForHandle(network, parsed.handle);
      return psp === undefined ? undefined : psps.get(psp.id);
    },
    bankForIfsc: (ifsc) => bankForIfsc(network, ifsc)?.id,
    psp: (participant) => psps.get(participant),
    isBank: (participant) => banks.has(participant),
  };
};

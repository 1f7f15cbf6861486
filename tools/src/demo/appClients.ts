/** One app client per PSP of a network, by participant id. */
import { createPspClient, type PspClient } from '@switchyard/app';
import type { PspEntry } from '@switchyard/infra';

export const appClients = (
  psps: readonly PspEntry[],
  urlOf: (psp: PspEntry) => string,
): Map<string, PspClient> => new Map(psps.map((p) => [p.id, createPspClient({ baseUrl: urlOf(p) })]));

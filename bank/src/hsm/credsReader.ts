/**
 * Opens PIN blocks sealed for this bank, with every key generation it holds (docs/upi.md §10: only the bank
 * can).
 */
import { openCreds, type OpenCredsResult, type OwnKeys } from '@switchyard/contracts';

export const createCredsReader =
  (own: OwnKeys): ((data: string) => OpenCredsResult) =>
  (data) =>
    openCreds(data, own);

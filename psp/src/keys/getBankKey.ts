import type { KeyDirectory, PublicKeyEntry } from '@switchyard/contracts';
import { bankForIfsc, type Network } from '@switchyard/infra';
import { PspError } from '../errors.ts';

export type GetBankKeyDeps = { network: Network; directory: KeyDirectory };
export type GetBankKeyCommand = { ifsc: string };

/**
 * UPI's ReqListKeys: the current public key of the bank owning the IFSC, which the client seals the PIN
 * block for. The PSP hands out public keys only.
 * @throws PspError PSP_ERR_BANK_UNKNOWN (no bank owns the IFSC, or it has no current key)
 */
export const getBankKey = (deps: GetBankKeyDeps, command: GetBankKeyCommand): PublicKeyEntry => {
  const bank = bankForIfsc(deps.network, command.ifsc);
  const key = bank ? deps.directory.current(bank.id) : undefined;
  if (!bank || !key) throw new PspError('PSP_ERR_BANK_UNKNOWN', `no bank key for IFSC ${command.ifsc}`);
  return key;
};

import { PspError } from '../errors.ts';

/** A FAILURE from the network as a 422 carrying the UPI code (`XB` when the answer named none). */
export const declined = (what: string, errCode: string | undefined): PspError =>
  new PspError('PSP_ERR_UPSTREAM_DECLINED', `${what} declined${errCode ? ` (${errCode})` : ''}`, {
    upiCode: errCode ?? 'XB',
  });

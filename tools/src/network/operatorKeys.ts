/**
 * The operator key of each service's HTTP API (header X-Operator-Key). Every tool that calls an operator
 * endpoint asks here: today one key serves every service (.keys/secrets.json, made at bootstrap); when each
 * service gets its own key, this is the one function to change.
 */
import { loadSecrets } from './secrets.ts';

export type OperatorKeys = (participant: string) => string;

/** @throws Error (ENOENT) before the first bootstrap */
export const loadOperatorKeys = async (keysDir: string): Promise<OperatorKeys> => {
  const { operatorKey } = await loadSecrets(keysDir);
  return () => operatorKey;
};

/**
 * The bank's configuration: the only place that reads the environment (docs/architecture.md §4.6). The
 * settings every service shares come from the chassis (infra loadServiceConfig: database, broker, keys, HTTP,
 * operator key…); these are the bank's own. The IFSC prefix comes from the network file. The PIN pepper — the
 * bank's PIN verification key (hsm/pinHasher.ts) — and the retired ones come from the environment or, failing
 * that, from the setup secrets file `<keys dir>/secrets.json` (never committed).
 */
import { join } from 'node:path';
import { Type } from 'typebox';
import { loadServiceConfig, readSetupSecrets, type ServiceConfig } from '@switchyard/infra';
import { BankError } from './errors.ts';

const BankSettings = {
  SY_PARTICIPANT: Type.String({ default: 'bank.lotus', pattern: '^bank\\.[a-z0-9-]{1,40}$' }),
  /** The PIN pepper: the current PIN verification key (any text of 16+ bytes; setup makes 32 random bytes, base64). */
  SY_PIN_PEPPER: Type.Optional(Type.String({ minLength: 16, maxLength: 1024 })),
  /** Retired PIN peppers, comma-separated: they still verify (and re-issue) the verifiers they made. */
  SY_PIN_RETIRED_PEPPERS: Type.Optional(Type.String({ minLength: 16, maxLength: 8192 })),
  /** Seeding only: the PIN given to every seeded customer; stored as a verifier only. */
  SY_DEMO_PIN: Type.Optional(Type.String({ pattern: '^([0-9]{4}|[0-9]{6})$' })),
  /** Messages handled at once (AMQP prefetch): each holds a pool connection while it runs. */
  SY_PREFETCH: Type.Integer({ default: 20, minimum: 1, maximum: 1000 }),
};

export type Config = Readonly<
  ServiceConfig & {
    /** The 4-letter IFSC prefix of this bank (`LOTS`). */
    ifscPrefix: string;
    /** The bank's name from the network file ("Lotus Bank"): how its SMS name it. */
    bankName: string;
    /** The current PIN verification key. */
    pinPepper: Buffer;
    /** Older keys, newest first: verifiers they made still verify and are re-issued under pinPepper. */
    pinRetiredPeppers: readonly Buffer[];
    demoPin: string | undefined;
    prefetch: number;
  }
>;

/**
 * Reads and validates the environment once.
 * @throws BankError BANK_ERR_CONFIG naming the variable that is missing or invalid, or the participant the
 *   network lacks.
 */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const fail = (message: string, cause?: unknown) => new BankError('BANK_ERR_CONFIG', message, { cause });
  const { service, settings } = loadServiceConfig({
    role: 'bank',
    settings: BankSettings,
    env: { SY_PARTICIPANT: 'bank.lotus', ...env },
    fail,
  });
  const secrets = readSetupSecrets(service.keysDir);
  const pinPepper = settings.SY_PIN_PEPPER ?? secrets.pinPepper;
  if (pinPepper === undefined || pinPepper.length < 16) {
    throw fail(
      `SY_PIN_PEPPER is not set and ${join(service.keysDir, 'secrets.json')} has none: run make bootstrap`,
    );
  }
  const retired = settings.SY_PIN_RETIRED_PEPPERS?.split(',') ?? secrets.pinRetiredPeppers ?? [];
  if (!Array.isArray(retired) || retired.some((pepper) => typeof pepper !== 'string' || pepper.length < 16))
    throw fail('SY_PIN_RETIRED_PEPPERS (or pinRetiredPeppers in secrets.json): each must be 16+ characters');
  const self = service.network.banks.find((bank) => bank.id === service.participant);
  if (self === undefined) throw fail(`${service.participant} is not a bank of the network`);
  return Object.freeze({
    ...service,
    ifscPrefix: self.ifscPrefix,
    bankName: self.name,
    pinPepper: Buffer.from(pinPepper, 'utf8'),
    pinRetiredPeppers: Object.freeze(retired.map((pepper) => Buffer.from(pepper, 'utf8'))),
    demoPin: settings.SY_DEMO_PIN,
    prefetch: settings.SY_PREFETCH,
  });
};

/**
 * The lint rules that hold the shape (docs/architecture.md "Rules that hold the shape"): each probe is one
 * line the house refuses, written into the place it is refused, linted with the project's own ESLint
 * configuration, then deleted. A rule that stops refusing its probe fails here.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Probe = { why: string; file: string; code: string; rule: string };

const PROBES: Probe[] = [
  {
    why: 'domain/ imports a node built-in',
    file: 'switch/src/domain/zzProbeBuiltin.ts',
    code: "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID();\n",
    rule: 'no-restricted-imports',
  },
  {
    why: 'domain/ reads the clock',
    file: 'bank/src/domain/zzProbeClock.ts',
    code: 'export const now = (): number => Date.now();\n',
    rule: 'no-restricted-syntax',
  },
  {
    why: 'domain/ makes a Date from the clock',
    file: 'bank/src/domain/zzProbeNewDate.ts',
    code: 'export const now = (): Date => new Date();\n',
    rule: 'no-restricted-syntax',
  },
  {
    why: 'domain/ draws randomness',
    file: 'psp/src/domain/zzProbeRandom.ts',
    code: 'export const pick = (): number => Math.random();\n',
    rule: 'no-restricted-syntax',
  },
  {
    why: 'domain/ reads the environment',
    file: 'switch/src/domain/zzProbeEnv.ts',
    code: "export const level = process.env.SY_LOG_LEVEL ?? 'info';\n",
    rule: 'no-restricted-globals',
  },
  {
    why: 'domain/ imports config',
    file: 'switch/src/domain/zzProbeConfig.ts',
    code: "export { loadConfig } from '../config.ts';\n",
    rule: 'no-restricted-imports',
  },
  {
    why: 'domain/ imports metrics',
    file: 'bank/src/domain/zzProbeMetrics.ts',
    code: "export { bankMetrics } from '../metrics.ts';\n",
    rule: 'no-restricted-imports',
  },
  {
    why: 'domain/ imports the runtime',
    file: 'psp/src/domain/zzProbeRuntime.ts',
    code: "export { createAdmission } from '../runtime/admission.ts';\n",
    rule: 'no-restricted-imports',
  },
  {
    why: 'a service imports another service',
    file: 'psp/src/zzProbeService.ts',
    code: "export { decide } from '@switchyard/switch';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'a service reaches into another by path',
    file: 'bank/src/zzProbePath.ts',
    code: "export { decide } from '../../switch/src/domain/decide.ts';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'contracts imports a service',
    file: 'contracts/src/zzProbeUp.ts',
    code: "export { seedBank } from '@switchyard/bank';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'infra imports the outbox',
    file: 'infra/src/zzProbeUp.ts',
    code: "export { createOutbox } from '@switchyard/outbox';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'outbox imports a service',
    file: 'outbox/src/zzProbeUp.ts',
    code: "export { createHandlers } from '@switchyard/psp';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'a service imports the tools',
    file: 'switch/src/zzProbeTools.ts',
    code: "export { REPO_ROOT } from '@switchyard/tools';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'the app imports PSP code (types only are allowed)',
    file: 'app/src/zzProbePsp.ts',
    code: "export { createHandlers } from '@switchyard/psp';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: 'code outside config.ts reads the environment',
    file: 'switch/src/handlers/zzProbeEnv.ts',
    code: 'export const prefix = process.env.SY_PREFIX;\n',
    rule: 'no-restricted-properties',
  },
  {
    why: 'an end-to-end test imports by path',
    file: 'tests/e2e/support/zzProbePath.ts',
    code: "export { onboard } from '../../../tools/src/demo/onboard.ts';\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    why: "the app's page imports the Node entry of contracts",
    file: 'app/src/web/zzProbeContracts.ts',
    code: "export { sealCreds } from '@switchyard/contracts';\n",
    rule: 'no-restricted-imports',
  },
  {
    why: "the app's page imports a node built-in",
    file: 'app/src/web/zzProbeBuiltin.ts',
    code: "export { randomBytes } from 'node:crypto';\n",
    rule: 'no-restricted-imports',
  },
  {
    why: 'an enum',
    file: 'outbox/src/zzProbeEnum.ts',
    code: 'export enum Colour {\n  Red,\n}\n',
    rule: 'no-restricted-syntax',
  },
];

describe('house rules: lint refuses what would break the shape', function () {
  this.timeout(180_000);
  let results: ESLint.LintResult[] = [];

  before(async () => {
    for (const probe of PROBES) writeFileSync(join(ROOT, probe.file), probe.code);
    try {
      results = await new ESLint({ cwd: ROOT }).lintFiles(PROBES.map((probe) => probe.file));
    } finally {
      for (const probe of PROBES) rmSync(join(ROOT, probe.file), { force: true });
    }
  });

  for (const probe of PROBES) {
    it(`refuses: ${probe.why} (${probe.file})`, () => {
      const result = results.find((r) => r.filePath === join(ROOT, probe.file));
      expect(result, 'linted').to.not.equal(undefined);
      const rules = result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
      expect(rules, JSON.stringify(result!.messages.map((m) => m.message))).to.include(probe.rule);
    });
  }
});

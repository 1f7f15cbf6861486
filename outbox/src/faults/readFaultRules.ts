/**
 * SY_FAULTS: the rules a service starts with — a JSON array of rules, or the path of a file holding one
 * (the demo and test networks start every bank and PSP with faults/magic.json, the magic amounts and VPAs).
 */
import { readFileSync } from 'node:fs';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { FaultRuleError } from './faultRuleError.ts';
import { FaultRuleInput } from './faultRule.ts';

const RuleFile = Compile(Type.Array(FaultRuleInput, { maxItems: 1_000 }));

/**
 * @param value SY_FAULTS as set (undefined or blank: no rules)
 * @throws FaultRuleError when the file cannot be read or the rules do not fit the schema
 */
export const readFaultRules = (value: string | undefined): FaultRuleInput[] => {
  const text = value?.trim() ?? '';
  if (text === '') return [];
  let json: string = text;
  if (!text.startsWith('[')) {
    try {
      json = readFileSync(text, 'utf8');
    } catch (error) {
      throw new FaultRuleError(`SY_FAULTS: cannot read ${text}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new FaultRuleError(`SY_FAULTS: not JSON: ${(error as Error).message}`);
  }
  if (!RuleFile.Check(parsed)) {
    const first = RuleFile.Errors(parsed)[0];
    throw new FaultRuleError(`SY_FAULTS: ${first?.instancePath || '/'} ${first?.message ?? 'invalid'}`);
  }
  return parsed;
};

/** The checks a rule's schema cannot express, against what this participant receives and can answer. */
import { Compile } from 'typebox/compile';
import { FaultRuleError } from './faultRuleError.ts';
import { FaultRuleInput } from './faultRule.ts';

const checker = Compile(FaultRuleInput);

export type RuleContext = { handledTypes: readonly string[]; responders: Readonly<Record<string, unknown>> };

/** @throws FaultRuleError naming what is wrong */
export const validateRule = (rule: FaultRuleInput, context: RuleContext): void => {
  if (!checker.Check(rule)) {
    const first = checker.Errors(rule)[0];
    throw new FaultRuleError(`invalid rule: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
  }
  if (rule.type !== '*' && !context.handledTypes.includes(rule.type))
    throw new FaultRuleError(`this participant never receives ${rule.type}`);
  if (rule.action === 'respond') {
    if (rule.code === undefined) throw new FaultRuleError('respond needs a code');
    if (rule.code === '00')
      throw new FaultRuleError('respond answers declines only: without a rule the real logic answers 00');
    if (rule.type === '*' || context.responders[rule.type] === undefined)
      throw new FaultRuleError(`this participant cannot answer ${rule.type} with a code`);
  } else if (rule.code !== undefined) throw new FaultRuleError('code is for respond only');
  if (rule.action === 'delay' && rule.delayMs === undefined) throw new FaultRuleError('delay needs delayMs');
  if (rule.action !== 'delay' && (rule.delayMs ?? rule.delayMsMax) !== undefined)
    throw new FaultRuleError('delayMs is for delay only');
  if (rule.delayMsMax !== undefined && rule.delayMsMax < (rule.delayMs ?? 0))
    throw new FaultRuleError('delayMsMax is below delayMs');
  if (
    rule.subType !== undefined &&
    rule.type !== 'upi.ReqPay.REVERSAL.v1' &&
    rule.type !== 'upi.RespPay.REVERSAL.v1'
  )
    throw new FaultRuleError('subType scopes reversals only');
};

/** Whether a rule's scope covers a message (pure; the fraction and the count are the injector's). */
import type { FaultRuleInput } from './faultRule.ts';
import type { MessageFacts } from './messageFacts.ts';

export const ruleMatches = (rule: FaultRuleInput, facts: MessageFacts): boolean => {
  if (rule.type !== '*' && rule.type !== facts.type) return false;
  if (rule.subType !== undefined && rule.subType !== facts.subType) return false;
  if (rule.vpa !== undefined && !facts.vpas.includes(rule.vpa.toLowerCase())) return false;
  if (rule.account !== undefined && !facts.accounts.includes(rule.account)) return false;
  if (rule.amountMinor !== undefined && rule.amountMinor !== facts.amountMinor) return false;
  if (rule.paise !== undefined && (facts.amountMinor === undefined || facts.amountMinor % 100 !== rule.paise))
    return false;
  return true;
};

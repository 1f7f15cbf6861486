/** Failure injection (docs/failures.md): the rule schema, the engine, SY_FAULTS and the operator routes. */
export * from './faultRule.ts';
export {
  createFaultInjector,
  type FaultInjector,
  type FaultInjectorOptions,
  type FaultResponder,
  type FaultResponders,
  type Interception,
} from './faultInjector.ts';
export { FaultRuleError } from './faultRuleError.ts';
export { ruleMatches } from './ruleMatches.ts';
export { messageFacts, type MessageFacts } from './messageFacts.ts';
export { readFaultRules } from './readFaultRules.ts';
export { faultRoutes } from './faultRoutes.ts';

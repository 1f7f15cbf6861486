/**
 * The failure-injection engine of one process (docs/failures.md): an in-memory rule store seeded from
 * SY_FAULTS at start and changed through the operator API, and the one decision the consumer runner asks
 * for every opened delivery, before its transaction — handle it as usual, drop it, answer it through the
 * service's responder, hold it, deliver it twice, or die. Domain code never sees any of this.
 *
 * Rules are tried in the order they were added; the first that matches (scope, fraction, count left) fires.
 * `lose_answer` lets the handler do its work, then deletes from the outbox, in the same transaction, every
 * message that delivery caused (causation_id): the sender times out while the effect stands.
 */
import type { Message, MessageType } from '@switchyard/contracts';
import { Counter, metricsRegistry, type Log, type Tx } from '@switchyard/infra';
import type { Handler, MessageContext } from '../types.ts';
import { discardCausedBy } from './discardCausedBy.ts';
import type { FaultRule, FaultRuleInput } from './faultRule.ts';
import { messageFacts } from './messageFacts.ts';
import { ruleMatches } from './ruleMatches.ts';
import { validateRule } from './validateRule.ts';

/** Answers `message` with `code` in the delivery's transaction, moving nothing (each service's faults/). */
export type FaultResponder = (
  tx: Tx,
  message: Message,
  context: MessageContext,
  code: string,
) => Promise<void>;
export type FaultResponders = { [T in MessageType]?: FaultResponder };

/** What the consumer runner does with a delivery. */
export type Interception =
  | { kind: 'handle'; duplicate: boolean }
  | { kind: 'drop' }
  /** Run `replace(the usual handler)` in the delivery's transaction instead (after the inbox row). */
  | { kind: 'replace'; replace: (handle: Handler<Message>) => Handler<Message> };

export type FaultInjector = {
  participant: string;
  list(): FaultRule[];
  /** @throws FaultRuleError when the rule cannot apply here (type never received, respond without responder…) */
  add(input: FaultRuleInput, source?: FaultRule['source']): FaultRule;
  remove(id: string): boolean;
  /** Removes every rule; returns how many there were. */
  clear(): number;
  /** The decision for one opened delivery; `copy` marks the second copy a duplicate rule made. */
  intercept(message: Message, delivery: { messageId: string; copy: boolean }): Promise<Interception>;
};

export type FaultInjectorOptions = {
  participant: string;
  /** The message types this participant's consumer handles: rules for other types do not apply here. */
  handledTypes: readonly string[];
  responders?: FaultResponders;
  /** Rules from SY_FAULTS; those for types this participant never receives are left out. */
  rules?: readonly FaultRuleInput[];
  log: Log;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Dies abruptly (default: SIGKILL this process). */
  kill?: () => void;
  now?: () => Date;
};

const faultsFired = new Counter({
  name: 'faults_fired_total',
  help: 'Failure-injection rules fired, by action and message type',
  labelNames: ['participant', 'action', 'type'] as const,
  registers: [metricsRegistry],
});

const HANDLE: Interception = { kind: 'handle', duplicate: false };

/** @throws FaultRuleError when a seeded rule for a handled type is invalid (the service must not start). */
export const createFaultInjector = (o: FaultInjectorOptions): FaultInjector => {
  const random = o.random ?? Math.random;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const kill = o.kill ?? (() => process.kill(process.pid, 'SIGKILL'));
  const now = o.now ?? (() => new Date());
  const log = o.log.child({ component: 'faults' });
  const rules: FaultRule[] = [];
  let serial = 0;

  const context = { handledTypes: o.handledTypes, responders: o.responders ?? {} };

  const add = (input: FaultRuleInput, source: FaultRule['source'] = 'api'): FaultRule => {
    validateRule(input, context);
    serial += 1;
    const rule: FaultRule = { ...input, id: `f${serial}`, fired: 0, source, createdAt: now().toISOString() };
    rules.push(rule);
    log.warn({ rule }, 'fault rule added');
    return rule;
  };

  for (const input of o.rules ?? []) {
    if (input.type !== '*' && !o.handledTypes.includes(input.type)) continue;
    add(input, 'config');
  }

  /** The first rule that matches and fires (its count is taken here: the store is synchronous). */
  const firing = (message: Message): FaultRule | undefined => {
    const facts = messageFacts(message);
    for (const rule of rules) {
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (!ruleMatches(rule, facts)) continue;
      if (rule.fraction !== undefined && random() >= rule.fraction) continue;
      rule.fired += 1;
      return rule;
    }
    return undefined;
  };

  const act = async (rule: FaultRule, message: Message): Promise<Interception> => {
    switch (rule.action) {
      case 'drop':
        return { kind: 'drop' };
      case 'duplicate':
        return { kind: 'handle', duplicate: true };
      case 'lose_answer':
        return {
          kind: 'replace',
          replace: (handle) => async (tx, m, c) => {
            await handle(tx, m, c);
            const lost = await discardCausedBy(tx, c.messageId);
            log.warn({ type: m.type, messageId: c.messageId, lost }, 'fault: answer lost');
          },
        };
      case 'delay': {
        const shortest = rule.delayMs ?? 0;
        const longest = Math.max(shortest, rule.delayMsMax ?? shortest);
        await sleep(Math.round(shortest + random() * (longest - shortest)));
        return HANDLE;
      }
      case 'respond': {
        const responder = context.responders[message.type]!;
        const code = rule.code!;
        return { kind: 'replace', replace: () => (tx, m, c) => responder(tx, m, c, code) };
      }
      case 'crash':
        kill();
        // Killed: nothing after this runs. (A test's kill returns: the delivery then never completes.)
        return new Promise<never>(() => undefined);
    }
  };

  return {
    participant: o.participant,
    list: () => rules.map((rule) => ({ ...rule })),
    add,
    remove(id) {
      const index = rules.findIndex((rule) => rule.id === id);
      if (index < 0) return false;
      rules.splice(index, 1);
      log.warn({ id }, 'fault rule removed');
      return true;
    },
    clear() {
      const removed = rules.splice(0, rules.length).length;
      if (removed > 0) log.warn({ removed }, 'fault rules cleared');
      return removed;
    },
    async intercept(message, delivery) {
      // The copy a duplicate rule made stands for the broker redelivering: it meets no rule of its own.
      if (delivery.copy || rules.length === 0) return HANDLE;
      const rule = firing(message);
      if (rule === undefined) return HANDLE;
      faultsFired.inc({ participant: o.participant, action: rule.action, type: message.type });
      log.warn(
        { ruleId: rule.id, action: rule.action, type: message.type, messageId: delivery.messageId },
        'fault injected',
      );
      return act(rule, message);
    },
  };
};

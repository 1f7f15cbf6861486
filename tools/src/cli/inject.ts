/**
 * `make inject ARGS='…'` — failure injection on the running network (docs/failures.md): list, add and clear
 * the rules of any participant through its operator API.
 *
 *   inject list bank.lotus
 *   inject add bank.lotus --type upi.ReqPay.DEBIT.v1 --action drop --count 1
 *   inject add bank.banyan --type upi.ReqPay.REVERSAL.v1 --sub-type CREDIT --action respond --code 96
 *   inject clear bank.lotus [ruleId]      inject clear all
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadNetwork, participantsOf, type Network } from '@switchyard/infra';
import { FAULT_ACTIONS, type FaultRule, type FaultRuleInput } from '@switchyard/outbox';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { faultsClient, type FaultsClient } from '../faults/faultsClient.ts';
import { operatorKeyOf } from '../network/secrets.ts';
import { serviceUrl } from '../network/serviceUrl.ts';

const settings = localSettings();

const portOf = (network: Network, participant: string): number => {
  const entry = [network.switch, ...network.psps, ...network.banks].find((e) => e.id === participant);
  if (!entry)
    throw new InvalidArgumentError(`no participant ${participant} (${participantsOf(network).join(', ')})`);
  return entry.httpPort;
};

const clientFor = async (participant: string): Promise<FaultsClient> => {
  const network = loadNetwork(settings.networkFile);
  return faultsClient(
    serviceUrl(participant, portOf(network, participant)),
    operatorKeyOf(settings.keysDir, participant),
  );
};

const describe = (rule: FaultRule): string => {
  const scope = [
    rule.subType && `subType=${rule.subType}`,
    rule.vpa && `vpa=${rule.vpa}`,
    rule.account && `account=${rule.account}`,
    rule.amountMinor !== undefined && `amount=${(rule.amountMinor / 100).toFixed(2)}`,
    rule.paise !== undefined && `paise=${rule.paise}`,
    rule.fraction !== undefined && `fraction=${rule.fraction}`,
    rule.count !== undefined && `count=${rule.count}`,
  ].filter(Boolean);
  const what =
    rule.action === 'respond'
      ? `respond ${rule.code}`
      : rule.action === 'delay'
        ? `delay ${rule.delayMs}${rule.delayMsMax !== undefined ? `–${rule.delayMsMax}` : ''} ms`
        : rule.action;
  return `${rule.id.padEnd(5)} ${rule.type.padEnd(26)} ${what.padEnd(18)} fired ${String(rule.fired).padStart(4)}  ${scope.join(' ')}${rule.note ? `  — ${rule.note}` : ''}`;
};

const rupees = (text: string): number => {
  if (!/^[0-9]{1,7}(\.[0-9]{1,2})?$/.test(text))
    throw new InvalidArgumentError(`expected rupees like 1.74, got "${text}"`);
  return Math.round(Number(text) * 100);
};

type AddOptions = Omit<FaultRuleInput, 'amountMinor'> & { amount?: number };

const program = new Command('inject')
  .description('Failure injection: list, add and clear the rules of a participant of the running network')
  .addHelpText('after', LOCAL_SETTINGS_HELP);

program
  .command('list')
  .argument('[participant]', 'a participant id, or every participant when omitted')
  .description('the rules and how many times each fired')
  .action(async (participant?: string) => {
    const ids = participant ? [participant] : participantsOf(loadNetwork(settings.networkFile));
    for (const id of ids) {
      const { rules } = await (await clientFor(id)).list();
      console.log(`${id}: ${rules.length} rule(s)`);
      for (const rule of rules) console.log(`  ${describe(rule)}`);
    }
  });

program
  .command('add')
  .argument('<participant>', 'where the rule applies (bank.lotus, psp.kite, switch…)')
  .description('add a rule; prints it with its id')
  .requiredOption('--type <type>', 'the inbound message type (upi.ReqPay.DEBIT.v1…), or * for all')
  .addOption(
    new Option('--action <action>', 'what happens instead').choices([...FAULT_ACTIONS]).makeOptionMandatory(),
  )
  .addOption(new Option('--sub-type <leg>', 'reversals: the leg reversed').choices(['DEBIT', 'CREDIT']))
  .option('--code <code>', 'respond: the UPI code of the answer (96, CS, XY, U09…)')
  .option('--delay-ms <ms>', 'delay: how long', numberArgument({ integer: true }))
  .option('--delay-ms-max <ms>', 'delay: the longest of a random delay', numberArgument({ integer: true }))
  .option('--fraction <share>', 'the share of matching messages it fires on (0–1)', Number)
  .option('--count <n>', 'at most this many firings', numberArgument({ min: 1, integer: true }))
  .option('--vpa <vpa>', 'only messages naming this VPA (payer or payee)')
  .option('--account <acNum>', 'only messages naming this account number')
  .option('--amount <rupees>', 'only this exact amount', rupees)
  .option('--paise <n>', 'only amounts with this paise part (0–99)', numberArgument({ integer: true }))
  .option('--note <text>', 'why the rule is there')
  .action(async (participant: string, options: AddOptions) => {
    const { amount, ...rest } = options;
    const input = Object.fromEntries(
      Object.entries({ ...rest, amountMinor: amount }).filter(([, value]) => value !== undefined),
    ) as FaultRuleInput;
    const rule = await (await clientFor(participant)).add(input);
    console.log(`${participant}: added ${describe(rule)}`);
  });

program
  .command('clear')
  .argument('<participant>', 'a participant id, or all')
  .argument('[ruleId]', 'one rule (f3); every rule when omitted')
  .description('remove one rule, or every rule')
  .action(async (participant: string, ruleId?: string) => {
    const ids = participant === 'all' ? participantsOf(loadNetwork(settings.networkFile)) : [participant];
    for (const id of ids) {
      const client = await clientFor(id);
      if (ruleId)
        console.log(`${id}: ${(await client.remove(ruleId)) ? `removed ${ruleId}` : `no rule ${ruleId}`}`);
      else console.log(`${id}: removed ${await client.clear()} rule(s)`);
    }
  });

await program.parseAsync();

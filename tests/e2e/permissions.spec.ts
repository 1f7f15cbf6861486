/**
 * Issue 7 at the queue level, on a running network: who may send what to whom (contracts permissions.ts).
 * A valid envelope proves the sender; it no longer makes a message acceptable.
 *
 * Two layers, each tested on its own:
 * - the consumer runner: messages published with the ADMIN login (so the broker lets them through) reach
 *   every recipient, which dead-letters each one the table forbids `not_allowed` before any handler runs;
 * - the broker: with the participant's OWN login, a publish to an exchange it may not address at all is
 *   refused with 403 ACCESS_REFUSED before any recipient sees it.
 * The list of forbidden (sender, type, recipient) is generated from the table, not picked by hand; the
 * findings of the issue are also replayed one by one, with their real content.
 */
import { expect } from 'chai';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { sql } from 'slonik';
import {
  amqpHeadersFor,
  createSealer,
  deadLetterQueueFor,
  exchangeFor,
  fixture,
  loadKeyDirectory,
  loadOwnKeys,
  mayCarry,
  messageTypes,
  newMessageId,
  newTxnId,
  participantKeysDir,
  recipientsOf,
  workQueueFor,
  type Message,
} from '@switchyard/contracts';
import { brokerUserName, createDb, managementApi, participantsOf } from '@switchyard/infra';
import { testSettings } from '@switchyard/infra/testing';
import { loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { TEST_PIN } from './support/extraCustomers.ts';
import { bankBalance } from './support/banks.ts';

type DeadLetter = { messageId: string; reason: string; detail: string };

describe('e2e: who may send what to whom — the runner and the broker refuse what the table forbids', function () {
  this.timeout(300_000);
  let net: TestNetwork;
  let participants: string[];
  let admin: ChannelModel;
  let asha: Onboarded;
  let vikram: Onboarded;

  /** Seals `message` with `sender`'s keys for `recipient` and publishes it to `recipient`'s exchange. */
  const publishAs = async (
    channel: ConfirmChannel,
    sender: string,
    recipient: string,
    message: Message,
  ): Promise<void> => {
    const keys = participantKeysDir(net.keysDir, sender);
    const sealed = createSealer(loadOwnKeys(keys, sender), loadKeyDirectory(keys)).seal({
      recipient,
      message,
      messageId: message.head.msgId,
      now: new Date(),
    });
    channel.publish(exchangeFor(net.network.prefix, recipient), message.type, sealed.body, {
      messageId: message.head.msgId,
      type: message.type,
      persistent: true,
      mandatory: true,
      headers: amqpHeadersFor(sealed.headers),
    });
  };
  const forged = <T extends Message['type']>(type: T, sender: string) => {
    const message = fixture(type, newMessageId());
    message.head.orgId = sender;
    message.head.ts = new Date().toISOString();
    return message;
  };
  const dlqOf = (participant: string) => deadLetterQueueFor(workQueueFor(net.network.prefix, participant));
  const depth = async (queue: string): Promise<number> => {
    const channel = await admin.createChannel();
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close();
    }
  };
  /** Takes every dead letter of `participant` (waiting until there are `count`). */
  const deadLetters = async (participant: string, count: number): Promise<DeadLetter[]> => {
    const deadline = Date.now() + 60_000;
    while ((await depth(dlqOf(participant))) < count) {
      if (Date.now() > deadline)
        throw new Error(`${participant}: fewer than ${count} dead letters after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const channel = await admin.createChannel();
    const taken: DeadLetter[] = [];
    try {
      for (let message = await channel.get(dlqOf(participant), { noAck: true }); message;) {
        const headers = message.properties.headers ?? {};
        taken.push({
          messageId: String(message.properties.messageId),
          reason: String(headers['x-dead-reason']),
          detail: String(headers['x-dead-detail']),
        });
        message = await channel.get(dlqOf(participant), { noAck: true });
      }
    } finally {
      await channel.close();
    }
    return taken;
  };

  /** Every table's row count in every service database, and every demo customer's balance. */
  const snapshot = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const participant of participants) {
      const db = await createDb(net.databaseUrlOf(participant), { poolSizeMax: 1 });
      try {
        const tables = (await db.pool.anyFirst(
          sql.unsafe`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
        )) as string[];
        for (const table of tables)
          counts[`${participant} ${table}`] = (await db.pool.oneFirst(
            sql.unsafe`SELECT count(*)::int FROM ${sql.identifier([table])}`,
          )) as number;
      } finally {
        await db.end();
      }
    }
    for (const customer of net.customers)
      counts[`balance ${customer.acNum}`] = await bankBalance(net, customer);
    return counts;
  };
  /** Nothing in flight: every work queue and every outbox empty, twice in a row. */
  const quiet = async (): Promise<void> => {
    let calm = 0;
    for (const deadline = Date.now() + 60_000; calm < 2;) {
      if (Date.now() > deadline) throw new Error('the network did not settle within 60 s');
      const snap = await snapshot();
      const queued = await Promise.all(participants.map((p) => depth(workQueueFor(net.network.prefix, p))));
      const busy = queued.some(Boolean) || participants.some((p) => snap[`${p} outbox`] > 0);
      calm = busy ? 0 : calm + 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };

  before(async () => {
    const customers = loadDemoCustomers();
    net = await startTestNetwork({ customers });
    participants = participantsOf(net.network);
    admin = await amqp.connect(testSettings().amqpUrl);
    const [ashaAsCustomer, vikramAsCustomer] = ['asha', 'vikram'].map((vpaUser) =>
      customers.find((c) => c.vpaUser === vpaUser)!,
    );
    asha = await onboard(net.clients.get(ashaAsCustomer.psp)!, ashaAsCustomer, {
      phones: net.phones,
      pin: TEST_PIN,
    });
    vikram = await onboard(net.clients.get(vikramAsCustomer.psp)!, vikramAsCustomer, { phones: net.phones });
  });
  after(async () => {
    await admin?.close().catch(() => undefined);
    await net?.stop();
  });

  it('every service is connected to RabbitMQ as its own user', async () => {
    const settings = testSettings();
    const api = managementApi({ url: settings.managementUrl, amqpUrl: settings.amqpUrl });
    const expected = participants.map((p) => `${brokerUserName(net.network.prefix, p)} ${p}`).sort();
    // The broker is shared (other networks' services carry the same connection names): look at our users.
    // The management API lists a connection once its statistics are collected (every few seconds): poll,
    // with a generous bound.
    const ours = async (): Promise<string[]> => {
      const connections = (await api.get('/connections')) as Array<{
        user: string;
        client_properties?: { connection_name?: string };
      }>;
      const mine = connections.filter((c) => c.user.startsWith(net.network.prefix));
      return [...new Set(mine.map((c) => `${c.user} ${c.client_properties?.connection_name}`))].sort();
    };
    let seen = await ours();
    for (let i = 0; i < 120 && seen.length < expected.length; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await ours();
    }
    expect(seen).to.deep.equal(expected);
  });

  it('the runner: every (sender, type, recipient) the table forbids is dead-lettered not_allowed, and nothing moves', async () => {
    const forbidden = participants.flatMap((sender) =>
      messageTypes.flatMap((type) =>
        participants
          .filter((recipient) => !mayCarry({ type, sender, recipient }).ok)
          .map((recipient) => ({ sender, type, recipient })),
      ),
    );
    expect(forbidden.length, 'generated from the table').to.be.greaterThan(400);
    await quiet();
    const before = await snapshot();
    const channel = await admin.createConfirmChannel();
    const sent = new Map<string, { sender: string; type: string; recipient: string }>();
    for (const combination of forbidden) {
      const message = forged(combination.type, combination.sender);
      await publishAs(channel, combination.sender, combination.recipient, message);
      sent.set(message.head.msgId, combination);
    }
    await channel.waitForConfirms();
    await channel.close();
    for (const recipient of participants) {
      const expected = forbidden.filter((c) => c.recipient === recipient).length;
      const dead = await deadLetters(recipient, expected);
      expect(dead, recipient).to.have.length(expected);
      for (const letter of dead) {
        const combination = sent.get(letter.messageId)!;
        expect(combination, letter.messageId).to.not.equal(undefined);
        expect(letter.reason).to.equal('not_allowed');
        expect(letter.detail).to.include(
          `${combination.sender} may not send ${combination.type} to ${combination.recipient}`,
        );
      }
    }
    await quiet();
    expect(await snapshot()).to.deep.equal(before);
  });

  it('the findings of issue 7, replayed with their content: refused, nothing moves', async () => {
    const { txnId } = await asha.client.pay(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: vikram.vpa,
      amount: '10.00',
      pin: TEST_PIN,
    });
    expect((await asha.client.waitForFinal(asha.session, txnId, { timeoutMs: 30_000 })).status).to.equal(
      'SUCCESS',
    );
    await quiet();
    const before = await snapshot();

    // 1. psp.zap credits Vikram ₹10,000 straight at his bank (it used to answer SUCCESS 00).
    const credit = forged('upi.ReqPay.CREDIT.v1', 'psp.zap');
    credit.txn.id = newTxnId('ZAP');
    credit.payee.ac = { acNum: vikram.customer.acNum, ifsc: vikram.customer.ifsc };
    credit.amount = { valueMinor: 1_000_000, curr: 'INR' };
    // 2. psp.zap reverses Asha's debit of the successful payment (she would be refunded, Vikram keeps it).
    const reversal = forged('upi.ReqPay.REVERSAL.v1', 'psp.zap');
    reversal.txn = { ...reversal.txn, id: txnId, orgTxnId: txnId };
    reversal.ac = { acNum: asha.customer.acNum, ifsc: asha.customer.ifsc };
    reversal.amount = { valueMinor: 1_000, curr: 'INR' };
    // 3. psp.kite lists the accounts behind Asha's mobile at her bank.
    const listing = forged('upi.ReqListAccount.v1', 'psp.kite');
    listing.link = { mobile: asha.customer.mobile, ifsc: asha.customer.ifsc };
    // 4. Forged answers to a PSP: a RespPay FAILURE for Asha's payment, a confirmation of a payment to
    // Vikram that never happened.
    const respPay = forged('upi.RespPay.PAY.v1', 'bank.lotus');
    respPay.txn.id = txnId;
    respPay.resp = { ...respPay.resp, result: 'FAILURE', errCode: 'U30' };
    const confirmation = forged('upi.ReqTxnConfirmation.v1', 'psp.zap');
    confirmation.txn.id = newTxnId('ZAP');
    confirmation.payee = { addr: vikram.vpa };
    const findings: Array<[string, string, Message]> = [
      ['psp.zap', 'bank.banyan', credit],
      ['psp.zap', 'bank.lotus', reversal],
      ['psp.kite', 'bank.lotus', listing],
      ['bank.lotus', 'psp.zap', respPay],
      ['psp.zap', 'psp.kite', confirmation],
    ];
    const channel = await admin.createConfirmChannel();
    for (const [sender, recipient, message] of findings) await publishAs(channel, sender, recipient, message);
    await channel.waitForConfirms();
    await channel.close();
    const dead = [
      ...(await deadLetters('bank.banyan', 1)),
      ...(await deadLetters('bank.lotus', 2)),
      ...(await deadLetters('psp.zap', 1)),
      ...(await deadLetters('psp.kite', 1)),
    ];
    expect(dead.map((d) => [d.messageId, d.reason])).to.have.deep.members(
      findings.map(([, , message]) => [message.head.msgId, 'not_allowed']),
    );
    await quiet();
    expect(await snapshot()).to.deep.equal(before);
    expect((await asha.client.getPayment(asha.session, txnId)).status).to.equal('SUCCESS');

    // The broker refuses the same publishes made with the participant's own login, before anyone sees them.
    for (const [sender, recipient, message] of findings) {
      if (recipientsOf(sender, participants).includes(recipient)) continue;
      expect(await publishWithOwnLogin(sender, recipient, message), `${sender} → ${recipient}`).to.equal(403);
    }
  });

  /** 'confirmed', or the code of the channel error the broker answered with. */
  const publishWithOwnLogin = async (
    sender: string,
    recipient: string,
    message: Message,
  ): Promise<'confirmed' | number> => {
    const own = await amqp.connect(net.amqpUrlOf(sender));
    try {
      const channel = await own.createConfirmChannel();
      let refusedWith: number | undefined;
      channel.on('error', (error: { code?: number }) => (refusedWith = error.code));
      await publishAs(channel, sender, recipient, message);
      const confirmed = await channel.waitForConfirms().then(
        () => true,
        () => false,
      );
      for (let i = 0; i < 40 && !confirmed && refusedWith === undefined; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      if (confirmed) await channel.close();
      return confirmed ? 'confirmed' : (refusedWith ?? -1);
    } finally {
      await own.close().catch(() => undefined);
    }
  };

  it('the broker: with its own login a participant may publish only to the exchanges of those it may address (403 otherwise)', async () => {
    await quiet();
    const before = await snapshot();
    const outcomes: Record<string, 'confirmed' | number> = {};
    const expected: Record<string, 'confirmed' | number> = {};
    for (const sender of participants) {
      const addressable = recipientsOf(sender, participants);
      for (const recipient of participants) {
        // A message the recipient refuses anyway, so that what passes the broker moves nothing either.
        const type = messageTypes.find((t) => !mayCarry({ type: t, sender, recipient }).ok)!;
        outcomes[`${sender} → ${recipient}`] = await publishWithOwnLogin(
          sender,
          recipient,
          forged(type, sender),
        );
        expected[`${sender} → ${recipient}`] = addressable.includes(recipient) ? 'confirmed' : 403;
      }
    }
    expect(outcomes).to.deep.equal(expected);
    const passed = Object.values(expected).filter((o) => o === 'confirmed').length;
    expect(passed, 'PSPs and banks address only the switch; the switch everyone').to.equal(
      participants.length + (participants.length - 1),
    );
    for (const recipient of participants) {
      const expectedDead = participants.filter((sender) =>
        recipientsOf(sender, participants).includes(recipient),
      ).length;
      expect((await deadLetters(recipient, expectedDead)).every((d) => d.reason === 'not_allowed')).to.equal(
        true,
      );
    }
    await quiet();
    expect(await snapshot()).to.deep.equal(before);
  });
});

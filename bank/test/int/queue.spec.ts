/**
 * The bank as a network participant, with no HTTP and no shortcut: this test plays the switch. It seals a
 * ReqPay DEBIT with the switch's keys, publishes it to the bank's exchange on RabbitMQ, and reads the
 * bank's sealed RespPay DEBIT from the switch's queue (bound to the switch's exchange), opening it with
 * the switch's keys. Between the two: startMessaging's consumer (envelope, inbox, handler transaction),
 * the outbox and the relay.
 */
import { expect } from 'chai';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  createOpener,
  createSealer,
  exchangeFor,
  fixture,
  newMessageId,
  newTxnId,
  sealCreds,
  workQueueFor,
  parseSms,
  smsExchangeFor,
  type Message,
  type ReqPayDebit,
  type RespOtp,
  type RespPayDebit,
  type RespSetCre,
} from '@switchyard/contracts';
import { createLogger, createSmsSender, deleteTopology, type Broker } from '@switchyard/infra';
import { testPrefix, testSettings } from '@switchyard/infra/testing';
import { createOutbox, startMessaging, type Messaging } from '@switchyard/outbox';
import { createHandlers } from '../../src/handlers/index.ts';
import { createCredsReader } from '../../src/hsm/credsReader.ts';
import {
  BANK,
  DEMO_PIN,
  SWITCH,
  customer,
  startBankHarness,
  type BankHarness,
} from './support/bankHarness.ts';

const until = async <T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('bank: on the queues, as the switch sees it (int)', function () {
  this.timeout(30_000);
  const prefix = testPrefix();
  const asha = customer(1);
  let bank: BankHarness;
  let messaging: Messaging;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  before(async () => {
    bank = await startBankHarness([asha]);
    const sealer = createSealer(bank.keys.own(BANK), bank.keys.directory);
    const log = createLogger({ name: BANK, level: 'silent' });
    const broker = Promise.withResolvers<Broker>();
    const now = () => new Date();
    const handlers = createHandlers({
      participant: BANK,
      outbox: createOutbox({ sealer, prefix }),
      readCreds: createCredsReader(bank.keys.own(BANK)),
      pinHasher: bank.pinHasher,
      sms: createSmsSender({ broker: broker.promise, prefix, from: 'LOTUS', log, now }),
      bankName: 'Lotus Bank',
      now,
      log,
    });
    messaging = await startMessaging({
      participant: BANK,
      prefix,
      db: bank.db,
      amqpUrl: testSettings().amqpUrl,
      sealer,
      opener: createOpener(bank.keys.own(BANK), bank.keys.directory),
      handlers,
      participants: [SWITCH, BANK],
      log,
    });
    broker.resolve(messaging.broker);
    connection = await amqp.connect(testSettings().amqpUrl);
    channel = await connection.createConfirmChannel();
  });

  after(async () => {
    await channel.close();
    await connection.close();
    const admin = await messaging.broker.createChannel();
    await deleteTopology(admin, messaging.broker.topology);
    await messaging.stop();
    await bank.close();
  });

  const switchSealer = () => createSealer(bank.keys.own(SWITCH), bank.keys.directory);
  const switchOpener = () => createOpener(bank.keys.own(SWITCH), bank.keys.directory);

  /** Publishes `message` to the bank's exchange exactly as the switch's relay would. */
  const publishAsSwitch = async (
    message: Message,
    messageId: string,
    correlationId: string,
  ): Promise<void> => {
    const sealed = switchSealer().seal({
      recipient: BANK,
      message,
      messageId,
      correlationId,
      now: new Date(),
    });
    channel.publish(exchangeFor(prefix, BANK), message.type, sealed.body, {
      messageId,
      type: message.type,
      correlationId,
      persistent: true,
      mandatory: true,
      contentType: 'application/octet-stream',
    });
    await channel.waitForConfirms();
  };

  /** The next message on the switch's queue, opened with the switch's keys. */
  const nextForSwitch = (): Promise<Message> =>
    until(
      async () => {
        const got = await channel.get(workQueueFor(prefix, SWITCH), { noAck: true });
        if (got === false) return undefined;
        const opened = switchOpener().open({
          body: got.content,
          amqpMessageId: got.properties.messageId as string,
          now: new Date(),
        });
        if (!opened.ok) throw new Error(`the switch cannot open the bank's reply: ${opened.reason}`);
        expect(opened.opened.headers).to.include({ sender: BANK, recipient: SWITCH });
        return opened.opened.message;
      },
      15_000,
      'a reply on the switch queue',
    );

  const debitRequest = (amountMinor: number): { message: ReqPayDebit; messageId: string } => {
    const messageId = newMessageId();
    const message = fixture('upi.ReqPay.DEBIT.v1');
    message.head.msgId = messageId;
    message.txn.id = newTxnId('ZAP');
    message.payer.ac = { acNum: asha.acNum, ifsc: asha.ifsc };
    message.amount.valueMinor = amountMinor;
    message.payer.creds.data = sealCreds(
      { purpose: 'PAY', pin: DEMO_PIN, txnId: message.txn.id, amountMinor, sealedAt: Date.now() },
      bank.keys.directory.current(BANK)!,
    );
    return { message, messageId };
  };

  it('answers a sealed ReqPay DEBIT with a sealed RespPay DEBIT, and debits once even if the switch resends it', async () => {
    const { message, messageId } = debitRequest(31_400);
    await publishAsSwitch(message, messageId, message.txn.id);
    const reply = (await nextForSwitch()) as RespPayDebit;
    expect(reply.type).to.equal('upi.RespPay.DEBIT.v1');
    expect(reply.txn.id).to.equal(message.txn.id);
    expect(reply.resp).to.include({ reqMsgId: message.head.msgId, result: 'SUCCESS' });
    expect(reply.resp.ref).to.include({ respCode: '00', settAmountMinor: 31_400 });

    // The switch's retry after a lost answer: a new envelope (new message id) for the same txn and leg.
    const resendId = newMessageId();
    await publishAsSwitch(
      { ...message, head: { ...message.head, msgId: resendId } },
      resendId,
      message.txn.id,
    );
    const again = (await nextForSwitch()) as RespPayDebit;
    expect(again.resp.ref).to.deep.equal(reply.resp.ref);
    expect(again.resp.reqMsgId).to.equal(resendId);
    expect(await bank.balanceOf(asha.acNum)).to.equal(asha.balanceMinor - 31_400);
  });

  it('answers a wrong PIN with ZM through the same path', async () => {
    const { message, messageId } = debitRequest(100);
    message.payer.creds.data = sealCreds(
      { purpose: 'PAY', pin: '0000', txnId: message.txn.id, amountMinor: 100, sealedAt: Date.now() },
      bank.keys.directory.current(BANK)!,
    );
    await publishAsSwitch(message, messageId, message.txn.id);
    const reply = (await nextForSwitch()) as RespPayDebit;
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'ZM' });
  });

  it('sends the OTP of a ReqOtp by SMS on the phone network, and a PIN_SET with it succeeds', async () => {
    // The phone: its own queue on the SMS exchange, bound with its number (app/src/phone does the same).
    const phone = await connection.createChannel();
    const { queue } = await phone.assertQueue('', { exclusive: true, autoDelete: true });
    await phone.bindQueue(queue, smsExchangeFor(prefix), asha.mobile);
    try {
      const otp = fixture('upi.ReqOtp.v1', newMessageId());
      otp.txn.id = newTxnId('ZAP');
      otp.payer.ac = { acNum: asha.acNum, ifsc: asha.ifsc };
      otp.payer.device.mobile = asha.mobile;
      await publishAsSwitch(otp, otp.head.msgId, otp.txn.id);
      const answer = (await nextForSwitch()) as RespOtp;
      expect(answer).to.deep.include({ type: 'upi.RespOtp.v1', txn: { id: otp.txn.id } });
      expect(answer.resp).to.include({ reqMsgId: otp.head.msgId, result: 'SUCCESS' });
      const delivery = await until(
        async () => (await phone.get(queue, { noAck: true })) || undefined,
        10_000,
        'the SMS',
      );
      const sms = parseSms(delivery.content);
      expect(sms).to.include({ to: asha.mobile, from: 'LOTUS' });
      const code = /\b([0-9]{6})\b/.exec(sms!.text)![1];

      const setCre = fixture('upi.ReqSetCre.v1', newMessageId());
      setCre.txn.id = newTxnId('ZAP');
      setCre.payer.ac = { acNum: asha.acNum, ifsc: asha.ifsc };
      setCre.payer.creds.data = sealCreds(
        {
          purpose: 'SET',
          newPin: '7531',
          acNum: asha.acNum,
          cardLast6: asha.cardLast6!,
          cardExpiry: asha.cardExpiry!,
          otp: code,
          sealedAt: Date.now(),
        },
        bank.keys.directory.current(BANK)!,
      );
      await publishAsSwitch(setCre, setCre.head.msgId, setCre.txn.id);
      const set = (await nextForSwitch()) as RespSetCre;
      expect(set.resp).to.include({ reqMsgId: setCre.head.msgId, result: 'SUCCESS' });
    } finally {
      await phone.close();
    }
  });
});

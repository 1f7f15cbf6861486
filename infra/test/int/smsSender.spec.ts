/**
 * The phone network's sending side on a real broker: an SMS to a number a phone listens on arrives there,
 * confirmed; one to a number nobody listens on is confirmed as sent and kept nowhere (no alternate
 * exchange: no one-time code piles up in the unroutable queue).
 */
import { expect } from 'chai';
import { parseSms, smsExchangeFor, unroutableQueue } from '@switchyard/contracts';
import { createSmsSender } from '../../src/rabbit/smsSender.ts';
import { createTestBroker, testLog, type TestBroker } from '../../src/testing/testBroker.ts';

describe('infra/rabbit: the SMS sender', function () {
  this.timeout(30_000);
  let test: TestBroker;
  before(async () => {
    test = await createTestBroker({ participants: ['alpha'] });
  });
  after(async () => {
    await test?.drop();
  });

  it('publishes to the number a phone listens on, with a confirm, as an Sms the phone can parse', async () => {
    const phone = await test.channel();
    const { queue } = await phone.assertQueue('', { exclusive: true, autoDelete: true });
    await phone.bindQueue(queue, smsExchangeFor(test.prefix), '9800000001');
    const sms = createSmsSender({
      broker: Promise.resolve(test.broker), // as the bank builds it: before messaging has started
      prefix: test.prefix,
      from: 'LOTUS',
      log: testLog(),
      now: () => new Date('2025-11-21T10:15:00.000Z'),
    });
    await sms.send({ to: '9800000001', text: '123456 is your code' });
    await sms.send({ to: '9800000002', text: '654321 is nobody’s code' }); // no phone: sent, dropped
    const [delivery] = await test.drain(queue);
    expect(parseSms(delivery.content)).to.deep.equal({
      to: '9800000001',
      from: 'LOTUS',
      text: '123456 is your code',
      sentAt: '2025-11-21T10:15:00.000Z',
    });
    expect(await test.drain(queue)).to.deep.equal([]);
    expect(await test.messageCount(unroutableQueue(test.prefix))).to.equal(0);
  });

  it('throws when the broker does not confirm in time (the PSP then answers 503)', async () => {
    const sms = createSmsSender({
      broker: new Promise(() => undefined), // never connected
      prefix: test.prefix,
      from: 'ZAP',
      log: testLog(),
      now: () => new Date(),
      confirmTimeoutMs: 200,
    });
    let error: unknown;
    await sms.send({ to: '9800000001', text: 'x' }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/no SMS channel within 200 ms/);
  });
});

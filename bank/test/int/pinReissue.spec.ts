/**
 * PIN verifiers made before a key rotation or before issue 9 (legacy scrypt), against a real database: they
 * still verify, and the right PIN re-issues the verifier under the current key in the same transaction.
 */
import { createHmac, randomBytes, scryptSync } from 'node:crypto';
import { expect } from 'chai';
import { fixture, newMessageId, newTxnId, type ReqSetCre } from '@switchyard/contracts';
import { sql } from 'slonik';
import { createPinHasher, type PinSubject } from '../../src/hsm/pinHasher.ts';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: PIN verifiers under a retired key or legacy scrypt (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const retiredKey = randomBytes(32);
  const currentKey = randomBytes(32);
  const rotated = customer(1); // verifier under the retired key
  const legacy = customer(2); // legacy scrypt verifier
  const legacyPoor = customer(3, { balanceMinor: 100 }); // legacy, then declined for funds
  const legacyChanger = customer(4); // legacy, then PIN_CHANGE
  const current = customer(5); // verifier under the current key

  const subject = (c: { ifsc: string; acNum: string }): PinSubject => ({ use: 'PIN', ...c });
  const legacyVerifier = (key: Buffer, pin: string): string => {
    const salt = randomBytes(16);
    const peppered = createHmac('sha256', key).update(pin).digest();
    const hash = scryptSync(peppered, salt, 32, { N: 16, r: 8, p: 1 });
    return `scrypt$16$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
  };
  const storeVerifier = (acNum: string, verifier: string) =>
    bank.db.pool.query(sql.unsafe`UPDATE accounts SET pin_verifier = ${verifier} WHERE ac_num = ${acNum}`);
  const verifierOf = async (acNum: string): Promise<string> => (await bank.pinState(acNum)).verifier!;
  const keyIdOf = (verifier: string): string => verifier.split('$')[1];
  const debitCode = async (acNum: string, pin: string, amountMinor = 100) =>
    (await bank.ask(build.debit({ acNum, amountMinor, pin }), 'upi.RespPay.DEBIT.v1')).resp.ref.respCode;

  before(async () => {
    bank = await startBankHarness([rotated, legacy, legacyPoor, legacyChanger, current], {
      pvk: currentKey,
      retiredPvks: [retiredKey],
    });
    build = requests(bank);
    await storeVerifier(rotated.acNum, createPinHasher({ pvk: retiredKey }).hash(subject(rotated), '1234'));
    await storeVerifier(legacy.acNum, legacyVerifier(retiredKey, '1234'));
    await storeVerifier(legacyPoor.acNum, legacyVerifier(currentKey, '1234'));
    await storeVerifier(legacyChanger.acNum, legacyVerifier(retiredKey, '1234'));
  });
  after(async () => {
    await bank.close();
  });

  it('a verifier under a retired key: a wrong PIN counts and changes nothing, the right one pays and re-issues it', async () => {
    const old = await verifierOf(rotated.acNum);
    expect(keyIdOf(old)).to.not.equal(keyIdOf(await verifierOf(current.acNum)));
    expect(await debitCode(rotated.acNum, '9999')).to.equal('ZM');
    expect(await bank.pinState(rotated.acNum)).to.include({ failedTries: 1, verifier: old });
    expect(await debitCode(rotated.acNum, '1234')).to.equal('00');
    const reissued = await verifierOf(rotated.acNum);
    expect(reissued).to.equal(bank.pinHasher.hash(subject(rotated), '1234'));
    expect(keyIdOf(reissued)).to.equal(keyIdOf(await verifierOf(current.acNum)));
    expect((await bank.pinState(rotated.acNum)).failedTries).to.equal(0);
    expect(await debitCode(rotated.acNum, '1234')).to.equal('00');
  });

  it('a legacy scrypt verifier (an existing database) still pays, and is upgraded to pvv', async () => {
    expect(await verifierOf(legacy.acNum)).to.match(/^scrypt\$/);
    expect(await debitCode(legacy.acNum, '4321')).to.equal('ZM');
    expect(await verifierOf(legacy.acNum)).to.match(/^scrypt\$/);
    expect(await debitCode(legacy.acNum, '1234')).to.equal('00');
    expect(await verifierOf(legacy.acNum)).to.equal(bank.pinHasher.hash(subject(legacy), '1234'));
    expect(await debitCode(legacy.acNum, '1234')).to.equal('00');
  });

  it('the upgrade is kept when the debit is declined after the PIN (Z9): it commits with the answer', async () => {
    expect(await debitCode(legacyPoor.acNum, '1234', 101)).to.equal('Z9');
    expect(await verifierOf(legacyPoor.acNum)).to.equal(bank.pinHasher.hash(subject(legacyPoor), '1234'));
    expect(await bank.balanceOf(legacyPoor.acNum)).to.equal(100);
  });

  it('PIN_CHANGE verifies a legacy old PIN and stores the new PIN under the current key', async () => {
    const message: ReqSetCre = fixture('upi.ReqSetCre.v1');
    message.head.msgId = newMessageId();
    message.txn.id = newTxnId('ZAP');
    message.payer.ac = { acNum: legacyChanger.acNum, ifsc: legacyChanger.ifsc };
    message.payer.creds = {
      type: 'PIN_CHANGE',
      data: bank.sealPin({
        purpose: 'CHANGE',
        oldPin: '1234',
        newPin: '864200',
        acNum: legacyChanger.acNum,
        sealedAt: Date.now(),
      }),
    };
    expect((await bank.ask(message, 'upi.RespSetCre.v1')).resp.result).to.equal('SUCCESS');
    expect(await verifierOf(legacyChanger.acNum)).to.equal(
      bank.pinHasher.hash(subject(legacyChanger), '864200'),
    );
    expect(await debitCode(legacyChanger.acNum, '1234')).to.equal('ZM');
    expect(await debitCode(legacyChanger.acNum, '864200')).to.equal('00');
  });
});

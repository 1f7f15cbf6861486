import { expect } from 'chai';
import {
  MsgId,
  TxnId,
  Rrn,
  isTxnId,
  isVpa,
  isoTimestamp,
  newApprovalNum,
  MESSAGE_ID_PATTERN,
  newMessageId,
  newTxnId,
  parseVpa,
  rrnFor,
  TXN_ID_PATTERN,
} from '../../src/index.ts';
import { Compile } from 'typebox/compile';

describe('ids', () => {
  describe('newTxnId', () => {
    it('is the 3-char PSP prefix + 32 alphanumerics, valid for the TxnId schema', () => {
      const txnIdSchema = Compile(TxnId);
      const ids = new Set<string>();
      for (let i = 0; i < 200; i += 1) {
        const id = newTxnId('ZAP');
        expect(id).to.have.length(35);
        expect(id.startsWith('ZAP')).to.equal(true);
        expect(id).to.match(/^[A-Z0-9]{35}$/);
        expect(TXN_ID_PATTERN.test(id) && isTxnId(id) && txnIdSchema.Check(id)).to.equal(true);
        ids.add(id);
      }
      expect(ids.size).to.equal(200);
    });

    it('refuses a prefix that is not 3 upper-case alphanumerics', () => {
      for (const prefix of ['zap', 'ZA', 'ZAPX', 'Z-P', ''])
        expect(() => newTxnId(prefix), prefix).to.throw(/PSP prefix/);
    });

    it('isTxnId refuses 34 or 36 chars, bad chars and a lower-case prefix', () => {
      const id = newTxnId('KIT');
      expect(isTxnId(id.slice(0, 34))).to.equal(false);
      expect(isTxnId(`${id}A`)).to.equal(false);
      expect(isTxnId(`${id.slice(0, 34)}-`)).to.equal(false);
      expect(isTxnId(`kit${id.slice(3)}`)).to.equal(false);
    });
  });

  describe('rrnFor', () => {
    const rrnSchema = Compile(Rrn);
    const cases: [string, number, string][] = [
      ['2025-01-01T00:00:00Z', 42, '500100000042'],
      ['2025-12-31T23:59:59Z', 7, '536500000007'],
      ['2024-02-29T12:00:00Z', 1, '406000000001'],
      ['2024-03-01T00:00:00Z', 1, '406100000001'],
      ['2024-12-31T10:00:00Z', 99_999_999, '436699999999'],
      ['2021-06-15T10:00:00Z', 0, '116600000000'],
      ['2030-02-01T10:00:00Z', 5, '003200000005'],
    ];
    for (const [date, sequence, expected] of cases) {
      it(`is YDDD + 8-digit sequence: ${date} #${sequence} → ${expected}`, () => {
        const rrn = rrnFor(new Date(date), sequence);
        expect(rrn).to.equal(expected);
        expect(rrnSchema.Check(rrn)).to.equal(true);
      });
    }

    it('wraps the sequence to 8 digits and refuses negative or fractional sequences', () => {
      expect(rrnFor(new Date('2025-11-21T00:00:00Z'), 100_000_042)).to.equal('532500000042');
      expect(() => rrnFor(new Date(), -1)).to.throw(/RRN sequence/);
      expect(() => rrnFor(new Date(), 1.5)).to.throw(/RRN sequence/);
    });

    it('uses the UTC day', () => {
      expect(rrnFor(new Date('2025-01-01T23:30:00-05:00'), 1)).to.equal('500200000001'); // 04:30Z on Jan 2
    });
  });

  describe('VPA', () => {
    it('accepts user@handle with letters, digits, dot, dash, underscore', () => {
      for (const vpa of ['asha@zap', 'asha.rao_1-x@okaxis', 'AB@Kite', `${'a'.repeat(251)}@zap`])
        expect(isVpa(vpa), vpa).to.equal(true);
    });

    it('refuses a missing @, a bad handle, a 1-char user, spaces and more than 255 chars', () => {
      const bad = [
        'asha',
        'asha@',
        '@zap',
        'a@zap',
        'asha@z',
        'asha@zap1',
        'asha@zap.in',
        'as ha@zap',
        'asha@@zap',
        `${'a'.repeat(252)}@zap`,
        '',
      ];
      for (const vpa of bad) expect(isVpa(vpa), vpa).to.equal(false);
    });

    it('parseVpa splits and lower-cases, or gives undefined', () => {
      expect(parseVpa('Asha.Rao@ZAP')).to.deep.equal({ user: 'asha.rao', handle: 'zap' });
      expect(parseVpa('no-at-sign')).to.equal(undefined);
      expect(parseVpa(`${'a'.repeat(300)}@zap`)).to.equal(undefined);
    });
  });

  describe('message ids and the rest', () => {
    it('newMessageId() is a ULID: a valid Head.msgId as it is, and time-ordered', () => {
      const msgIdSchema = Compile(MsgId);
      const first = newMessageId();
      const second = newMessageId();
      expect(first).to.match(MESSAGE_ID_PATTERN);
      expect(first).to.have.length(26);
      expect(msgIdSchema.Check(first)).to.equal(true);
      expect(first < second, 'monotonic within a process').to.equal(true);
    });

    it('approval numbers are 6 upper-case alphanumerics; timestamps are ISO with a zone', () => {
      expect(newApprovalNum()).to.match(/^[A-Z0-9]{6}$/);
      expect(isoTimestamp(new Date('2025-11-21T10:15:00Z'))).to.equal('2025-11-21T10:15:00.000Z');
    });
  });
});

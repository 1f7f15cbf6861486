import { expect } from 'chai';
import {
  Codes,
  codeInfo,
  declineClass,
  isKnownCode,
  responseCodes,
  validationCodeFor,
} from '../../src/index.ts';

/** Every code of the table in docs/upi.md §7 (pairs like `U96` / `RA` split). */
const UPI_MD_TABLE = [
  '00',
  '01',
  'U01',
  'U48',
  'ZM',
  'Z6',
  'AM',
  'U66',
  'ZA',
  'FL',
  'FP',
  'Z9',
  'Z8',
  'Z7',
  'ZU',
  'U02',
  'U03',
  'U16',
  'XH',
  'XI',
  'ZX',
  'ZY',
  'YE',
  'YF',
  'B1',
  'B3',
  'U96',
  'RA',
  'XB',
  'XC',
  'ZH',
  'ZG',
  'ZE',
  'UX',
  'XY',
  'Y1',
  'XT',
  'XU',
  'IR',
  'UB',
  'HS',
  'UP',
  'U28',
  'U27',
  'U67',
  'U68',
  'U70',
  'U78',
  'U80',
  'U94',
  'U86',
  'U89',
  'U90',
  'U91',
  'U92',
  'U93',
  'U29',
  'U30',
  'U31',
  'U32',
  'U33',
  'U34',
  'U69',
  'U19',
  'U20',
  'UT',
  'BT',
  'RB',
  'RR',
  'RP',
  '21',
  '32',
  '96',
  'CS',
  'NC',
  'ND',
  'OC',
  'OD',
  'NO',
  'DF',
  'DT',
  'U35',
  'U36',
  'U38',
];

describe('codes', () => {
  it('has every code of the docs/upi.md §7 table', () => {
    const missing = UPI_MD_TABLE.filter((code) => !isKnownCode(code));
    expect(missing).to.deep.equal([]);
  });

  it('classes the codes the table classes', () => {
    const classes: Record<string, 'TD' | 'BD'> = {
      U01: 'TD',
      ZM: 'BD',
      Z6: 'BD',
      Z9: 'BD',
      XY: 'TD',
      HS: 'TD',
      UT: 'TD',
      BT: 'TD',
      RB: 'TD',
      U67: 'TD',
      U16: 'BD',
      U90: 'TD',
    };
    for (const [code, cls] of Object.entries(classes)) expect(codeInfo(code)?.class, code).to.equal(cls);
  });

  it('has meanings and levels for every code, and every named code is known', () => {
    for (const info of responseCodes.values()) {
      expect(info.meaning.length, info.code).to.be.greaterThan(3);
      expect(['txn', 'leg', 'legSwitch', 'rev', 'chk', 'psp']).to.include(info.level);
    }
    for (const [name, code] of Object.entries(Codes)) expect(isKnownCode(code), name).to.equal(true);
  });

  describe('declineClass', () => {
    it('takes the leg code underneath an unclassed switch code', () => {
      expect(declineClass('U30', 'Z9')).to.equal('BD');
      expect(declineClass('U30', 'ZM')).to.equal('BD');
      expect(declineClass('U30', 'UT')).to.equal('TD');
      expect(declineClass('U31', 'XY')).to.equal('TD');
      expect(declineClass('U31', 'YF')).to.equal('BD');
    });

    it('uses the code own class when it has one', () => {
      expect(declineClass('U01')).to.equal('TD');
      expect(declineClass('U16')).to.equal('BD');
    });

    it('counts an unknown code as technical, and success as no decline', () => {
      expect(declineClass('Q7')).to.equal('TD');
      expect(declineClass('U30', 'Q7')).to.equal('TD');
      expect(declineClass('00')).to.equal('-');
      expect(declineClass(undefined)).to.equal('-');
      expect(declineClass('U30')).to.equal('-');
    });
  });

  describe('validationCodeFor', () => {
    it('answers an invalid field with the validation code of its part of the message', () => {
      const cases: Array<[string, string]> = [
        ['/head/ts', 'H01'],
        ['/txn/note', 'T01'],
        ['/txn/refId', 'T01'],
        ['/payer/name', 'R01'],
        ['/payer/ac/acNum', 'R01'],
        ['/link/mobile', 'R01'],
        ['/payer/device/id', 'D01'],
        ['/payer/creds/data', 'C01'],
        ['/payee/addr', 'B01'],
        ['/amount/valueMinor', 'V01'],
        ['/bogus', 'U07'],
        ['/', 'U07'],
      ];
      for (const [path, code] of cases) {
        expect(validationCodeFor(path), path).to.equal(code);
        expect(codeInfo(code)).to.include({ level: 'txn', class: 'TD' });
      }
    });
  });
});

/**
 * Every golden fixture decodes, and for every message type typical faults are refused with a path that
 * names the faulty field: unknown fields, wrong types, bad amounts, txn ids, RRNs, VPAs and timestamps.
 */
import { expect } from 'chai';
import { AMOUNT_MINOR_MAX, decode, decodeJson, messageTypes } from '../../src/index.ts';
import { fixture } from '../../src/fixtures.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mutation = { name: string; path: string; value: Json };

/** JSON-pointer paths of every field named one of `keys` in `value`. */
const pathsOf = (value: Json, keys: readonly string[], at = ''): string[] => {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = `${at}/${key}`;
    return [
      ...(keys.includes(key) && typeof child !== 'object' ? [path] : []),
      ...pathsOf(child, keys, path),
    ];
  });
};

const withValue = (message: Json, path: string, value: Json): Json => {
  const copy = structuredClone(message) as { [key: string]: Json };
  const parts = path.split('/').slice(1);
  let node = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as { [key: string]: Json };
  node[parts.at(-1)!] = value;
  return copy;
};

const txnId34 = 'ZAP' + 'a'.repeat(31);
const mutationsFor = (message: Json): Mutation[] => {
  const at = (keys: string[], name: string, value: Json): Mutation[] =>
    pathsOf(message, keys)
      .filter((path) => !path.endsWith('/id') || path === '/txn/id') // device.id is not a txn id
      .map((path) => ({ name, path, value }));
  return [
    { name: 'unknown root field', path: '/bogus', value: 1 },
    { name: 'unknown head field', path: '/head/bogus', value: 'x' },
    { name: 'head.ver of the wrong type', path: '/head/ver', value: 2 },
    { name: 'head.msgId with a dash', path: '/head/msgId', value: 'not-alnum' },
    { name: 'head.orgId not a participant', path: '/head/orgId', value: 'PSP ZAP' },
    ...at(['ts', 'armedAt', 'dueAt'], 'timestamp without zone', '2025-11-21T10:15:00'),
    ...at(['ts', 'armedAt', 'dueAt'], 'date only', '2025-11-21'),
    ...at(['valueMinor'], 'amount 0', 0),
    ...at(['valueMinor', 'settAmountMinor'], 'negative amount', -100),
    ...at(['valueMinor', 'settAmountMinor'], 'float amount', 250.5),
    ...at(['valueMinor', 'settAmountMinor'], 'amount above ₹1 crore', AMOUNT_MINOR_MAX + 1),
    ...at(['valueMinor'], 'amount as a string', '25000'),
    ...at(['curr'], 'currency other than INR', 'USD'),
    ...at(['id', 'txnId', 'orgTxnId'], 'txn id of 34 chars', txnId34),
    ...at(['id', 'txnId', 'orgTxnId'], 'txn id of 36 chars', `${txnId34}bb`),
    ...at(['id', 'txnId', 'orgTxnId'], 'txn id with a bad char', `${txnId34.slice(0, 34)}!`),
    ...at(['id', 'txnId', 'orgTxnId'], 'txn id with a lower-case prefix', `zap${'a'.repeat(32)}`),
    ...at(['custRef'], 'RRN of 11 digits', '53250000004'),
    ...at(['custRef'], 'RRN of 13 digits', '5325000000421'),
    ...at(['custRef'], 'RRN with letters', '5325ABCD0042'),
    ...at(['addr'], 'VPA without @', 'asha.zap'),
    ...at(['addr'], 'VPA longer than 255', `${'a'.repeat(252)}@zap`),
    ...at(['addr'], 'VPA with a digit in the handle', 'asha@zap1'),
    ...at(['addr'], 'VPA with a 1-letter handle', 'asha@z'),
    ...at(['addr'], 'VPA with a space', 'asha rao@zap'),
    ...at(['reqMsgId', 'legMsgId'], 'msg id of 36 chars', 'a'.repeat(36)),
    ...at(['respCode', 'errCode', 'orgRespCode'], 'code of 4 chars', 'U300'),
    ...at(['acNum'], 'account number with letters', '10000000000A'),
    ...at(['ifsc'], 'IFSC without the 0', 'LOTS1000001'),
    ...at(['mobile'], 'mobile starting with 5', '5800000001'),
    ...at(['name', 'note'], 'NUL in free text', 'Asha\u0000Rao'),
    ...at(['name', 'note'], 'a control character in free text', 'Asha\u001bRao'),
    ...at(['name', 'note'], 'a C1 control character in free text', 'Asha\u0085'),
    ...at(['name', 'note'], 'an unpaired high surrogate in free text', 'Asha\ud800'),
    ...at(['name', 'note'], 'an unpaired low surrogate in free text', '\udc00Asha'),
  ];
};

describe('message schemas', () => {
  it('has a golden fixture for each of the 27 message types', () => {
    expect(messageTypes).to.have.length(27);
    for (const type of messageTypes) expect(fixture(type).type).to.equal(type);
  });

  for (const type of messageTypes) {
    describe(type, () => {
      it('decodes its fixture, from a value and from JSON', () => {
        const message = fixture(type);
        expect(decode(message)).to.deep.equal({ ok: true, message });
        expect(decode(message, type).ok).to.equal(true);
        expect(decodeJson(JSON.stringify(message)).ok).to.equal(true);
      });

      it('refuses invalid variants, naming the faulty field', () => {
        const message = fixture(type) as unknown as Json;
        const mutations = mutationsFor(message);
        expect(mutations.length).to.be.greaterThan(6);
        for (const mutation of mutations) {
          const result = decode(withValue(message, mutation.path, mutation.value));
          expect(result.ok, `${type}: ${mutation.name} at ${mutation.path}`).to.equal(false);
          if (result.ok) continue;
          const paths = result.errors.map((error) => error.path);
          expect(paths, `${type}: ${mutation.name}`).to.include(mutation.path);
          expect(result.errors.every((error) => error.message.length > 0)).to.equal(true);
        }
      });

      it('refuses a missing required field and a type mismatch', () => {
        const { head: _head, ...headless } = fixture(type);
        const missing = decode(headless);
        expect(missing.ok).to.equal(false);
        const other = messageTypes.find((candidate) => candidate !== type)!;
        const mismatch = decode(fixture(type), other);
        expect(mismatch).to.deep.equal({
          ok: false,
          errors: [{ path: '/type', message: `expected ${other}, got ${type}` }],
        });
      });
    });
  }

  it('names unknown nested fields in the path', () => {
    const message = fixture('upi.ReqPay.PAY.v1') as unknown as Json;
    const result = decode(withValue(message, '/payer/device/imei', '123'));
    expect(result).to.deep.equal({
      ok: false,
      errors: [{ path: '/payer/device/imei', message: 'unknown field' }],
    });
  });

  it('accepts the boundaries: ₹1 crore, a 255-char VPA, a +05:30 zone, a zero settled amount', () => {
    const pay = fixture('upi.ReqPay.PAY.v1') as unknown as Json;
    expect(decode(withValue(pay, '/amount/valueMinor', AMOUNT_MINOR_MAX)).ok).to.equal(true);
    expect(decode(withValue(pay, '/amount/valueMinor', 1)).ok).to.equal(true);
    expect(decode(withValue(pay, '/payee/addr', `${'a'.repeat(251)}@zap`)).ok).to.equal(true);
    expect(decode(withValue(pay, '/head/ts', '2025-11-21T15:45:00.123+05:30')).ok).to.equal(true);
    const debit = fixture('upi.RespPay.DEBIT.v1') as unknown as Json;
    expect(decode(withValue(debit, '/resp/ref/settAmountMinor', 0)).ok).to.equal(true);
  });

  it('refuses unknown types, non-objects and bad JSON without throwing', () => {
    expect(decode({ type: 'upi.Bogus.v1' })).to.deep.equal({
      ok: false,
      errors: [{ path: '/type', message: 'unknown message type upi.Bogus.v1' }],
    });
    expect(decode(null).ok).to.equal(false);
    expect(decode('upi.ReqPay.PAY.v1').ok).to.equal(false);
    const bad = decodeJson('{"type":');
    expect(bad.ok).to.equal(false);
    if (!bad.ok) expect(bad.errors[0].message).to.match(/^invalid JSON/);
  });

  it('hands out deep copies of fixtures', () => {
    const first = fixture('upi.ReqPay.PAY.v1');
    first.amount.valueMinor = 1;
    first.payer.ac.acNum = '999999999';
    const second = fixture('upi.ReqPay.PAY.v1');
    expect(second.amount.valueMinor).to.equal(25000);
    expect(second.payer.ac.acNum).to.equal('100000000001');
  });
});

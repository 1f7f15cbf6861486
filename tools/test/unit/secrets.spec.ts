/**
 * Setup secrets where they belong (network/secrets.ts): each service its own operator key and broker
 * password, each bank its own PIN pepper, nothing shared — and a keys folder from before (one shared
 * secrets.json) keeps working: its banks keep the pepper their stored PIN verifiers depend on.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadNetwork, participantsOf } from '@switchyard/infra';
import {
  ensureSecrets,
  loadPeopleSecrets,
  loadServiceSecrets,
  operatorKeyOf,
} from '../../src/network/secrets.ts';
import { BROKER_MESSAGE_BYTES_MAX } from '@switchyard/infra';

const network = loadNetwork();
const participants = participantsOf(network);

describe('tools: setup secrets, one set per service', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sy-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("gives every service its own operator key and broker password, every bank its own pepper, in the service's folder (0600)", async () => {
    const people = await ensureSecrets(dir, network);
    expect(people.monitoringPassword).to.have.length.greaterThan(16);
    const all = participants.map((p) => loadServiceSecrets(dir, p));
    for (const [index, participant] of participants.entries()) {
      const file = join(dir, participant, 'secrets.json');
      expect(statSync(file).mode & 0o777, file).to.equal(0o600);
      expect(statSync(join(dir, participant)).mode & 0o777).to.equal(0o700);
      expect(Object.keys(all[index]).sort(), participant).to.deep.equal(
        participant.startsWith('bank.')
          ? ['amqpPassword', 'operatorKey', 'pinPepper']
          : ['amqpPassword', 'operatorKey'],
      );
      expect(operatorKeyOf(dir, participant)).to.equal(all[index].operatorKey);
    }
    const values = all.flatMap((s) => Object.values(s));
    expect(new Set(values).size, 'nothing shared').to.equal(values.length);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).to.equal(0o600);
    const before = participants.map((p) => readFileSync(join(dir, p, 'secrets.json'), 'utf8'));
    expect(await ensureSecrets(dir, network)).to.deep.equal(people);
    expect(
      participants.map((p) => readFileSync(join(dir, p, 'secrets.json'), 'utf8')),
      'idempotent',
    ).to.deep.equal(before);
  });

  it('a keys folder from before (one shared operator key and pepper): banks keep that pepper, the shared file keeps neither', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({ operatorKey: 'shared-operator-key', pinPepper: 'old-pepper' }),
    );
    await ensureSecrets(dir, network);
    for (const bank of network.banks)
      expect(loadServiceSecrets(dir, bank.id).pinPepper).to.equal('old-pepper');
    for (const participant of participants)
      expect(operatorKeyOf(dir, participant)).to.not.equal('shared-operator-key');
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as object)).to.deep.equal([
      'monitoringPassword',
    ]);
    expect(loadPeopleSecrets(dir).monitoringPassword).to.be.a('string');
  });

  it("docker-compose's rabbitmq.conf limits a message body to BROKER_MESSAGE_BYTES_MAX", () => {
    const conf = readFileSync(new URL('../../../infra/rabbitmq/rabbitmq.conf', import.meta.url), 'utf8');
    expect(/^max_message_size = (\d+)$/m.exec(conf)?.[1]).to.equal(String(BROKER_MESSAGE_BYTES_MAX));
  });
});

/**
 * The users-and-permissions part of a RabbitMQ definitions file (the format `rabbitmqctl export_definitions`
 * writes), for a broker that imports definitions when it boots (docker-compose: infra/rabbitmq/rabbitmq.conf).
 * Generated at setup from each participant's secrets, never committed. The topology part is separate
 * (definitions files in one folder are all imported); setup's declareTopology declares it anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { brokerLoginsOf } from './brokerSetup.ts';
import type { Network } from '@switchyard/infra';

/** RabbitMQ's rabbit_password_hashing_sha256: base64(salt ‖ sha256(salt ‖ password)), a 4-byte salt. */
export const rabbitPasswordHash = (password: string, salt: Buffer = randomBytes(4)): string =>
  Buffer.concat([
    salt,
    createHash('sha256')
      .update(Buffer.concat([salt, Buffer.from(password, 'utf8')]))
      .digest(),
  ]).toString('base64');

export type UserDefinitions = {
  users: Array<{ name: string; password_hash: string; hashing_algorithm: string; tags: string[] }>;
  vhosts: Array<{ name: string }>;
  permissions: Array<{ user: string; vhost: string; configure: string; write: string; read: string }>;
};

/**
 * Every participant's user, the monitoring login and the admin (a broker importing definitions at boot
 * creates no default user), on `vhost`.
 */
export const brokerUserDefinitions = (o: {
  network: Network;
  keysDir: string;
  vhost: string;
  admin: { name: string; password: string };
}): UserDefinitions => {
  const logins = brokerLoginsOf(o.network, o.keysDir);
  const all = [
    ...logins,
    {
      user: {
        name: o.admin.name,
        tags: 'administrator',
        permissions: { configure: '.*', write: '.*', read: '.*' },
      },
      password: o.admin.password,
    },
  ];
  return {
    users: all.map(({ user, password }) => ({
      name: user.name,
      password_hash: rabbitPasswordHash(password),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: user.tags === '' ? [] : user.tags.split(','),
    })),
    vhosts: [{ name: o.vhost }],
    permissions: all.map(({ user }) => ({ user: user.name, vhost: o.vhost, ...user.permissions })),
  };
};

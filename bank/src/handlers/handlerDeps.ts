/**
 * What the bank's handlers are built from (wired in main.ts; tests pass their own). Each handler's own deps
 * type picks only the fields it uses (DebitDeps, LegDeps, ReplyDeps…).
 */
import type { OpenCredsResult } from '@switchyard/contracts';
import type { Log, SmsSender } from '@switchyard/infra';
import type { Outbox } from '@switchyard/outbox';
import type { PinHasher } from '../hsm/pinHasher.ts';

export type HandlerDeps = {
  /** This bank's participant id (`bank.lotus`): the orgId of its replies. */
  participant: string;
  outbox: Outbox;
  /** Opens a PIN block sealed for this bank (hsm/credsReader.ts). */
  readCreds: (data: string) => OpenCredsResult;
  pinHasher: PinHasher;
  /** The phone network: one-time codes go to the account's registered mobile (ReqOtp). */
  sms: SmsSender;
  /** How SMS name the bank ("Lotus Bank"). */
  bankName: string;
  /** The time: read once per message; tests pass a settable one. */
  now: () => Date;
  log: Log;
};

/**
 * The demo customers' PSP sessions (bearer tokens), kept between runs in <run dir>/demo-sessions.json
 * (mode 0600): `demo` writes them, `pay` uses them, `reset` deletes them.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PspSession } from '@switchyard/app';
import type { DemoCustomer } from './demoCustomers.ts';

export type DemoSessions = Record<string, PspSession>;

const fileIn = (runDir: string): string => join(runDir, 'demo-sessions.json');

/** The key of a customer's session: one user per PSP and mobile. */
export const sessionKeyOf = (customer: DemoCustomer): string => `${customer.psp}/${customer.mobile}`;

/** The saved sessions, or undefined when the demo never ran (or `reset` ran since). */
export const loadDemoSessions = (runDir: string): DemoSessions | undefined =>
  existsSync(fileIn(runDir)) ? (JSON.parse(readFileSync(fileIn(runDir), 'utf8')) as DemoSessions) : undefined;

export const saveDemoSessions = (runDir: string, sessions: DemoSessions): void => {
  mkdirSync(runDir, { recursive: true });
  writeFileSync(fileIn(runDir), JSON.stringify(sessions, null, 2), { mode: 0o600 });
};

export const deleteDemoSessions = (runDir: string): void => rmSync(fileIn(runDir), { force: true });

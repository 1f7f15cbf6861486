/**
 * One payment's log lines across every service: the services write pino JSON lines, one file each
 * (the launcher's `<logs dir>/<participant>.log`); every line about a payment carries its txn id as
 * correlationId. This reads the files, keeps that payment's lines and puts them in time order (a line's
 * `time`, then the order within its file).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export type LogLine = Record<string, unknown> & { time: number; file: string };

/** The lines of every `*.log` file in `dir` whose correlationId is `txnId`, oldest first. */
export const paymentLogLines = (dir: string, txnId: string): LogLine[] => {
  const found: Array<LogLine & { order: number }> = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    let order = 0;
    for (const raw of text.split('\n')) {
      order += 1;
      if (!raw.includes(txnId) || !raw.startsWith('{')) continue; // cheap filter before JSON.parse
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        continue; // not a JSON line (a crash trace, a partial line)
      }
      if (line.correlationId !== txnId || typeof line.time !== 'number') continue;
      found.push({ ...line, time: line.time, file: basename(name, '.log'), order });
    }
  }
  return found
    .sort((a, b) => a.time - b.time || a.file.localeCompare(b.file) || a.order - b.order)
    .map(({ order: _order, ...line }) => line);
};

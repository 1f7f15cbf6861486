import { Writable } from 'node:stream';
import { createLogger, type Log } from '@switchyard/infra';

/** One JSON log line, as a service writes it. */
export type LogLine = Record<string, unknown> & { msg: string; level: number };

/** A logger like a service's (debug and up), whose lines the test reads. */
export const capturingLog = (name: string): { log: Log; lines: LogLine[] } => {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n'))
        if (text) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { log: createLogger({ name, level: 'debug', destination }), lines };
};

/**
 * The bench's load generator, in its own process so that its CPU is its own (the bench counts it as a
 * component): reads a step file written by measureStep.ts — the requests, the rate, the connections —
 * sends them at that constant rate (load/sendAtConstantRate.ts) and prints the result as one JSON line.
 *   node tools/src/bench/loadWorker.ts <step.json>
 */
import { readFileSync } from 'node:fs';
import {
  sendAtConstantRate,
  type ConstantRateOptions,
  type LoadRequest,
} from '../load/sendAtConstantRate.ts';

export type LoadWorkerInput = ConstantRateOptions & { requests: LoadRequest[] };

const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadWorkerInput;
const result = await sendAtConstantRate(input.requests, input);
process.stdout.write(`${JSON.stringify(result)}\n`);

/**
 * The shape of every background worker here (relay, sweeper, inbox cleanup): run a step, then sleep until
 * the interval passes or someone wakes the loop; stop() aborts the sleep and waits for the step in progress.
 */
import type { Log } from '@switchyard/infra';

/** What a step asks for: run again at once ('again'), or sleep first ('idle'). */
export type StepResult = 'again' | 'idle';

export type BackgroundLoop = {
  /** Ends the sleep early (a wake during a step makes the loop run again at once). */
  wake(): void;
  stop(): Promise<void>;
  readonly signal: AbortSignal;
};

/** An abortable sleep that wake() can also end. */
const createSleeper = (signal: AbortSignal) => {
  let woken = false;
  let resolveSleep: (() => void) | undefined;
  return {
    wake() {
      woken = true;
      resolveSleep?.();
    },
    async sleep(ms: number): Promise<void> {
      if (woken || signal.aborted) {
        woken = false;
        return;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolveSleep = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        resolveSleep = done;
      });
      woken = false;
    },
  };
};

export const startBackgroundLoop = (o: {
  name: string;
  log: Log;
  intervalMs: number;
  step: (signal: AbortSignal) => Promise<StepResult>;
}): BackgroundLoop => {
  const controller = new AbortController();
  const sleeper = createSleeper(controller.signal);
  const running = (async () => {
    while (!controller.signal.aborted) {
      let result: StepResult = 'idle';
      try {
        result = await o.step(controller.signal);
      } catch (error) {
        o.log.error({ err: error, loop: o.name }, 'background step failed');
      }
      if (result === 'idle') await sleeper.sleep(o.intervalMs);
    }
  })();
  return {
    wake: () => sleeper.wake(),
    signal: controller.signal,
    async stop() {
      controller.abort();
      await running;
    },
  };
};

/**
 * Running one piece of work on every target of a fleet: so many at once, each within its
 * time, a canary first, stopping after too many failures or when asked to.
 */
import type { FleetTarget } from './targets.js';

/**
 * How a target's run ended. `ok`: as it should be; `differs`: it ran and found differences;
 * `failed`: the command failed; `error`: it could not run; `timeout`: it took longer than
 * allowed; `stopped`: the fleet run was interrupted before it finished (what it did is kept).
 */
export type TargetOutcome = 'ok' | 'differs' | 'failed' | 'error' | 'timeout' | 'stopped';

/** What one target's run gave. */
export interface TargetResult {
  readonly name: string;
  readonly outcome: TargetOutcome;
  /** How long it took, in milliseconds. */
  readonly ms: number;
  /** What sets this target apart, one line each: its differences, failed checks, the migrations it applied. */
  readonly details: readonly string[];
  /** Why it failed, in one sentence. */
  readonly error?: string;
}

/** The work done on one target; `signal` is aborted when its time is up or the run is being stopped. */
export type TargetWork = (target: FleetTarget, signal: AbortSignal) => Promise<Omit<TargetResult, 'ms' | 'name'>>;

/** How a fleet run goes. */
export interface FleetRunOptions {
  /** Targets run at once (at least 1). */
  readonly concurrency: number;
  /** Milliseconds one target may take: then it is reported as timed out and its signal aborted. */
  readonly timeoutMs?: number;
  /** Run these first targets alone, and stop when any of them does not end `ok`. */
  readonly canary?: number;
  /** Start no new target once this many have not ended `ok` or `differs`. */
  readonly maxFailures?: number;
  /** Once aborted, no new target starts; those under way get their signal aborted and are waited for. */
  readonly stop?: AbortSignal;
  /** Called with each result as it comes (in the order targets finish). */
  readonly onResult: (result: TargetResult) => void | Promise<void>;
}

/** Why a run ended before every target had run. */
export type FleetStopReason = 'canary' | 'max-failures' | 'interrupted';

/** How the run ended. */
export interface FleetRunEnd {
  /** Targets that ran (every one has a result). */
  readonly ran: number;
  /** Targets that did not start. */
  readonly notStarted: readonly string[];
  readonly stoppedBy?: FleetStopReason;
}

/** Whether an outcome counts against `maxFailures` and the canary. */
export function isFailure(outcome: TargetOutcome): boolean {
  return outcome === 'failed' || outcome === 'error' || outcome === 'timeout';
}

/** Runs `work` on each target (in the order given), as {@link FleetRunOptions} says. */
export async function runFleet(
  targets: readonly FleetTarget[],
  work: TargetWork,
  options: FleetRunOptions,
): Promise<FleetRunEnd> {
  let next = 0;
  let failures = 0;
  let stoppedBy: FleetStopReason | undefined;
  const running = new Set<AbortController>();
  const onStop = () => {
    stoppedBy ??= 'interrupted';
    for (const controller of running) controller.abort();
  };
  options.stop?.addEventListener('abort', onStop);

  const runOne = async (target: FleetTarget) => {
    const controller = new AbortController();
    running.add(controller);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut =
      options.timeoutMs === undefined
        ? undefined
        : new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
          });
    const done = work(target, controller.signal).catch((error: unknown): Omit<TargetResult, 'ms' | 'name'> => ({
      outcome: 'error',
      details: [],
      error: error instanceof Error ? error.message : String(error),
    }));
    const first = await (timedOut ? Promise.race([done, timedOut]) : done);
    clearTimeout(timer);
    let result: TargetResult;
    if (first === 'timeout') {
      controller.abort();
      result = {
        name: target.name,
        outcome: 'timeout',
        ms: Math.round(performance.now() - started),
        details: [],
        error: `took longer than ${(options.timeoutMs as number) / 1000} s`,
      };
      // What it was doing stops at its next safe point (a migration run: after the migration under way).
      await done;
    } else {
      result = { name: target.name, ms: Math.round(performance.now() - started), ...first };
    }
    running.delete(controller);
    if (isFailure(result.outcome)) failures++;
    await options.onResult(result);
    return result;
  };

  const mayStart = () => {
    if (stoppedBy) return false;
    if (options.maxFailures !== undefined && failures >= options.maxFailures) {
      stoppedBy = 'max-failures';
      return false;
    }
    return next < targets.length;
  };

  const worker = async (until: number) => {
    while (mayStart() && next < until) {
      const target = targets[next++] as FleetTarget;
      await runOne(target);
    }
  };
  const pool = (until: number) =>
    Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, until - next)) }, () => worker(until)));

  try {
    const canary = Math.min(options.canary ?? 0, targets.length);
    if (canary > 0) {
      const before = failures;
      await pool(canary);
      if (failures > before && !stoppedBy) stoppedBy = 'canary';
    }
    if (!stoppedBy) await pool(targets.length);
  } finally {
    options.stop?.removeEventListener('abort', onStop);
  }
  return { ran: next, notStarted: targets.slice(next).map((t) => t.name), ...(stoppedBy ? { stoppedBy } : {}) };
}

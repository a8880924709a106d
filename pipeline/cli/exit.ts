/**
 * The exit-code policy, in one place. Commands throw (UsageError, BusyError, InterruptedError,
 * ManifestError, ReleaseError…) or report failed reports with setExit(EXIT.reportsFailed);
 * `exitFor` turns an error into its code and the one line said about it.
 *
 *   0   every report processed (quality warnings allowed)
 *   1   unexpected error (a bug, or the machine: disk full while exporting…)
 *   2   usage or input: bad flags, a path that does not exist, an empty folder or manifest,
 *       a bad manifest, an unknown report id, a bad release version
 *   3   finished, but at least one report or source failed (the others are loaded)
 *   75  busy: another process holds the database past the wait (JUESUAN_LOCK_WAIT)
 *   130 / 143  stopped by SIGINT / SIGTERM after cleaning up (runs row written)
 */
import { CommanderError } from 'commander';
import { constants } from 'node:os';
import { ManifestError } from '../fetch/errors.ts';
import { ReleaseError } from '../release/errors.ts';
import { BusyError, describeError, InterruptedError, UsageError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';

export const EXIT = {
  ok: 0,
  /** Unexpected error: the run itself could not proceed. */
  error: 1,
  /** Bad command-line usage or input. */
  usage: 2,
  /** The run finished but at least one report failed. */
  reportsFailed: 3,
  /** Another process holds the database (or the nightly lock). */
  locked: 75,
} as const;

/** 128 + the signal's number, as shells report a process ended by it. */
export function signalExit(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? constants.signals.SIGTERM);
}

/** The exit code of an error that ended a command, and what to print (stack only for the unexpected). */
export function exitFor(err: unknown): { code: number; message: string | null; stack: boolean } {
  if (err instanceof CommanderError) {
    // --help and --version end here with code 0; commander has printed its own message.
    return { code: err.exitCode === 0 ? EXIT.ok : EXIT.usage, message: null, stack: false };
  }
  if (err instanceof UsageError) return { code: EXIT.usage, message: err.message, stack: false };
  if (err instanceof ManifestError) return { code: EXIT.usage, message: `bad manifest: ${err.message}`, stack: false };
  if (err instanceof BusyError) return { code: EXIT.locked, message: err.message, stack: false };
  if (err instanceof ReleaseError) return { code: err.retryable ? EXIT.locked : EXIT.usage, message: err.message, stack: false };
  if (err instanceof InterruptedError) return { code: signalExit(err.signal), message: err.message, stack: false };
  const { message, expected } = describeError(err);
  return { code: EXIT.error, message, stack: !expected };
}

/** Say what ended the command (one line; the stack only for errors that look like bugs) and return its code. */
export function reportFatal(err: unknown, log: Logger): number {
  const { code, message, stack } = exitFor(err);
  if (message) log.error(stack && err instanceof Error && err.stack ? err.stack : message);
  return code;
}

/**
 * SIGTERM / SIGINT: the first asks the run to stop cleanly (abort `signal`), a second ends the
 * process at once. `dispose` removes the handlers.
 */
export function trapStopSignals(log: Logger): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signalExit(sig));
    log.warn(`received ${sig}: finishing the load in progress and writing the runs row (send it again to stop at once)`);
    controller.abort(sig);
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const s of signals) process.on(s, handler);
  return { signal: controller.signal, dispose: () => signals.forEach((s) => process.off(s, handler)) };
}

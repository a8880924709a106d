/**
 * The one place that decides what goes to stdout (data, summaries) and stderr (progress,
 * notes), colour, and exit codes.
 */
import { logSafe, type Logger } from '../util/log.ts';

export { EXIT } from './exit.ts';

const useColour = !process.env.NO_COLOR && process.stderr.isTTY;
const paint = (code: string, s: string) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);

export function stderrLogger(opts: { quiet?: boolean } = {}): Logger {
  const tty = process.stderr.isTTY;
  let transient = false;
  const clear = () => {
    if (transient) process.stderr.write('\r\x1b[K');
    transient = false;
  };
  return {
    info: (m) => {
      if (opts.quiet) return;
      clear();
      process.stderr.write(logSafe(m) + '\n');
    },
    warn: (m) => {
      clear();
      process.stderr.write(paint('33', 'warning: ') + logSafe(m) + '\n');
    },
    error: (m) => {
      clear();
      process.stderr.write(paint('31', 'error: ') + logSafe(m) + '\n');
    },
    progress: (m) => {
      if (opts.quiet) return;
      if (tty) {
        clear();
        process.stderr.write(logSafe(m).replace(/\n/g, ' ').slice(0, (process.stderr.columns ?? 100) - 1));
        transient = true;
      } else process.stderr.write(logSafe(m) + '\n');
    },
  };
}

/** Data for people or pipes goes to stdout. */
export function out(line: string): void {
  process.stdout.write(logSafe(line) + '\n');
}

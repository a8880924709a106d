/**
 * Errors with a known meaning, shared by every stage and command. The CLI maps each class to
 * one exit code in one place (cli/exit.ts); a stage only says what went wrong.
 */

/** The command, its arguments or its input files cannot work as given (exit 2). Retrying never helps. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Another process holds a resource (the DuckDB file) past the wait allowed (exit 75). Retry later. */
export class BusyError extends Error {
  override name = 'BusyError';
}

/** The run was stopped by a signal after it had cleaned up (exit 128 + signal number). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}

/** Operating-system errors that are facts about the machine, not bugs: said in one line, no stack. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device; free space there and run again',
  EDQUOT: 'disk quota exceeded; free space there and run again',
  EROFS: 'the file system is read-only; choose a writable --data-dir',
  EACCES: 'permission denied; check the owner and mode of that path',
  EPERM: 'operation not permitted; check the owner and mode of that path',
  EMFILE: 'too many open files; raise the limit (ulimit -n) or lower --concurrency',
  ENOMEM: 'out of memory; lower --concurrency',
  EISDIR: 'a folder is in the way of a file; remove or rename it',
  ENOTDIR: 'a file is in the way of a folder; remove or rename it',
  EIO: 'input/output error on the device',
};

/** DuckDB reports OS errors as text; the same causes, recognised by their wording. */
const DUCKDB_SYSTEM_TEXT: [RegExp, string][] = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
  [/Permission denied/i, 'EACCES'],
];

/** The errno code of an expected system error (fs or DuckDB), or null. */
export function systemErrorCode(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && code in SYSTEM_ERRORS) return code;
  const msg = err instanceof Error ? err.message : '';
  return DUCKDB_SYSTEM_TEXT.find(([re]) => re.test(msg))?.[1] ?? null;
}

/**
 * Wrap an fs call so its error names `path`: Node's write errors (ENOSPC during write()) carry
 * no path, and "no space left" without the disk it happened on is no help.
 */
export async function onPath<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e === 'object' && e.code && !e.path) e.path = path;
    throw err;
  }
}

/** Largest message a report's failure carries (a DuckDB error can quote a whole statement). */
const MAX_MESSAGE = 400;

/**
 * One line saying what went wrong and, for expected causes, what to do. `expected` is false only
 * for errors that look like bugs; the caller then also logs the stack.
 */
export function describeError(err: unknown): { message: string; expected: boolean } {
  if (err instanceof UsageError || err instanceof BusyError || err instanceof InterruptedError) return { message: err.message, expected: true };
  const sys = systemErrorCode(err);
  if (sys) {
    const e = err as NodeJS.ErrnoException;
    const where = e.path ? ` (${e.path})` : '';
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    // fs messages are "ENOSPC: no space left on device, write"; DuckDB's already name their file.
    const said = e.code === sys ? '' : `: ${first}`;
    return { message: clip(`${SYSTEM_ERRORS[sys]}${where}${said}`), expected: true };
  }
  // pdf.js re-throws a RangeError from its parser as a plain Error with the same message.
  if (err instanceof Error && /Maximum call stack size exceeded/i.test(err.message)) {
    return { message: 'the document is nested too deeply to read (Maximum call stack size exceeded): it is malformed or hostile; check the file opens in a PDF viewer', expected: true };
  }
  if (err instanceof Error && /Conversion Error|out of range|overflow/i.test(err.message) && /DECIMAL|INT/i.test(err.message)) {
    return { message: clip(`a value does not fit the database column (${err.message.split('\n')[0]}); the report prints a number too large to be money in 元`), expected: true };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { message: clip(`unexpected error: ${msg.split('\n')[0]}`), expected: false };
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s;
}

/**
 * The logger library code reports through. Only the CLI decides where it goes (stderr,
 * a run log file); stages never print.
 */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** Transient progress ("[3/40] extract liaocheng.pdf"); may be dropped when not a TTY. */
  progress(msg: string): void;
}

/** Indent of the continuation lines of a message, so none of them can pass for a log line of its own. */
const CONTINUATION = '\n    ';

/**
 * A message as one log entry: control characters (from file names, URLs, server replies)
 * shown escaped, and line breaks followed by an indent. A file named "x\nerror: …" cannot forge
 * a line of the log.
 */
export function logSafe(msg: string): string {
  return msg
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/\n(?!$)/g, CONTINUATION);
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, progress() {} };

/** A logger that also appends every line to extra sinks (e.g. a run log file). */
export function teeLogger(base: Logger, sink: (line: string) => void): Logger {
  const stamp = (lvl: string, msg: string) => sink(`${new Date().toISOString()} ${lvl} ${logSafe(msg)}`);
  return {
    info: (m) => (stamp('INFO', m), base.info(m)),
    warn: (m) => (stamp('WARN', m), base.warn(m)),
    error: (m) => (stamp('ERROR', m), base.error(m)),
    progress: (m) => (stamp('INFO', m), base.progress(m)),
  };
}

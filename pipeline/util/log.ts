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

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, progress() {} };

/** A logger that also appends every line to extra sinks (e.g. a run log file). */
export function teeLogger(base: Logger, sink: (line: string) => void): Logger {
  const stamp = (lvl: string, msg: string) => sink(`${new Date().toISOString()} ${lvl} ${msg}`);
  return {
    info: (m) => (stamp('INFO', m), base.info(m)),
    warn: (m) => (stamp('WARN', m), base.warn(m)),
    error: (m) => (stamp('ERROR', m), base.error(m)),
    progress: (m) => (stamp('INFO', m), base.progress(m)),
  };
}

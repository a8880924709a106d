/** Errors of the release stage. Most are about the user's inputs, where retrying never helps. */
export class ReleaseError extends Error {
  /** True when the same command may succeed later (e.g. the database was busy). */
  readonly retryable: boolean;
  constructor(message: string, opts: { retryable?: boolean } = {}) {
    super(message);
    this.name = 'ReleaseError';
    this.retryable = opts.retryable ?? false;
  }
}

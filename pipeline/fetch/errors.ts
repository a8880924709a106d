/** Error classes of the fetch stage. Each says whether trying again later can help. */

/** A source that could not be fetched. `retryable` feeds the ledger, so the next night retries only what can succeed. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    message: string,
    /** Network trouble, timeouts, 408/429/5xx and truncated bodies: yes. Other 4xx, bad content: no. */
    readonly retryable: boolean,
    /** Last HTTP status seen, if a response arrived. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
  /** How many attempts were made before giving up. */
  attempts = 1;
  /** The server's Retry-After, in ms, when it sent one. */
  retryAfterMs?: number;
}

/** A manifest that cannot be used; names the file, the line and the field so it can be fixed. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    problem: string,
  ) {
    super(`${file}${line != null ? `:${line}` : ''}${field ? ` (${field})` : ''}: ${problem}`);
  }
}

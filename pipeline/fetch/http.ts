/**
 * Downloading one URL politely and safely: bounded concurrency (over all hosts and per host),
 * an inactivity timeout, retries with exponential backoff and jitter for trouble that may pass
 * (network errors, 408, 429, 5xx, truncated bodies), conditional requests, a size cap, and
 * redirects followed by hand so every hop is checked. The body is streamed into a temp file;
 * the caller decides what the bytes are and renames the file into `raw/`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { PROJECT_ROOT } from '../paths.ts';
import type { Logger } from '../util/log.ts';
import { FetchError } from './errors.ts';

export interface HttpOptions {
  /** Downloads in flight at once, over all hosts. */
  concurrency?: number;
  /** Downloads in flight at once to one host: government sites are small servers. */
  perHost?: number;
  /** Give up on a request when the server sends nothing (headers or body bytes) for this long. */
  timeoutMs?: number;
  /** Give up on one attempt after this long in total, however slowly bytes trickle in. */
  maxDurationMs?: number;
  /** Attempts per URL, the first included. */
  maxAttempts?: number;
  /** First retry waits about this long; each further retry doubles it (with jitter). */
  backoffBaseMs?: number;
  /** Longest wait we accept from a Retry-After header; longer requests are cut to this. */
  maxRetryAfterMs?: number;
  /** Largest body accepted; reports are a few MB, so more is a wrong link or an attack. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
}

/** The ceiling on one backoff wait, so a long run of retries does not stall the batch. */
const MAX_BACKOFF_MS = 30_000;
/** Bytes of the body kept in memory for content sniffing (sniff.ts looks at 2 KiB). */
const HEAD_BYTES = 2048;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0';
  }
}

export const USER_AGENT = `juesuan/${packageVersion()} (+open-data pipeline)`;

export const HTTP_DEFAULTS: Required<HttpOptions> = {
  concurrency: 4,
  perHost: 2,
  timeoutMs: 60_000,
  maxDurationMs: 30 * 60_000,
  maxAttempts: 4,
  backoffBaseMs: 1_000,
  maxRetryAfterMs: 120_000,
  maxBytes: 200 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: USER_AGENT,
};

/** Validators from the last successful fetch, sent so an unchanged report is not downloaded again. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

interface ResponseMeta {
  status: number;
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  /** From Content-Disposition, else the last path segment of the final URL. */
  fileName: string;
  attempts: number;
}

export type Download =
  | (ResponseMeta & { status: 304 })
  | (ResponseMeta & { status: 200; tmpPath: string; sha256: string; bytes: number; head: Uint8Array });

/** A Download before the retry loop stamps its attempt count (Omit over each member keeps the union). */
type AttemptResult = Download extends infer D ? (D extends Download ? Omit<D, 'attempts'> : never) : never;

export class HttpFetcher {
  private readonly o: Required<HttpOptions>;
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();

  constructor(
    opts: HttpOptions,
    private readonly log: Logger,
    /** Where bodies are streamed; put it on the same filesystem as raw/ so the final rename is atomic. */
    private readonly tmpDir: string,
  ) {
    this.o = { ...HTTP_DEFAULTS, ...definedOnly(opts) };
    this.global = pLimit(this.o.concurrency);
  }

  /** Download `url`; throws FetchError (with `attempts`) when every attempt failed. */
  async download(url: string, validators: Validators = {}): Promise<Download> {
    checkScheme(url);
    const host = new URL(url).host;
    for (let attempt = 1; ; attempt++) {
      try {
        // Host slot first, then a global one, so a task waiting on a busy host holds no global slot.
        const d = await this.hostLimit(host)(() => this.global(() => this.attempt(url, validators)));
        return { ...d, attempts: attempt } as Download;
      } catch (err) {
        const e = toFetchError(err);
        e.attempts = attempt;
        if (!e.retryable || attempt >= this.o.maxAttempts) throw e;
        const wait = e.retryAfterMs !== undefined ? Math.min(e.retryAfterMs, this.o.maxRetryAfterMs) : this.backoff(attempt);
        this.log.warn(`${url}: ${e.message}; retry ${attempt}/${this.o.maxAttempts - 1} in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
      }
    }
  }

  private hostLimit(host: string): LimitFunction {
    let l = this.hosts.get(host);
    if (!l) this.hosts.set(host, (l = pLimit(this.o.perHost)));
    return l;
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries of a batch spread out. */
  private backoff(attempt: number): number {
    const d = Math.min(this.o.backoffBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return d / 2 + Math.random() * (d / 2);
  }

  /** One attempt: follow redirects, then stream the body of the final response. */
  private async attempt(url: string, validators: Validators): Promise<AttemptResult> {
    let current = url;
    for (let hop = 0; hop <= this.o.maxRedirects; hop++) {
      const watch = new Watchdog(this.o.timeoutMs, this.o.maxDurationMs);
      try {
        let res: Response;
        try {
          res = await fetch(current, { redirect: 'manual', signal: watch.signal, headers: this.headers(validators) });
        } catch (err) {
          throw watch.explain(err, 0, null);
        }
        const location = res.headers.get('location');
        if (!(REDIRECT_STATUSES.has(res.status) && location)) return await this.finish(res, current, validators, watch);
        await res.body?.cancel().catch(() => undefined);
        current = resolveRedirect(location, current);
        checkScheme(current, `redirect from ${url}`);
      } finally {
        watch.stop();
      }
    }
    throw new FetchError(`too many redirects (more than ${this.o.maxRedirects})`, false);
  }

  private headers(v: Validators): Record<string, string> {
    const h: Record<string, string> = {
      'user-agent': this.o.userAgent,
      accept: 'application/pdf, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5',
      // Identity, so Content-Length counts the bytes we store and truncation can be detected.
      'accept-encoding': 'identity',
    };
    if (v.etag) h['if-none-match'] = v.etag;
    if (v.lastModified) h['if-modified-since'] = v.lastModified;
    return h;
  }

  private async finish(res: Response, finalUrl: string, v: Validators, watch: Watchdog): Promise<AttemptResult> {
    const meta = {
      finalUrl,
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
      contentType: res.headers.get('content-type'),
      fileName: fileNameFor(res.headers.get('content-disposition'), finalUrl),
    };
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      if (!v.etag && !v.lastModified) throw new FetchError('server answered 304 Not Modified to an unconditional request', false, 304);
      return { ...meta, status: 304 };
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw statusError(res, this.o.maxRetryAfterMs);
    }
    return { ...meta, status: 200, ...(await this.streamBody(res, watch)) };
  }

  /** Stream the body to a temp file, hashing and counting as it comes; the temp file is removed on failure. */
  private async streamBody(res: Response, watch: Watchdog): Promise<{ tmpPath: string; sha256: string; bytes: number; head: Uint8Array }> {
    const declared = declaredLength(res);
    if (declared !== null && declared > this.o.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchError(`too large: ${declared} bytes announced, the limit is ${this.o.maxBytes}`, false, 200);
    }
    await mkdir(this.tmpDir, { recursive: true });
    const tmpPath = join(this.tmpDir, `${randomBytes(8).toString('hex')}.part`);
    const fh = await open(tmpPath, 'w');
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let bytes = 0;
    let headLen = 0;
    try {
      const reader = res.body!.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          watch.touch();
          bytes += value.length;
          if (bytes > this.o.maxBytes) throw new FetchError(`too large: more than ${this.o.maxBytes} bytes`, false, 200);
          hash.update(value);
          if (headLen < HEAD_BYTES) {
            head.push(Buffer.from(value.subarray(0, HEAD_BYTES - headLen)));
            headLen += value.length;
          }
          await fh.write(value);
        }
      } catch (err) {
        await reader.cancel().catch(() => undefined);
        throw watch.explain(err, bytes, declared);
      }
      if (declared !== null && bytes !== declared) throw truncated(bytes, declared);
      await fh.close();
      return { tmpPath, sha256: hash.digest('hex'), bytes, head: new Uint8Array(Buffer.concat(head)) };
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw err;
    }
  }
}

/**
 * Aborts a request when the server goes quiet for `idleMs`, or the attempt exceeds `totalMs`,
 * and turns the resulting abort into an error that says which.
 */
class Watchdog {
  private readonly ac = new AbortController();
  private idle: NodeJS.Timeout;
  private readonly total: NodeJS.Timeout;
  private why: string | null = null;

  constructor(
    private readonly idleMs: number,
    totalMs: number,
  ) {
    // Unref'd: an open request keeps the process alive by itself; a forgotten timer must not.
    this.idle = setTimeout(() => this.fire(`no response for ${seconds(idleMs)}`), idleMs).unref();
    this.total = setTimeout(() => this.fire(`still downloading after ${seconds(totalMs)}`), totalMs).unref();
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  touch(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.fire(`stalled: no data for ${seconds(this.idleMs)}`), this.idleMs).unref();
  }

  stop(): void {
    clearTimeout(this.idle);
    clearTimeout(this.total);
  }

  private fire(why: string): void {
    this.why = why;
    this.ac.abort();
  }

  /** Name the cause of an error thrown while talking to the server. */
  explain(err: unknown, bytes: number, declared: number | null): FetchError {
    if (err instanceof FetchError) return err;
    if (this.why) return new FetchError(`timed out (${this.why})`, true);
    if (declared !== null && bytes < declared) return truncated(bytes, declared);
    return new FetchError(`network error${bytes > 0 ? ` after ${bytes} bytes` : ''}: ${describeNetworkError(err)}`, true);
  }
}

function truncated(bytes: number, declared: number): FetchError {
  return new FetchError(`truncated download: got ${bytes} of ${declared} bytes`, true, 200);
}

function statusError(res: Response, maxRetryAfterMs: number): FetchError {
  const s = res.status;
  const retryable = s === 408 || s === 429 || s >= 500;
  const e = new FetchError(`HTTP ${s}${res.statusText ? ` ${res.statusText}` : ''}`, retryable, s);
  const ra = parseRetryAfter(res.headers.get('retry-after'));
  if (retryable && ra !== undefined) e.retryAfterMs = Math.min(ra, maxRetryAfterMs);
  return e;
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Content-Length, unless the body is encoded (then the length is of the encoded bytes, not ours). */
function declaredLength(res: Response): number | null {
  const enc = res.headers.get('content-encoding');
  if (enc && enc.toLowerCase() !== 'identity') return null;
  const cl = res.headers.get('content-length');
  return cl !== null && /^\d+$/.test(cl.trim()) ? Number(cl) : null;
}

function resolveRedirect(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new FetchError(`redirect to an invalid URL: ${location}`, false);
  }
}

function checkScheme(url: string, context?: string): void {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new FetchError(`not a valid URL: ${url}`, false);
  }
  if (scheme !== 'http:' && scheme !== 'https:') {
    throw new FetchError(`only http and https are fetched, not ${scheme}${context ? ` (${context})` : ''}`, false);
  }
}

/** The file name the server suggests, else the URL's last path segment, else the host name. */
export function fileNameFor(disposition: string | null, url: string): string {
  if (disposition) {
    const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
    const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)?.[1];
    const name = star ? safeDecode(star) : plain;
    if (name?.trim()) return basenameOf(name.trim());
  }
  const u = new URL(url);
  const seg = u.pathname.split('/').filter(Boolean).pop();
  return seg ? basenameOf(safeDecode(seg)) : u.hostname;
}

function basenameOf(s: string): string {
  return s.split(/[\\/]/).pop() || s;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  if (e?.cause?.message) return e.cause.code && !e.cause.message.includes(e.cause.code) ? `${e.cause.code} ${e.cause.message}` : e.cause.message;
  return e?.message ?? String(err);
}

function toFetchError(err: unknown): FetchError {
  if (err instanceof FetchError) return err;
  // Local trouble (disk full, permissions) will not pass by waiting a few seconds.
  return new FetchError(err instanceof Error ? err.message : String(err), false);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

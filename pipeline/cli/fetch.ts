/**
 * `juesuan fetch [SOURCE...] [--manifest FILE] [--data-dir DIR]`: bring sources into raw/ and
 * staged/<id>/source.json without processing them, recording URL fetches in the ledger.
 * The HTTP flags are exported so `run` can offer the same ones.
 */
import { randomBytes } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli.ts';
import type { FetchLedger, IngestResult } from '../fetch/index.ts';
import { HTTP_DEFAULTS, type HttpOptions } from '../fetch/http.ts';
import type { Db } from '../load/db.ts';
import { dataDirs } from '../paths.ts';
import type { Logger } from '../util/log.ts';
import { EXIT, reportFatal } from './exit.ts';
import { out } from './output.ts';

/** Download flags; prefixed so they read unambiguously on `run`, which has its own --concurrency. */
export interface HttpFlags {
  fetchTimeout?: number;
  fetchConcurrency?: number;
  perHost?: number;
  fetchRetries?: number;
  maxDownloadMb?: number;
}

interface FetchFlags extends HttpFlags {
  manifest?: string;
  dataDir?: string;
}

function positive(kind: 'integer' | 'number') {
  return (v: string): number => {
    const n = Number(v);
    if (!(n > 0) || (kind === 'integer' && !Number.isInteger(n))) throw new InvalidArgumentError(`expected a positive ${kind}, got "${v}"`);
    return n;
  };
}

/** Add the flags that tune downloading (shared by `fetch` and `run`). */
export function addHttpOptions(cmd: Command): Command {
  const d = HTTP_DEFAULTS;
  return cmd
    .option('--fetch-timeout <seconds>', `give up on a server silent for this long (default ${d.timeoutMs / 1000})`, positive('number'))
    .option('--fetch-concurrency <n>', `downloads at once over all hosts (default ${d.concurrency})`, positive('integer'))
    .option('--per-host <n>', `downloads at once per host (default ${d.perHost})`, positive('integer'))
    .option('--fetch-retries <n>', `retries after a failure that may pass (default ${d.maxAttempts - 1})`, (v) => (v === '0' ? 0 : positive('integer')(v)))
    .option('--max-download-mb <n>', `largest download accepted, in MB (default ${d.maxBytes / 2 ** 20})`, positive('number'));
}

export function httpOptionsFrom(f: HttpFlags): HttpOptions {
  return {
    timeoutMs: f.fetchTimeout !== undefined ? f.fetchTimeout * 1000 : undefined,
    concurrency: f.fetchConcurrency,
    perHost: f.perHost,
    maxAttempts: f.fetchRetries !== undefined ? f.fetchRetries + 1 : undefined,
    maxBytes: f.maxDownloadMb !== undefined ? Math.round(f.maxDownloadMb * 2 ** 20) : undefined,
  };
}

/**
 * Open the DuckDB ledger when URLs are to be fetched. When the database is busy (another run
 * holds it) fetching still works, only without conditional requests, so this warns, not fails.
 */
export async function openLedger(
  dirs: ReturnType<typeof dataDirs>,
  runId: string,
  log: Logger,
): Promise<{ ledger?: FetchLedger; close(): void }> {
  const { openDb } = await import('../load/db.ts');
  const { duckLedger } = await import('../fetch/ledger.ts');
  let db: Db;
  try {
    // No waiting for a busy database: fetching works without the ledger.
    db = await openDb(dirs, { waitMs: 0 });
  } catch (err) {
    log.warn(`fetch ledger unavailable (${(err as Error).message.split('\n')[0]}); downloading every URL in full`);
    return { close() {} };
  }
  const ledger = duckLedger(db.conn, runId);
  await ledger.ready;
  return { ledger, close: () => db.close() };
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('fetch')
    .description('download or copy sources into raw/ and staged/<id>/source.json, without processing them')
    .argument('[source...]', 'local files, folders or http(s) URLs')
    .option('--manifest <file>', 'CSV or JSON Lines list of sources (see docs/operations.md)')
    .option('--data-dir <dir>', 'holds raw/, staged/, output/ (default: the project root)');
  addHttpOptions(cmd).action(async (sources: string[], flags: FetchFlags) => {
    ctx.setExit(await fetchCommand(sources, flags, ctx.log));
  });
}

/** The command's work, as a function the tests call; returns the exit code. */
export async function fetchCommand(args: string[], flags: FetchFlags, log: Logger): Promise<number> {
  const { ingest, isUrl, resolveSources } = await import('../fetch/index.ts');
  let resolved;
  try {
    resolved = await resolveSources(args, flags.manifest);
  } catch (err) {
    return reportFatal(err, log);
  }
  if (resolved.sources.length === 0) {
    log.error('nothing to fetch: name SOURCE files, folders or URLs, or give --manifest FILE');
    return EXIT.usage;
  }
  const dirs = dataDirs(flags.dataDir);
  const runId = `fetch-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  const { ledger, close } = resolved.sources.some(isUrl) ? await openLedger(dirs, runId, log) : { ledger: undefined, close() {} };
  try {
    const results = await ingest(resolved.sources, { dirs, log, hints: resolved.hints, http: httpOptionsFrom(flags), ledger });
    printSummary(results, isUrl);
    return results.some((r) => r.error) ? EXIT.reportsFailed : EXIT.ok;
  } finally {
    close();
  }
}

/** One line per source, then the totals; failures say whether a later run may succeed. */
function printSummary(results: IngestResult[], isUrl: (source: string) => boolean): void {
  const n = { downloaded: 0, unchanged: 0, local: 0, failed: 0, retryable: 0 };
  for (const r of results) {
    if (r.error) {
      n.failed++;
      if (r.retryable) n.retryable++;
      out(`failed      ${''.padEnd(16)}  ${r.source}: ${r.error}${r.retryable ? ' (may succeed later)' : ''}`);
      continue;
    }
    const what = !isUrl(r.source) ? 'local' : r.unchanged ? 'unchanged' : 'downloaded';
    n[what]++;
    out(`${what.padEnd(10)}  ${r.record!.report_id}  ${r.source}`);
  }
  out(
    `${results.length} source(s): ${n.downloaded} downloaded, ${n.unchanged} unchanged, ${n.local} local, ` +
      `${n.failed} failed${n.failed ? ` (${n.retryable} may succeed later)` : ''}`,
  );
}

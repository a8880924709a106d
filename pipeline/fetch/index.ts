/**
 * Fetch stage: bring each source (local file, folder or http(s) URL) into `raw/<sha256>.<ext>`
 * and write `staged/<report_id>/source.json`. The report id is derived from the content hash,
 * so the same bytes always get the same id wherever they came from.
 */
import { readdir, readFile, stat, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { stagedFile } from '../paths.ts';
import type { DataDirs, SourceKind, SourceRecord } from '../types.ts';
import type { Logger } from '../util/log.ts';
import { exists, readJson, sha256, writeFileAtomic, writeJson } from '../util/fsx.ts';
import { describeError, systemErrorCode, UsageError } from '../util/errors.ts';
import { FetchError, ManifestError } from './errors.ts';
import { HttpFetcher, type Download, type HttpOptions, type Validators } from './http.ts';
import type { FetchLedger, FetchLogRow } from './ledger.ts';
import { manifestHints, parseManifest } from './manifest.ts';
import { EXTENSION, sniffKind } from './sniff.ts';

export { FetchError, ManifestError } from './errors.ts';
export { HTTP_DEFAULTS, USER_AGENT, type HttpOptions } from './http.ts';
export { duckLedger, ensureFetchLog, lastFetch, recordFetch, type FetchLedger, type FetchLogRow } from './ledger.ts';
export { manifestHints, parseManifest, type ManifestRow } from './manifest.ts';

export interface IngestOptions {
  dirs: DataDirs;
  log: Logger;
  /** Hints per source (from a manifest row): department, region, fiscal_year…; keyed by URL or absolute path. */
  hints?: Map<string, Record<string, string>>;
  /** How URLs are downloaded: concurrency, timeouts, retries, size cap (defaults in HTTP_DEFAULTS). */
  http?: HttpOptions;
  /** Where URL fetches are recorded and conditional-request validators come from; without one, every URL is downloaded in full. */
  ledger?: FetchLedger;
}

/** One source's outcome: a stored record, or why it could not be stored. */
export interface IngestResult {
  source: string;
  record?: SourceRecord;
  /** Bytes that were read but are no report (empty, binary): enough to record the failure. */
  rejected?: Pick<SourceRecord, 'report_id' | 'source_url' | 'source_sha256' | 'file_name'>;
  error?: string;
  /** Whether trying again later can help (network trouble yes, a corrupt file no). */
  retryable?: boolean;
  /** The bytes are those of the last successful fetch of this URL (a 304, or the same hash again). */
  unchanged?: boolean;
  /** For URL sources: what the server said last, and how many attempts it took. */
  http?: { status: number | null; etag: string | null; last_modified: string | null; final_url: string | null; attempts: number };
}

/** Length of the hex prefix of the SHA-256 used as report id: 64 bits, collision-free in practice. */
const REPORT_ID_HEX = 16;
/** Local files read at once: reading is quick, and holding many large files in memory is not. */
const LOCAL_CONCURRENCY = 2;
/** Downloads stream into `raw/.partial/`; leftovers of a crashed run older than this are removed. */
const STALE_PARTIAL_MS = 24 * 3600_000;

export function reportIdFor(sha: string): string {
  return sha.slice(0, REPORT_ID_HEX);
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** File endings taken from a folder source; other files in the folder are ignored. */
const SOURCE_EXTENSIONS = /\.(pdf|html?|txt|md)$/i;

/** Expand folders into their source files (sorted, so runs are reproducible). */
export async function expandSources(sources: string[]): Promise<string[]> {
  return (await expandWithOrigin(sources)).map((e) => e.path);
}

/** Each expanded source with the argument it came from (a folder's files share its manifest hints). */
async function expandWithOrigin(sources: string[]): Promise<{ path: string; from: string }[]> {
  const out: { path: string; from: string }[] = [];
  for (const s of sources) {
    const st = isUrl(s) ? null : await stat(s).catch(() => null);
    if (st?.isDirectory()) {
      const names = (await readdir(s)).filter((n) => SOURCE_EXTENSIONS.test(n)).sort();
      out.push(...names.map((n) => ({ path: join(s, n), from: s })));
    } else out.push({ path: s, from: s });
  }
  return out;
}

/**
 * How many sources are PDFs by their names (folders expanded; a URL counts as one): an estimate,
 * before anything is read, of how much extraction a run will do.
 */
export async function likelyPdfCount(sources: string[]): Promise<number> {
  return (await expandWithOrigin(sources)).filter((e) => isUrl(e.path) || /\.pdf$/i.test(e.path)).length;
}

/** Hints keyed by folder apply to the folder's files, unless a file has hints of its own. */
function inheritFolderHints(expanded: { path: string; from: string }[], hints?: Map<string, Record<string, string>>) {
  if (!hints) return hints;
  const out = new Map(hints);
  for (const { path, from } of expanded) {
    const own = resolve(path);
    const folder = hints.get(from) ?? hints.get(resolve(from));
    if (path !== from && folder && !out.has(own)) out.set(own, folder);
  }
  return out;
}

/** Store one local file's bytes in raw/ and describe it. */
export async function ingestBytes(
  bytes: Uint8Array,
  source: string,
  fileName: string,
  opts: IngestOptions,
): Promise<IngestResult> {
  const sniffed = sniffKind(bytes);
  const sha = sha256(bytes);
  if (sniffed.kind === null) {
    // Unusable bytes still have an identity: the run records them as a failed report.
    return { source, error: sniffed.reason, retryable: false, rejected: { report_id: reportIdFor(sha), source_url: publicSource(source), source_sha256: sha, file_name: fileName } };
  }
  const rawRel = rawPathFor(sha, sniffed.kind);
  const rawAbs = join(opts.dirs.root, rawRel);
  if (!(await exists(rawAbs))) await writeFileAtomic(rawAbs, bytes);
  const record = describe(sha, sniffed.kind, bytes.length, source, fileName, opts);
  await writeJson(stagedFile(opts.dirs, record.report_id, 'source'), record, { pretty: true });
  return { source, record };
}

function rawPathFor(sha: string, kind: SourceKind): string {
  return join('raw', `${sha}.${EXTENSION[kind]}`);
}

/**
 * What `source_url` says: the URL, or for a local file only its name. A path on the machine that
 * ran the pipeline means nothing to readers of a release and tells them about that machine.
 */
export function publicSource(source: string): string {
  return isUrl(source) ? source : basename(source);
}

function describe(sha: string, kind: SourceKind, bytes: number, source: string, fileName: string, opts: IngestOptions): SourceRecord {
  return {
    report_id: reportIdFor(sha),
    source_url: publicSource(source),
    source_sha256: sha,
    file_name: fileName,
    raw_path: rawPathFor(sha, kind),
    kind,
    bytes,
    hints: opts.hints?.get(source),
  };
}


export async function ingestLocal(path: string, opts: IngestOptions): Promise<IngestResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err);
    return { source: path, error: `cannot read ${path}: ${why}`, retryable: false };
  }
  return ingestBytes(new Uint8Array(bytes), resolve(path), basename(path), opts);
}

/**
 * Download one URL into raw/, conditionally when the ledger knows it, and record the outcome.
 * Failures are returned, never thrown.
 */
export async function ingestUrl(url: string, fetcher: HttpFetcher, opts: IngestOptions): Promise<IngestResult> {
  const prev = await previousFetch(url, opts);
  const fetchedAt = new Date().toISOString();
  opts.log.progress(`fetch ${url}`);
  let result: IngestResult;
  let dl: Download | null = null;
  try {
    dl = await fetcher.download(url, prev?.reusable?.validators);
    result = dl.status === 304 ? await reuse(url, prev!.reusable!.record, opts) : await store(url, dl, opts);
    if (dl.status === 200 && prev && prev.row.sha256 === result.record!.source_sha256) result.unchanged = true;
  } catch (err) {
    // Not the server's fault (a full disk under raw/): said with the path, and worth retrying.
    const system = systemErrorCode(err) !== null;
    const e = err instanceof FetchError ? err : new FetchError(system ? describeError(err).message : err instanceof Error ? err.message : String(err), system);
    result = { source: url, error: e.message, retryable: e.retryable };
    result.http = { status: e.status, etag: null, last_modified: null, final_url: null, attempts: e.attempts };
  }
  if (dl) {
    result.http = {
      status: dl.status,
      // A 304 may omit the validators; the old ones still describe the stored bytes.
      etag: dl.etag ?? (dl.status === 304 ? (prev?.row.etag ?? null) : null),
      last_modified: dl.lastModified ?? (dl.status === 304 ? (prev?.row.last_modified ?? null) : null),
      final_url: dl.finalUrl,
      attempts: dl.attempts,
    };
  }
  await recordOutcome(url, fetchedAt, result, dl, opts);
  return result;
}

interface Previous {
  row: FetchLogRow;
  /** Set only when the stored bytes are still on disk: a 304 would otherwise leave us with nothing. */
  reusable: { record: SourceRecord; validators: Validators } | null;
}

/** The ledger's last successful fetch of `url`, and whether a conditional request can rely on it. */
async function previousFetch(url: string, opts: IngestOptions): Promise<Previous | null> {
  if (!opts.ledger) return null;
  let row: FetchLogRow | null;
  try {
    row = await opts.ledger.last(url);
  } catch (err) {
    opts.log.warn(`fetch ledger unreadable for ${url}, downloading in full: ${(err as Error).message}`);
    return null;
  }
  if (!row) return null;
  if (!row.report_id || !row.sha256 || !(row.etag || row.last_modified)) return { row, reusable: null };
  const record = await readJson<SourceRecord>(stagedFile(opts.dirs, row.report_id, 'source')).catch(() => null);
  if (!record || record.source_sha256 !== row.sha256 || !(await exists(join(opts.dirs.root, record.raw_path)))) {
    return { row, reusable: null };
  }
  return { row, reusable: { record, validators: { etag: row.etag, lastModified: row.last_modified } } };
}

/** A 304: the stored record stands; only the manifest's hints may have changed. */
async function reuse(url: string, record: SourceRecord, opts: IngestOptions): Promise<IngestResult> {
  const hints = opts.hints?.get(url);
  if (JSON.stringify(hints) !== JSON.stringify(record.hints)) {
    record = { ...record, hints };
    await writeJson(stagedFile(opts.dirs, record.report_id, 'source'), record, { pretty: true });
  }
  return { source: url, record, unchanged: true };
}

/** A 200: check what the bytes are, move them into raw/ and describe them. */
async function store(url: string, dl: Extract<Download, { status: 200 }>, opts: IngestOptions): Promise<IngestResult> {
  try {
    const kind = checkContent(dl, url);
    const rawAbs = join(opts.dirs.root, rawPathFor(dl.sha256, kind));
    // Same bytes already stored (another URL, an earlier run): keep the file that is there.
    if (await exists(rawAbs)) await rm(dl.tmpPath, { force: true });
    else await rename(dl.tmpPath, rawAbs);
    const record = describe(dl.sha256, kind, dl.bytes, url, dl.fileName, opts);
    await writeJson(stagedFile(opts.dirs, record.report_id, 'source'), record, { pretty: true });
    return { source: url, record };
  } finally {
    await rm(dl.tmpPath, { force: true });
  }
}

/** What the downloaded bytes are; an HTML page where a PDF was promised is a failure, not a report. */
function checkContent(dl: Extract<Download, { status: 200 }>, url: string): SourceKind {
  const sniffed = sniffKind(dl.head);
  if (sniffed.kind === null) throw new FetchError(`unusable content: ${sniffed.reason}`, false, 200);
  const promisedPdf = /application\/pdf/i.test(dl.contentType ?? '') || /\.pdf$/i.test(new URL(url).pathname);
  if (promisedPdf && sniffed.kind !== 'pdf') {
    const what = sniffed.kind === 'html' ? 'an HTML page' : 'a text file';
    throw new FetchError(`server returned ${what}, not a PDF (Content-Type ${dl.contentType ?? 'none'})`, false, 200);
  }
  return sniffed.kind;
}

async function recordOutcome(url: string, fetchedAt: string, r: IngestResult, dl: Download | null, opts: IngestOptions): Promise<void> {
  if (!opts.ledger) return;
  const ok = r.record !== undefined;
  try {
    await opts.ledger.record({
      url,
      fetched_at: fetchedAt,
      http_status: r.http?.status ?? null,
      etag: ok ? (r.http?.etag ?? null) : null,
      last_modified: ok ? (r.http?.last_modified ?? null) : null,
      sha256: r.record?.source_sha256 ?? null,
      report_id: r.record?.report_id ?? null,
      bytes: dl?.status === 200 ? dl.bytes : ok ? 0 : null,
      outcome: !ok ? 'failed' : dl?.status === 304 ? 'not_modified' : 'downloaded',
      error: r.error ?? null,
      retryable: ok ? null : (r.retryable ?? false),
      attempts: r.http?.attempts ?? 1,
    });
  } catch (err) {
    // The download itself stands; without the row the next run just downloads it in full.
    opts.log.warn(`could not record the fetch of ${url} in the ledger: ${(err as Error).message}`);
  }
}

/** Remove temp files a crashed run left behind (never a current one: those are young). */
async function cleanPartials(dirs: DataDirs): Promise<void> {
  const dir = join(dirs.raw, '.partial');
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const p = join(dir, n);
    const st = await stat(p).catch(() => null);
    if (st && Date.now() - st.mtimeMs > STALE_PARTIAL_MS) await rm(p, { force: true });
  }
}

/**
 * The sources of a run: those named on the command line, then the manifest's rows, with the
 * manifest's hints. A source named on the command line must exist (a folder must hold at least
 * one source file); a manifest row must be a URL, an existing folder or the path of a source
 * file; one that has gone missing fails on its own later, like a URL that answers 404.
 * Throws UsageError (command line) or ManifestError (manifest): a usage error, nothing is fetched.
 */
export async function resolveSources(
  sources: string[],
  manifest?: string,
): Promise<{ sources: string[]; hints: Map<string, Record<string, string>> }> {
  for (const s of sources) {
    const problem = await localProblem(s);
    if (problem) throw new UsageError(`${s}: ${problem}`);
  }
  if (!manifest) return { sources, hints: new Map() };
  const rows = await parseManifest(manifest);
  for (const r of rows) {
    const problem = SOURCE_EXTENSIONS.test(r.url) ? null : await localProblem(r.url);
    if (problem) throw new ManifestError(manifest, r.line, 'url', `${r.url}: ${problem}; a url is an http(s) URL, an existing folder or the path of a .pdf, .html, .htm, .txt or .md file`);
  }
  const named = new Set(sources);
  return { sources: [...sources, ...rows.map((r) => r.url).filter((u) => !named.has(u))], hints: manifestHints(rows) };
}

/** Why a local source cannot be read (null for URLs and usable paths). */
async function localProblem(source: string): Promise<string | null> {
  if (isUrl(source)) return null;
  const st = await stat(source).catch(() => null);
  if (!st) return 'no such file or folder';
  if (st.isDirectory()) {
    const names = await readdir(source).catch(() => [] as string[]);
    if (!names.some((n) => SOURCE_EXTENSIONS.test(n))) return 'the folder holds no PDF, HTML or text (.pdf, .html, .htm, .txt, .md) files';
  }
  return null;
}

/**
 * Ingest every source, once each (folders expanded); failures are returned, never thrown, so the
 * batch goes on. Results keep the sources' order.
 */
export async function ingest(sources: string[], opts: IngestOptions): Promise<IngestResult[]> {
  const withOrigin = await expandWithOrigin(sources);
  // A file listed itself and inside a listed folder is ingested once.
  const expanded = [...new Map(withOrigin.map((e) => [isUrl(e.path) ? e.path : resolve(e.path), e.path])).values()];
  opts = { ...opts, hints: inheritFolderHints(withOrigin, opts.hints) };
  const local = pLimit(LOCAL_CONCURRENCY);
  let fetcher: HttpFetcher | null = null;
  if (expanded.some(isUrl)) {
    await cleanPartials(opts.dirs);
    fetcher = new HttpFetcher(opts.http ?? {}, opts.log, join(opts.dirs.raw, '.partial'));
  }
  const results = await Promise.all(expanded.map((s) => (isUrl(s) ? ingestUrl(s, fetcher!, opts) : local(() => ingestLocal(s, opts)))));
  await settleDuplicates(results, opts);
  return results;
}

/**
 * The same bytes from several sources are one report. Downloads finish in any order, so
 * whichever wrote source.json last would win; instead the first source in the list does
 * (its URL and hints), every time.
 */
async function settleDuplicates(results: IngestResult[], opts: IngestOptions): Promise<void> {
  const first = new Map<string, SourceRecord>();
  for (const r of results) {
    if (!r.record) continue;
    const chosen = first.get(r.record.report_id);
    if (!chosen) first.set(r.record.report_id, r.record);
    else r.record = chosen;
  }
  const shared = new Set(results.filter((r, i) => r.record && results.findIndex((x) => x.record?.report_id === r.record!.report_id) !== i).map((r) => r.record!.report_id));
  for (const id of shared) await writeJson(stagedFile(opts.dirs, id, 'source'), first.get(id)!, { pretty: true });
}

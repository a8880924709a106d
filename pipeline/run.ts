/**
 * A run: ingest the sources, take each report through extract → parse → normalise → validate
 * (each stage writing its artefact to `staged/<report_id>/`), load it into DuckDB in one
 * transaction, then export CSV/Parquet and the quality logs. One bad report never stops the
 * others; a report whose bytes and pipeline version are unchanged is skipped unless forced.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { extract, ExtractError, type PageOcr } from './extract/index.ts';
import { ExtractThreads, THREADS_MIN_REPORTS } from './extract/threads.ts';
import { duckLedger, ingest, type HttpOptions, type IngestResult } from './fetch/index.ts';
import { exportTables, loadReport, loadSubjects, openDb, queryRows, recordReportFailure, writeQualityFiles, writeQualityIndex, type Db, type FailureRecorded } from './load/index.ts';
import { normalise, allSubjects, reportCells } from './normalise/index.ts';
import { parse } from './parse/index.ts';
import { createViews } from './release/views.ts';
import { PIPELINE_VERSION, PROJECT_ROOT, stagedFile } from './paths.ts';
import type { CellsDoc, DataDirs, ExtractedDoc, NormalisedDoc, ParsedDoc, QualityDoc, QualityFinding, ReportOutcome, SourceRecord } from './types.ts';
import { describeError, InterruptedError } from './util/errors.ts';
import { exists, readJson, sha256, writeJson } from './util/fsx.ts';
import { reportFinding } from './util/findings.ts';
import type { Logger } from './util/log.ts';
import { extraFrom, qualityJson, renderQualityMarkdown, summarise, validate } from './validate/index.ts';
import { validationJudge } from './validate/judge.ts';
import type { OcrEngine } from './extract/ocr/paddle/engine.ts';

/** Reports in flight per extraction thread (see runPipeline). */
const IN_FLIGHT_PER_THREAD = 2;

export interface RunOptions {
  sources: string[];
  dirs: DataDirs;
  log: Logger;
  /** Read scanned pages with OCR (default true). */
  ocr?: boolean;
  /** Which OCR engine reads them (extract/ocr/paddle/engine.ts; default DEFAULT_ENGINE or $JUESUAN_OCR_ENGINE). */
  ocrEngine?: OcrEngine;
  /** Reprocess reports even when their bytes and the pipeline version are unchanged. */
  force?: boolean;
  /** Reports processed at once (default: the number of cores). */
  concurrency?: number;
  /** Extract in worker threads (default: when more than one report is processed at once). */
  threads?: boolean;
  /**
   * Extraction threads the caller already started (extract/threads.ts startThreadsEarly): used
   * when the batch needs threads, and closed with the run either way.
   */
  startedThreads?: ExtractThreads | null;
  /** Already-ingested sources (e.g. fetched from a manifest) to process besides `sources`. */
  ingested?: IngestResult[];
  /** Free text recorded in the runs table (the command line). */
  args?: string;
  /** Hints per source from a manifest, keyed by URL or absolute path (see resolveSources). */
  hints?: Map<string, Record<string, string>>;
  /** How URLs are downloaded: timeouts, retries, concurrency, size cap. */
  http?: HttpOptions;
  /**
   * Stops the run (SIGTERM/SIGINT): no new report is started or loaded, the load in progress
   * commits or rolls back, the runs row is written. The reason is the signal's name.
   */
  signal?: AbortSignal;
}

export interface RunSummary {
  run_id: string;
  outcomes: ReportOutcome[];
  skipped: number;
  failed: number;
  quality: QualityDoc[];
  /** Set when a stop signal ended the run early: reports not started are left for the next run. */
  interrupted?: NodeJS.Signals;
}

/** Everything one report produced, in memory, ready to load. */
interface Processed {
  doc: NormalisedDoc;
  cells: CellsDoc;
  quality: QualityDoc;
  parsed: ParsedDoc;
}

export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const { dirs, log } = opts;
  const runId = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
  const db = await openDb(dirs, { log });
  const startedAt = new Date().toISOString();
  const outcomes: ReportOutcome[] = [];
  const qualities: QualityDoc[] = [];
  let skipped = 0;
  // Started on the first page that needs it: a batch of text PDFs never pays for OCR workers.
  const ocr = opts.ocr === false ? null : lazyOcr(log, opts.ocrEngine);
  let threads: ExtractThreads | null = null;
  // Which part a run-level error (not a report's) came from, for its runs row.
  let phase: 'process' | 'export' | 'recorded' = 'process';
  try {
    await refreshSubjects(db, dirs);
    // The fetch ledger: conditional requests for URLs fetched before, and a row per fetch.
    const ledger = duckLedger(db.conn, runId);
    await ledger.ready;
    const fetchOpts = { dirs, log, hints: opts.hints, http: opts.http, ledger };
    const ingested = [...(opts.ingested ?? []), ...(opts.sources.length ? await ingest(opts.sources, fetchOpts) : [])];
    log.info(`juesuan ${PIPELINE_VERSION}: ${ingested.length} source(s), run ${runId}`);
    const records: SourceRecord[] = [];
    // Outcomes name a source as the operator gave it (a local path); source_url holds only its file name.
    const given = new Map<string, string>();
    for (const r of ingested) {
      if (r.record && !given.has(r.record.report_id)) given.set(r.record.report_id, r.source);
      if (r.record) records.push(r.record);
      else {
        log.error(`${r.source}: ${r.error}`);
        if (r.rejected) {
          const finding = reportFinding(r.rejected.report_id, 'source.unusable', 'error', `${r.rejected.file_name}: ${r.error}`);
          await recordFailure(db, dirs, r.rejected, finding, runId).catch((e: unknown) => log.error(`${r.source}: the failure could not be recorded: ${describeError(e).message}`));
        }
        outcomes.push({ report_id: r.rejected?.report_id ?? null, source: r.source, status: 'failed', n_facts: 0, n_errors: 1, n_warnings: 0, message: r.error ?? 'could not be fetched' });
      }
    }
    const todo: SourceRecord[] = [];
    for (const rec of uniqueById(records)) {
      if (!opts.force && (await alreadyLoaded(db, dirs, rec.report_id))) {
        log.info(`${rec.file_name}: unchanged since the last run (report ${rec.report_id}); skipped (use --force to redo)`);
        skipped++;
      } else todo.push(rec);
    }
    const concurrency = boundedConcurrency(opts.concurrency, log);
    // A thread costs ~0.5 s to start (pdf.js): worth it only for a batch of PDFs.
    const pdfs = todo.filter((r) => r.kind === 'pdf').length;
    if ((opts.threads ?? (concurrency > 1 && pdfs >= THREADS_MIN_REPORTS)) && pdfs > 1) threads = opts.startedThreads ?? new ExtractThreads(Math.min(concurrency, pdfs), log);
    if (threads !== opts.startedThreads) await opts.startedThreads?.close();
    // With threads, each report's parse → load runs on this thread after its extraction: more
    // reports in flight than threads keep every thread extracting meanwhile (the extra ones wait
    // for a free thread holding only their bytes).
    const limit = pLimit(threads ? concurrency * IN_FLIGHT_PER_THREAD : concurrency);
    // DuckDB has one writer: loads are queued one at a time while other reports are processed.
    const loadQueue = pLimit(1);
    // Researchers' views and column comments, kept in step with the schema on every run. They
    // depend on the schema only: made while the first reports are extracted, awaited at export.
    const views = loadQueue(async () =>
      unlessUnchanged(db, 'views', await viewsFingerprint(), async () => {
        const { undocumented } = await createViews(db.conn);
        if (undocumented.length) log.warn(`columns without documentation: ${undocumented.join(', ')}`);
      }),
    ).then(
      () => null,
      (err: unknown) => err,
    );
    const ctx: ReportContext = { opts, ocr, db, runId, loadQueue, qualities, threads, given };
    let done = 0;
    const all = Promise.all(
      todo.map((rec) =>
        limit(async () => {
          if (opts.signal?.aborted) return;
          const outcome = await processOne(rec, ctx);
          if (!outcome) return;
          outcomes.push(outcome);
          done++;
          const tag = outcome.status === 'ok' ? 'ok' : outcome.status;
          log.info(`[${done}/${todo.length}] ${rec.file_name}: ${tag}, ${outcome.n_facts} facts, ${outcome.n_errors} errors, ${outcome.n_warnings} warnings${outcome.message ? ` — ${outcome.message}` : ''}`);
        }),
      ),
    );
    const interrupted = await untilDoneOrStopped(all, loadQueue, opts.signal);
    if (interrupted) {
      log.warn(`stopped by ${interrupted}: ${outcomes.length} of ${todo.length} report(s) done; the rest are left for the next run`);
      phase = 'recorded';
      await recordRun(db, runId, startedAt, outcomes, skipped, opts.args ?? '', 'interrupted');
      return { run_id: runId, outcomes, skipped, failed: outcomes.filter((o) => o.status === 'failed').length, quality: qualities, interrupted };
    }
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    phase = 'export';
    const viewsFailed = await views;
    if (viewsFailed) throw viewsFailed;
    await exportTables(db, dirs);
    await writeQualityIndex(db, dirs);
    phase = 'recorded';
    await recordRun(db, runId, startedAt, outcomes, skipped, opts.args ?? '');
    if (qualities.length) log.info(summarise(qualities));
    return { run_id: runId, outcomes, skipped, failed, quality: qualities };
  } catch (err) {
    // Every run leaves its row, also one that could not finish (the reports loaded so far stay).
    if (phase !== 'recorded') {
      await recordRun(db, runId, startedAt, outcomes, skipped, opts.args ?? '', phase === 'export' ? 'export_failed' : 'failed').catch(() => undefined);
    }
    throw err;
  } finally {
    await ocr?.close();
    await threads?.close();
    await opts.startedThreads?.close();
    db.close();
  }
}

/** Reports at once: as asked, at least 1, at most the cores (each report extracts on its own thread). */
function boundedConcurrency(asked: number | undefined, log: Logger): number {
  const cores = availableParallelism();
  const n = Math.max(1, Math.floor(asked ?? cores));
  if (n > cores) log.warn(`--concurrency ${n} is more than the ${cores} cores of this machine; using ${cores}`);
  return Math.min(n, cores);
}

/**
 * Wait for every report, or for a stop signal. After a signal, the load in progress finishes
 * (or rolls back) and queued loads are dropped; reports still being extracted are abandoned.
 */
async function untilDoneOrStopped(all: Promise<unknown>, loadQueue: ReturnType<typeof pLimit>, signal?: AbortSignal): Promise<NodeJS.Signals | undefined> {
  if (!signal) {
    await all;
    return undefined;
  }
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([all, stopped]);
  if (!signal.aborted) return undefined;
  loadQueue.clearQueue();
  while (loadQueue.activeCount > 0) await new Promise((r) => setTimeout(r, 20));
  return (signal.reason as NodeJS.Signals) ?? 'SIGTERM';
}

interface ReportContext {
  opts: RunOptions;
  ocr: PageOcr | null;
  db: Db;
  runId: string;
  loadQueue: ReturnType<typeof pLimit>;
  qualities: QualityDoc[];
  threads: ExtractThreads | null;
  /** report_id → the source as given (command line or manifest). */
  given: Map<string, string>;
}

/**
 * One report, extract → … → load → quality files, inside one failure boundary: whatever goes
 * wrong (a corrupt file, a value DuckDB cannot hold, a full disk) is recorded on this report and
 * the batch goes on. Returns null when a stop signal came before the report could be loaded.
 */
async function processOne(rec: SourceRecord, ctx: ReportContext): Promise<ReportOutcome | null> {
  const { opts, db, runId, loadQueue } = ctx;
  const { dirs, log } = opts;
  const source = ctx.given.get(rec.report_id) ?? rec.source_url;
  const load = <T>(work: () => Promise<T>) =>
    loadQueue(() => {
      if (opts.signal?.aborted) throw new InterruptedError(opts.signal.reason as NodeJS.Signals);
      return work();
    });
  try {
    const { doc, quality, cells } = await processReport(rec, dirs, { log, ocr: opts.ocr === false ? null : ctx.ocr, reuse: !opts.force, threads: ctx.threads });
    // The quality files are written inside the load's transaction, before its commit.
    await load(() => loadReport(db, dirs, doc, quality, runId, cells.cells, () => writeQualityFiles(dirs, rec.report_id, qualityJson(doc, quality), renderQualityMarkdown(doc, quality))));
    ctx.qualities.push(quality);
    const errors = quality.findings.filter((f) => f.severity === 'error').length;
    const warnings = quality.findings.filter((f) => f.severity === 'warning').length;
    const message = quality.status === 'failed' ? (quality.findings.find((f) => f.severity === 'error')?.message ?? 'no facts could be read') : null;
    return { report_id: rec.report_id, source, status: quality.status, n_facts: doc.facts.length, n_errors: errors, n_warnings: warnings, message };
  } catch (err) {
    if (err instanceof InterruptedError || opts.signal?.aborted) return null;
    const { message, expected } = err instanceof ExtractError ? { message: err.message, expected: true } : describeError(err);
    if (!expected) log.error((err as Error).stack ?? String(err));
    const finding = reportFinding(rec.report_id, 'report.unreadable', 'error', message);
    const recorded = await load(() => recordFailure(db, dirs, rec, finding, runId)).catch((e: unknown) => {
      if (!(e instanceof InterruptedError)) log.error(`${rec.file_name}: the failure could not be recorded either: ${describeError(e).message}`);
      return 'failed' as const;
    });
    const kept = recorded === 'kept_previous' ? ' (the last good version stays loaded; see reports.last_error)' : '';
    return { report_id: rec.report_id, source, status: 'failed', n_facts: 0, n_errors: 1, n_warnings: 0, message: message + kept };
  }
}

export interface ProcessOptions {
  log: Logger;
  ocr: PageOcr | null;
  /** Reuse a staged pages.json from an earlier (possibly crashed) run instead of re-extracting. */
  reuse?: boolean;
  /** Worker threads for the text layer; the calling thread when absent. */
  threads?: ExtractThreads | null;
}

/** extract → parse → normalise → validate for one stored source, writing each artefact. */
export async function processReport(rec: SourceRecord, dirs: DataDirs, opts: ProcessOptions): Promise<Processed> {
  const pagesFile = stagedFile(dirs, rec.report_id, 'pages');
  let extracted: ExtractedDoc & { pipeline_version?: string };
  const cached = opts.reuse && (await exists(pagesFile)) ? await readJson<ExtractedDoc & { pipeline_version?: string }>(pagesFile) : null;
  if (cached && cached.pipeline_version === PIPELINE_VERSION && (opts.ocr !== null || cached.ocr_pages.length === 0)) {
    extracted = cached;
  } else {
    const layer = opts.threads ? (r: SourceRecord, b: Uint8Array) => opts.threads!.extractLayer(r, b) : undefined;
    extracted = { ...(await extract(rec, dirs, { log: opts.log, ocr: opts.ocr, layer })), pipeline_version: PIPELINE_VERSION };
    await writeJson(pagesFile, extracted);
  }
  for (const w of [...extracted.warnings, ...(extracted.limits ?? [])]) opts.log.warn(`${rec.file_name}: ${w}`);
  const parsed = parse(extracted, { judge: validationJudge(rec, extracted) });
  await writeJson(stagedFile(dirs, rec.report_id, 'tables'), parsed);
  const doc = normalise(parsed, rec, { pages: extracted.pages.length, ocr_pages: extracted.ocr_pages.length });
  for (const w of [...extracted.warnings, ...parsed.warnings]) doc.findings.push(reportFinding(rec.report_id, 'extract.warning', 'warning', w));
  for (const l of extracted.limits ?? []) doc.findings.push(reportFinding(rec.report_id, 'extract.limit', 'error', l));
  if (!parsed.tables.length && !doc.facts.length) {
    doc.findings.push(reportFinding(rec.report_id, 'tables.none', 'error', noTablesMessage(extracted)));
  }
  const cells = reportCells(parsed, doc);
  await writeJson(stagedFile(dirs, rec.report_id, 'facts'), doc);
  await writeJson(stagedFile(dirs, rec.report_id, 'cells'), cells);
  const quality = validate(doc, extraFrom(parsed));
  await writeJson(stagedFile(dirs, rec.report_id, 'quality'), quality);
  return { doc, quality, parsed, cells };
}

function noTablesMessage(doc: ExtractedDoc): string {
  const textless = doc.pages.filter((p) => p.items.length === 0 && !p.rows).length;
  if (doc.pages.length && textless === doc.pages.length) {
    return 'no text could be read from any page (a scan without OCR, or an empty document); no standard table (公开01–09表) was found';
  }
  return 'no standard table (公开01–09表) and no figures in the text were found: is this a 部门决算 report?';
}

/**
 * A report that could not be processed: its failed row and quality log, or, when an earlier
 * run loaded a good version of it, that version kept with the failure noted beside it.
 */
async function recordFailure(db: Db, dirs: DataDirs, rec: FailedSource, finding: QualityFinding, runId: string): Promise<FailureRecorded> {
  const files = () => writeQualityFiles(dirs, rec.report_id, { report_id: rec.report_id, status: 'failed', findings: [finding] }, `# ${rec.file_name}\n\nStatus: **failed**\n\n${finding.message}\n`);
  return recordReportFailure(db, rec, finding, runId, files);
}

type FailedSource = Pick<SourceRecord, 'report_id' | 'source_url' | 'source_sha256' | 'file_name'>;

function uniqueById(records: SourceRecord[]): SourceRecord[] {
  const seen = new Map<string, SourceRecord>();
  for (const r of records) if (!seen.has(r.report_id)) seen.set(r.report_id, r);
  return [...seen.values()];
}

/**
 * Whether a report is done: loaded by this pipeline version, its last attempt did not fail,
 * and its quality files exist (a crash or write error after the load is repaired by redoing it).
 */
async function alreadyLoaded(db: Db, dirs: DataDirs, reportId: string): Promise<boolean> {
  const rows = await queryRows(db.conn, `SELECT status, last_error FROM reports WHERE report_id = $1 AND pipeline_version = $2`, [reportId, PIPELINE_VERSION]);
  if (!rows.length || rows[0]!.status === 'failed' || rows[0]!.last_error != null) return false;
  const quality = join(dirs.output, 'quality');
  return (await exists(join(quality, `${reportId}.json`))) && (await exists(join(quality, `${reportId}.md`)));
}

/**
 * Run `write` unless the database already holds what it writes: `fingerprint` is compared with
 * the one stored under `key` in pipeline_meta (a few hundred ms saved on every nightly run).
 */
async function unlessUnchanged(db: Db, key: string, fingerprint: string, write: () => Promise<void>): Promise<void> {
  const rows = await queryRows(db.conn, 'SELECT value FROM pipeline_meta WHERE key = $1', [key]);
  if (rows[0]?.value === fingerprint) return;
  await write();
  await db.conn.run('INSERT OR REPLACE INTO pipeline_meta VALUES ($1, $2)', [key, fingerprint]);
}

/** The views and column comments are code: their source files identify them (read from pipeline/, also when dist/ runs). */
async function viewsFingerprint(): Promise<string> {
  const files = ['release/views.ts', 'release/columns.ts', 'load/schema.sql'];
  const texts = await Promise.all(files.map((f) => readFile(join(PROJECT_ROOT, 'pipeline', f), 'utf8')));
  return sha256(texts.join('\0'));
}

async function refreshSubjects(db: Db, dirs: DataDirs): Promise<void> {
  const rows = allSubjects();
  await unlessUnchanged(db, 'subjects', sha256(JSON.stringify(rows)), () => loadSubjects(db, dirs, rows));
}

type RunStatus = 'ok' | 'finished_with_failures' | 'interrupted' | 'export_failed' | 'failed';

async function recordRun(db: Db, runId: string, startedAt: string, outcomes: ReportOutcome[], skipped: number, args: string, status?: RunStatus): Promise<void> {
  const n = (s: string) => outcomes.filter((o) => o.status === s).length;
  status ??= n('failed') ? 'finished_with_failures' : 'ok';
  await db.conn.run(
    `INSERT INTO runs VALUES ($1, CAST($2 AS TIMESTAMP), now(), $3, $4, $5, $6, $7, $8, $9, $10)`,
    [runId, startedAt, status, PIPELINE_VERSION, outcomes.length + skipped, n('ok'), n('partial'), n('failed'), skipped, args] as never,
  );
}

/** An OCR engine whose worker pool is created on first use and shared by all reports. */
function lazyOcr(log: Logger, engine?: OcrEngine): PageOcr & { close(): Promise<void> } {
  let pool: Promise<import('./extract/ocr/pool.ts').OcrPool> | null = null;
  const get = () =>
    (pool ??= import('./extract/ocr/pool.ts').then(({ OcrPool }) => OcrPool.create({ log, engine })));
  return {
    ocrPage: async (page) => (await get()).ocrPage(page),
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}

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
import { ExtractThreads } from './extract/threads.ts';
import { duckLedger, ingest, type HttpOptions, type IngestResult } from './fetch/index.ts';
import { exportTables, loadFailedReport, loadReport, loadSubjects, openDb, queryRows, writeQualityFiles, type Db } from './load/index.ts';
import { normalise, allSubjects, reportCells } from './normalise/index.ts';
import { parse } from './parse/index.ts';
import { createViews } from './release/views.ts';
import { PIPELINE_VERSION, PROJECT_ROOT, stagedFile } from './paths.ts';
import type { CellsDoc, DataDirs, ExtractedDoc, NormalisedDoc, ParsedDoc, QualityDoc, QualityFinding, ReportOutcome, SourceRecord } from './types.ts';
import { exists, readJson, sha256, writeJson } from './util/fsx.ts';
import { reportFinding } from './util/findings.ts';
import type { Logger } from './util/log.ts';
import { extraFrom, qualityJson, renderQualityMarkdown, summarise, validate } from './validate/index.ts';

/** Batches of at least this many PDFs extract their text layers in worker threads. */
const THREADS_MIN_REPORTS = 8;
/** Reports in flight per extraction thread (see runPipeline). */
const IN_FLIGHT_PER_THREAD = 2;

export interface RunOptions {
  sources: string[];
  dirs: DataDirs;
  log: Logger;
  /** Read scanned pages with OCR (default true). */
  ocr?: boolean;
  /** Reprocess reports even when their bytes and the pipeline version are unchanged. */
  force?: boolean;
  /** Reports processed at once (default: the number of cores). */
  concurrency?: number;
  /** Extract in worker threads (default: when more than one report is processed at once). */
  threads?: boolean;
  /** Already-ingested sources (e.g. fetched from a manifest) to process besides `sources`. */
  ingested?: IngestResult[];
  /** Free text recorded in the runs table (the command line). */
  args?: string;
  /** Hints per source from a manifest, keyed by URL or absolute path (see resolveSources). */
  hints?: Map<string, Record<string, string>>;
  /** How URLs are downloaded: timeouts, retries, concurrency, size cap. */
  http?: HttpOptions;
}

export interface RunSummary {
  run_id: string;
  outcomes: ReportOutcome[];
  skipped: number;
  failed: number;
  quality: QualityDoc[];
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
  const db = await openDb(dirs);
  const startedAt = new Date().toISOString();
  const outcomes: ReportOutcome[] = [];
  const qualities: QualityDoc[] = [];
  let skipped = 0;
  // Started on the first page that needs it: a batch of text PDFs never pays for OCR workers.
  const ocr = opts.ocr === false ? null : lazyOcr(log);
  let threads: ExtractThreads | null = null;
  try {
    await refreshSubjects(db, dirs);
    // The fetch ledger: conditional requests for URLs fetched before, and a row per fetch.
    const ledger = duckLedger(db.conn, runId);
    await ledger.ready;
    const fetchOpts = { dirs, log, hints: opts.hints, http: opts.http, ledger };
    const ingested = [...(opts.ingested ?? []), ...(opts.sources.length ? await ingest(opts.sources, fetchOpts) : [])];
    log.info(`juesuan ${PIPELINE_VERSION}: ${ingested.length} source(s), run ${runId}`);
    const records: SourceRecord[] = [];
    for (const r of ingested) {
      if (r.record) records.push(r.record);
      else {
        log.error(`${r.source}: ${r.error}`);
        if (r.rejected) {
          await recordFailure(db, dirs, r.rejected, reportFinding(r.rejected.report_id, 'source.unusable', 'error', `${r.rejected.file_name}: ${r.error}`), runId);
        }
        outcomes.push({ report_id: r.rejected?.report_id ?? null, source: r.source, status: 'failed', n_facts: 0, n_errors: 1, n_warnings: 0, message: r.error ?? 'could not be fetched' });
      }
    }
    const todo: SourceRecord[] = [];
    for (const rec of uniqueById(records)) {
      if (!opts.force && (await alreadyLoaded(db, rec.report_id))) {
        log.info(`${rec.file_name}: unchanged since the last run (report ${rec.report_id}); skipped (use --force to redo)`);
        skipped++;
      } else todo.push(rec);
    }
    const concurrency = Math.max(1, opts.concurrency ?? availableParallelism());
    // A thread costs ~0.5 s to start (pdf.js): worth it only for a batch of PDFs.
    const pdfs = todo.filter((r) => r.kind === 'pdf').length;
    if ((opts.threads ?? (concurrency > 1 && pdfs >= THREADS_MIN_REPORTS)) && pdfs > 1) threads = new ExtractThreads(Math.min(concurrency, pdfs), log);
    // With threads, each report's parse → load runs on this thread after its extraction: more
    // reports in flight than threads keep every thread extracting meanwhile (the extra ones wait
    // for a free thread holding only their bytes).
    const limit = pLimit(threads ? concurrency * IN_FLIGHT_PER_THREAD : concurrency);
    // DuckDB has one writer: loads are queued one at a time while other reports are processed.
    const loadQueue = pLimit(1);
    let done = 0;
    await Promise.all(
      todo.map((rec) =>
        limit(async () => {
          const outcome = await processOne(rec, opts, ocr, db, runId, loadQueue, qualities, threads);
          outcomes.push(outcome);
          done++;
          const tag = outcome.status === 'ok' ? 'ok' : outcome.status;
          log.info(`[${done}/${todo.length}] ${rec.file_name}: ${tag}, ${outcome.n_facts} facts, ${outcome.n_errors} errors, ${outcome.n_warnings} warnings${outcome.message ? ` — ${outcome.message}` : ''}`);
        }),
      ),
    );
    // Researchers' views and column comments, kept in step with the schema on every run.
    await unlessUnchanged(db, 'views', await viewsFingerprint(), async () => {
      const { undocumented } = await createViews(db.conn);
      if (undocumented.length) log.warn(`columns without documentation: ${undocumented.join(', ')}`);
    });
    await exportTables(db, dirs);
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    await recordRun(db, runId, startedAt, outcomes, skipped, opts.args ?? '');
    if (qualities.length) log.info(summarise(qualities));
    return { run_id: runId, outcomes, skipped, failed, quality: qualities };
  } finally {
    await ocr?.close();
    await threads?.close();
    db.close();
  }
}

async function processOne(
  rec: SourceRecord,
  opts: RunOptions,
  ocr: PageOcr | null,
  db: Db,
  runId: string,
  loadQueue: ReturnType<typeof pLimit>,
  qualities: QualityDoc[],
  threads: ExtractThreads | null,
): Promise<ReportOutcome> {
  const { dirs, log } = opts;
  let processed: Processed;
  try {
    processed = await processReport(rec, dirs, { log, ocr: opts.ocr === false ? null : ocr, reuse: !opts.force, threads });
  } catch (err) {
    const message = err instanceof ExtractError ? err.message : `unexpected error: ${(err as Error).message}`;
    if (!(err instanceof ExtractError)) log.error((err as Error).stack ?? String(err));
    await loadQueue(() => recordFailure(db, dirs, rec, reportFinding(rec.report_id, 'report.unreadable', 'error', message), runId));
    return { report_id: rec.report_id, source: rec.source_url, status: 'failed', n_facts: 0, n_errors: 1, n_warnings: 0, message };
  }
  const { doc, quality, cells } = processed;
  await loadQueue(() => loadReport(db, dirs, doc, quality, runId, cells.cells));
  await writeQualityFiles(dirs, rec.report_id, qualityJson(doc, quality), renderQualityMarkdown(doc, quality));
  qualities.push(quality);
  const errors = quality.findings.filter((f) => f.severity === 'error').length;
  const warnings = quality.findings.filter((f) => f.severity === 'warning').length;
  const message = quality.status === 'failed' ? (quality.findings.find((f) => f.severity === 'error')?.message ?? 'no facts could be read') : null;
  return { report_id: rec.report_id, source: rec.source_url, status: quality.status, n_facts: doc.facts.length, n_errors: errors, n_warnings: warnings, message };
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
  const parsed = parse(extracted);
  await writeJson(stagedFile(dirs, rec.report_id, 'tables'), parsed);
  const doc = normalise(parsed, rec, { pages: extracted.pages.length, ocr_pages: extracted.ocr_pages.length });
  for (const w of [...extracted.warnings, ...parsed.warnings]) doc.findings.push(reportFinding(rec.report_id, 'extract.warning', 'warning', w));
  for (const l of extracted.limits ?? []) doc.findings.push(reportFinding(rec.report_id, 'extract.limit', 'error', l));
  if (!parsed.tables.length && !doc.facts.length) {
    doc.findings.push(reportFinding(rec.report_id, 'tables.none', 'error', noTablesMessage(extracted)));
  }
  await writeJson(stagedFile(dirs, rec.report_id, 'facts'), doc);
  const cells = reportCells(parsed, doc);
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

/** A report that could not be read: its failed row in the database and its quality log. */
async function recordFailure(db: Db, dirs: DataDirs, rec: FailedSource, finding: QualityFinding, runId: string): Promise<void> {
  await loadFailedReport(db, rec, finding, runId);
  await writeQualityFiles(dirs, rec.report_id, { report_id: rec.report_id, status: 'failed', findings: [finding] }, `# ${rec.file_name}\n\nStatus: **failed**\n\n${finding.message}\n`);
}

type FailedSource = Pick<SourceRecord, 'report_id' | 'source_url' | 'source_sha256' | 'file_name'>;

function uniqueById(records: SourceRecord[]): SourceRecord[] {
  const seen = new Map<string, SourceRecord>();
  for (const r of records) if (!seen.has(r.report_id)) seen.set(r.report_id, r);
  return [...seen.values()];
}

async function alreadyLoaded(db: Db, reportId: string): Promise<boolean> {
  const rows = await queryRows(db.conn, `SELECT status FROM reports WHERE report_id = $1 AND pipeline_version = $2`, [reportId, PIPELINE_VERSION]);
  return rows.length > 0 && rows[0]!.status !== 'failed';
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

async function recordRun(db: Db, runId: string, startedAt: string, outcomes: ReportOutcome[], skipped: number, args: string): Promise<void> {
  const n = (s: string) => outcomes.filter((o) => o.status === s).length;
  const status = n('failed') ? 'finished_with_failures' : 'ok';
  await db.conn.run(
    `INSERT INTO runs VALUES ($1, CAST($2 AS TIMESTAMP), now(), $3, $4, $5, $6, $7, $8, $9, $10)`,
    [runId, startedAt, status, PIPELINE_VERSION, outcomes.length + skipped, n('ok'), n('partial'), n('failed'), skipped, args] as never,
  );
}

/** An OCR engine whose worker pool is created on first use and shared by all reports. */
function lazyOcr(log: Logger): PageOcr & { close(): Promise<void> } {
  let pool: Promise<import('./extract/ocr/pool.ts').OcrPool> | null = null;
  const get = () =>
    (pool ??= import('./extract/ocr/pool.ts').then(({ OcrPool }) => OcrPool.create({ log })));
  return {
    ocrPage: async (page) => (await get()).ocrPage(page),
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}

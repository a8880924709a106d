/**
 * Load stage: put one report's facts, quality findings and metadata into DuckDB in a single
 * transaction (a re-run replaces the report's rows; a crash leaves the previous rows), then
 * export the tables to CSV and Parquet.
 */
import { mkdir, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { PIPELINE_VERSION } from '../paths.ts';
import type { CellRecord, DataDirs, Fact, NormalisedDoc, QualityDoc, QualityFinding } from '../types.ts';
import { onPath } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fsx.ts';
import { type Db, sqlString } from './db.ts';

export { openDb, openInstance, queryRows, DB_FILE, type Db } from './db.ts';
export { removeReports, writeQualityIndex, qualityFileStem } from './files.ts';

const FACT_COLUMNS: (keyof Fact)[] = [
  'report_id', 'table_code', 'table_name', 'item_code', 'item_name', 'item_level', 'line_no', 'measure',
  'value_yuan', 'quantity', 'quantity_unit', 'value_text', 'unit_as_printed', 'page', 'method', 'confidence',
  'cell_id', 'x0', 'y0', 'x1', 'y1',
];
const CELL_COLUMNS: (keyof CellRecord)[] = [
  'report_id', 'cell_id', 'page', 'x0', 'y0', 'x1', 'y1', 'table_title', 'table_code', 'row_label', 'row_code',
  'column_label', 'value_text', 'value_yuan', 'quantity', 'unit_as_printed', 'method', 'confidence',
];
const QUALITY_COLUMNS: (keyof QualityFinding)[] = [
  'report_id', 'check_id', 'severity', 'table_code', 'item_code', 'line_no', 'item_name', 'measure',
  'expected', 'actual', 'message', 'page',
];
/** DuckDB types of the loaded columns; money travels as text and is cast, so it stays exact. */
const FACT_TYPES: Record<string, string> = {
  line_no: 'INTEGER', page: 'INTEGER', confidence: 'DOUBLE',
  value_yuan: 'DECIMAL(20,2)', quantity: 'DECIMAL(20,2)',
  x0: 'DOUBLE', y0: 'DOUBLE', x1: 'DOUBLE', y1: 'DOUBLE',
};
const QUALITY_TYPES: Record<string, string> = {
  line_no: 'INTEGER', page: 'INTEGER', expected: 'DECIMAL(20,2)', actual: 'DECIMAL(20,2)',
};

/** Bulk insert via a staged NDJSON file: one statement, exact decimals, fast (see STACK-NOTES). */
async function insertJsonRows(
  db: Db,
  table: string,
  columns: string[],
  types: Record<string, string>,
  rows: object[],
  tmpDir: string,
  extra: Record<string, string>,
): Promise<void> {
  if (rows.length === 0) return;
  const file = join(tmpDir, `${table}.ndjson`);
  await onPath(file, () => writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
  const colSpec = columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  const select = columns.map((c) => (types[c] ? `CAST("${c}" AS ${types[c]}) AS "${c}"` : `"${c}"`));
  const extraCols = Object.keys(extra);
  const extraVals = extraCols.map((c) => sqlString(extra[c]!));
  await db.conn.run(
    `INSERT INTO ${table} (${[...columns, ...extraCols].map((c) => `"${c}"`).join(', ')})
     SELECT ${[...select, ...extraVals].join(', ')}
     FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = {${colSpec}})`,
  );
}

/** Tables holding rows of one report: a re-load or a failure replaces them all. */
const REPORT_TABLES = ['facts', 'cells', 'quality', 'reports'];

/** Columns of a reports row, in the order loadReport gives them (named: the table may gain columns). */
const REPORT_COLUMNS = [
  'report_id', 'source_url', 'source_sha256', 'file_name', 'department', 'fiscal_year', 'report_kind', 'scope', 'level',
  'province', 'city', 'county', 'unit_as_printed', 'pages', 'ocr_pages', 'status',
  'n_facts', 'n_errors', 'n_warnings', 'quality_score', 'pipeline_version', 'run_id',
];

/** Work that belongs to a report's load and must be done before it is committed (its quality files). */
export type BeforeCommit = () => Promise<void>;

/**
 * Replace one report's rows in all tables, atomically. `beforeCommit` runs inside the
 * transaction: when it fails, nothing of this load is committed, so the report is never marked
 * loaded without it.
 */
export async function loadReport(db: Db, dirs: DataDirs, doc: NormalisedDoc, quality: QualityDoc, runId: string, cells: CellRecord[] = [], beforeCommit?: BeforeCommit): Promise<void> {
  const id = doc.report.report_id;
  const tmpDir = join(dirs.staged, id, '.load');
  await mkdir(tmpDir, { recursive: true });
  const stringify = (rows: object[], cols: string[]) =>
    rows.map((r) => Object.fromEntries(cols.map((c) => [c, (r as Record<string, unknown>)[c] == null ? null : String((r as Record<string, unknown>)[c])])));
  const n = countFindings(quality.findings);
  const r = doc.report;
  try {
    await db.conn.run('BEGIN TRANSACTION');
    for (const t of REPORT_TABLES) await db.conn.run(`DELETE FROM ${t} WHERE report_id = $1`, [id]);
    await insertJsonRows(db, 'facts', FACT_COLUMNS, FACT_TYPES, stringify(doc.facts, FACT_COLUMNS), tmpDir, { run_id: runId });
    await insertJsonRows(db, 'cells', CELL_COLUMNS, FACT_TYPES, stringify(cells, CELL_COLUMNS), tmpDir, { run_id: runId });
    await insertJsonRows(db, 'quality', QUALITY_COLUMNS, QUALITY_TYPES, stringify(quality.findings, QUALITY_COLUMNS), tmpDir, { run_id: runId });
    await db.conn.run(
      `INSERT INTO reports (${REPORT_COLUMNS.join(', ')}, loaded_at) VALUES (${REPORT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, now())`,
      [
        id, r.source_url, r.source_sha256, r.file_name, r.department, r.fiscal_year, r.report_kind, r.scope, r.level,
        r.province, r.city, r.county, r.unit_as_printed, r.pages, r.ocr_pages, quality.status,
        doc.facts.length, n.error, n.warning, quality.score, PIPELINE_VERSION, runId,
      ] as never,
    );
    await beforeCommit?.();
    await db.conn.run('COMMIT');
  } catch (err) {
    await db.conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

const SUBJECT_COLUMNS = ['code', 'classification', 'level', 'name', 'parent_code', 'valid_from', 'valid_to'];

/** Replace the subject reference, in one transaction. */
export async function loadSubjects(db: Db, dirs: DataDirs, rows: object[]): Promise<void> {
  const tmpDir = join(dirs.staged, '.subjects');
  await mkdir(tmpDir, { recursive: true });
  const text = rows.map((r) => Object.fromEntries(SUBJECT_COLUMNS.map((c) => [c, (r as Record<string, unknown>)[c] == null ? null : String((r as Record<string, unknown>)[c])])));
  try {
    await db.conn.run('BEGIN TRANSACTION');
    await db.conn.run('DELETE FROM subjects');
    await insertJsonRows(db, 'subjects', SUBJECT_COLUMNS, { valid_from: 'INTEGER', valid_to: 'INTEGER' }, text, tmpDir, {});
    await db.conn.run('COMMIT');
  } catch (err) {
    await db.conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** What recording a failure did: replaced the report with a failed row, or kept its last good version. */
export type FailureRecorded = 'failed' | 'kept_previous';

/**
 * Record a report that failed. When an earlier run loaded a good version of the same bytes,
 * that version stays and the failure is noted beside it (reports.last_error): a transient
 * failure of a reprocess (disk full, an OCR crash) never replaces good data with nothing.
 * Otherwise the report gets a failed row with the finding; `beforeCommit` writes its quality files.
 */
export async function recordReportFailure(
  db: Db,
  report: { report_id: string; source_url: string; source_sha256: string; file_name: string; pages?: number },
  finding: QualityFinding,
  runId: string,
  beforeCommit?: BeforeCommit,
): Promise<FailureRecorded> {
  const id = report.report_id;
  try {
    await db.conn.run('BEGIN TRANSACTION');
    const [prev] = (await db.conn.runAndReadAll(`SELECT status FROM reports WHERE report_id = $1`, [id])).getRowObjectsJson();
    if (prev && prev.status !== 'failed') {
      await db.conn.run(`UPDATE reports SET last_error = $2, last_error_at = now() WHERE report_id = $1`, [id, finding.message]);
      await db.conn.run('COMMIT');
      return 'kept_previous';
    }
    for (const t of REPORT_TABLES) await db.conn.run(`DELETE FROM ${t} WHERE report_id = $1`, [id]);
    await db.conn.run(
      `INSERT INTO quality (report_id, check_id, severity, message, run_id) VALUES ($1, $2, $3, $4, $5)`,
      [id, finding.check_id, finding.severity, finding.message, runId],
    );
    await db.conn.run(
      `INSERT INTO reports (report_id, source_url, source_sha256, file_name, pages, ocr_pages, status, n_facts, n_errors, n_warnings, quality_score, pipeline_version, run_id, loaded_at, last_error, last_error_at)
       VALUES ($1, $2, $3, $4, $5, 0, 'failed', 0, 1, 0, 0, $6, $7, now(), $8, now())`,
      [id, report.source_url, report.source_sha256, report.file_name, report.pages ?? null, PIPELINE_VERSION, runId, finding.message] as never,
    );
    await beforeCommit?.();
    await db.conn.run('COMMIT');
    return 'failed';
  } catch (err) {
    await db.conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export function countFindings(findings: QualityFinding[]): { error: number; warning: number; info: number } {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  return n;
}

/** Stable row order for exports, so the same database gives the same files. */
const EXPORT_ORDER: Record<string, string> = {
  reports: 'report_id',
  facts: 'report_id, table_code, page, item_code NULLS FIRST, line_no NULLS FIRST, item_name, measure',
  cells: 'report_id, page, cell_id',
  quality: 'report_id, check_id, table_code NULLS FIRST, item_code NULLS FIRST, line_no NULLS FIRST, measure NULLS FIRST, message',
  subjects: 'classification, code, valid_from NULLS FIRST',
};

/** COPY statements of the export run at once: each is mostly waiting for its file to be written. */
const EXPORT_CONNECTIONS = 2;

/** Write output/csv/*.csv and output/parquet/*.parquet from the database (temp file, then rename). */
export async function exportTables(db: Db, dirs: DataDirs): Promise<void> {
  const jobs: { sql: string; tmp: string; final: string }[] = [];
  for (const [format, ext, opts] of [
    ['csv', 'csv', "FORMAT csv, HEADER true"],
    ['parquet', 'parquet', 'FORMAT parquet, COMPRESSION zstd'],
  ] as const) {
    const dir = join(dirs.output, format);
    await mkdir(dir, { recursive: true });
    for (const [table, order] of Object.entries(EXPORT_ORDER)) {
      const final = join(dir, `${table}.${ext}`);
      const tmp = `${final}.tmp`;
      jobs.push({ sql: `COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(tmp)} (${opts})`, tmp, final });
    }
  }
  const conns = [db.conn, ...(db.connect ? await Promise.all(Array.from({ length: EXPORT_CONNECTIONS - 1 }, () => db.connect!())) : [])];
  let next = 0;
  const failures: unknown[] = [];
  // Every lane stops before the first failure is thrown: the caller closes the database next,
  // and a COPY still running on another connection would then use freed memory (a crash of
  // the process, seen when the disk fills during an export).
  await Promise.all(
    conns.map(async (conn) => {
      for (let job = jobs[next++]; job && !failures.length; job = jobs[next++]) {
        try {
          await conn.run(job.sql);
          await rename(job.tmp, job.final);
        } catch (err) {
          failures.push(err);
        }
      }
    }),
  );
  if (failures.length) throw failures[0];
}

/** Per-report quality log files: output/quality/<report_id>.json and .md (index: files.ts). */
export async function writeQualityFiles(dirs: DataDirs, reportId: string, json: unknown, markdown: string): Promise<void> {
  await writeFileAtomic(join(dirs.output, 'quality', `${reportId}.json`), JSON.stringify(json, null, 1) + '\n');
  await writeFileAtomic(join(dirs.output, 'quality', `${reportId}.md`), markdown);
}

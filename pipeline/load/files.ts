/**
 * Files that belong to loaded reports outside the database: the quality-log index (so a
 * report's log is found by department and year, not only by hash) and removal of a report
 * with everything it left on disk.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { DataDirs } from '../types.ts';
import { UsageError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fsx.ts';
import { queryRows, sqlString, type Db } from './db.ts';

/** A report id: the first 16 hex digits of the source's SHA-256. */
const REPORT_ID = /^[0-9a-f]{16}$/;

/** The quality log files of a report, relative to output/quality/. */
export function qualityFileStem(reportId: string): { json: string; md: string } {
  return { json: `${reportId}.json`, md: `${reportId}.md` };
}

const INDEX_COLUMNS = ['department', 'fiscal_year', 'report_kind', 'scope', 'status', 'n_errors', 'n_warnings', 'report_id', 'file_name', 'json', 'md'] as const;

/**
 * output/quality/index.csv and index.md: one line per report, sorted by department and year,
 * pointing at its `<report_id>.json` / `.md`. Rewritten from the database after every load.
 */
export async function writeQualityIndex(db: Db, dirs: DataDirs): Promise<void> {
  const rows = await queryRows(
    db.conn,
    `SELECT department, fiscal_year, report_kind, scope, status, n_errors, n_warnings, report_id, file_name FROM reports
     ORDER BY department NULLS LAST, fiscal_year NULLS LAST, report_kind NULLS LAST, scope NULLS LAST, report_id`,
  );
  const lines: Record<string, unknown>[] = rows.map((r) => ({ ...r, ...qualityFileStem(String(r.report_id)) }));
  const dir = join(dirs.output, 'quality');
  await writeFileAtomic(join(dir, 'index.csv'), stringify(lines, { header: true, columns: [...INDEX_COLUMNS] }));
  const cell = (v: unknown) => String(v ?? '').replace(/[|\r\n]/g, ' ');
  const md = [
    '# Data-quality logs by department and year',
    '',
    '| department | year | kind | scope | status | errors | warnings | log |',
    '|---|---|---|---|---|--:|--:|---|',
    ...lines.map((l) => `| ${cell(l.department ?? l.file_name)} | ${cell(l.fiscal_year)} | ${cell(l.report_kind)} | ${cell(l.scope)} | ${cell(l.status)} | ${cell(l.n_errors)} | ${cell(l.n_warnings)} | [${cell(l.report_id)}](${l.md}) |`),
  ];
  await writeFileAtomic(join(dir, 'index.md'), md.join('\n') + '\n');
}

/** Tables with a report_id column whose rows belong to a report (fetch_log is history and stays). */
async function reportTables(db: Db): Promise<string[]> {
  const rows = await queryRows(
    db.conn,
    `SELECT DISTINCT table_name FROM duckdb_columns() WHERE schema_name = 'main' AND column_name = 'report_id' AND NOT internal
       AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main') AND table_name <> 'fetch_log'
     ORDER BY table_name`,
  );
  // reports last: other tables refer to it.
  return rows.map((r) => String(r.table_name)).sort((a, b) => Number(a === 'reports') - Number(b === 'reports'));
}

/**
 * Take reports out: their rows in every table (one transaction), their staged artefacts, their
 * raw bytes and quality logs. Unknown ids are a usage error and nothing is removed.
 */
export async function removeReports(db: Db, dirs: DataDirs, ids: string[]): Promise<{ report_id: string; department: string | null; fiscal_year: number | null }[]> {
  const bad = ids.filter((id) => !REPORT_ID.test(id));
  if (bad.length) throw new UsageError(`not a report id: ${bad.join(', ')} (16 hex digits, as in reports.report_id)`);
  const list = ids.map(sqlString).join(', ');
  const found = await queryRows(db.conn, `SELECT report_id, source_sha256, department, fiscal_year FROM reports WHERE report_id IN (${list})`);
  const unknown = ids.filter((id) => !found.some((r) => r.report_id === id));
  if (unknown.length) {
    throw new UsageError(`unknown report id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: not in ${join(dirs.output, 'juesuan.duckdb')} (SELECT report_id FROM reports lists them)`);
  }
  const tables = await reportTables(db);
  try {
    await db.conn.run('BEGIN TRANSACTION');
    for (const t of tables) await db.conn.run(`DELETE FROM "${t}" WHERE report_id IN (${list})`);
    await db.conn.run('COMMIT');
  } catch (err) {
    await db.conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  const raw = await readdir(dirs.raw).catch(() => [] as string[]);
  for (const r of found) {
    const id = String(r.report_id);
    await rm(join(dirs.staged, id), { recursive: true, force: true });
    for (const f of Object.values(qualityFileStem(id))) await rm(join(dirs.output, 'quality', f), { force: true });
    for (const f of raw.filter((n) => r.source_sha256 && n.startsWith(`${String(r.source_sha256)}.`))) await rm(join(dirs.raw, f), { force: true });
  }
  return found.map((r) => ({ report_id: String(r.report_id), department: (r.department as string) ?? null, fiscal_year: r.fiscal_year == null ? null : Number(r.fiscal_year) }));
}

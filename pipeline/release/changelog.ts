/**
 * CHANGELOG.md: what changed against the previous release, by key. Compares the released CSV
 * files (not the database), so any two releases can be compared, also after the database moved on.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { queryRows, sqlString } from '../load/db.ts';
import { tableDoc } from './columns.ts';
import { ReleaseError } from './errors.ts';

/** Longest list of individual rows printed per section; the counts are always complete. */
const MAX_DETAIL = 200;

const numeric = new Intl.Collator('en', { numeric: true }).compare;

export interface PreviousRelease {
  version: string;
  dir: string;
}

/**
 * The release to compare with: `explicit` (a version in releasesDir, or a path), else the
 * newest existing release whose version sorts before `version` (numeric-aware: 2025.10 > 2025.9).
 */
export async function findPrevious(releasesDir: string, version: string, explicit?: string): Promise<PreviousRelease | null> {
  if (explicit) {
    // Confined to releasesDir: a version name, or a path that resolves inside it.
    const dir = isAbsolute(explicit) || /[\\/]/.test(explicit) ? resolve(explicit) : join(releasesDir, explicit);
    const rel = relative(resolve(releasesDir), dir);
    if (!rel || rel.startsWith('..') || isAbsolute(rel) || /[\\/]/.test(rel)) {
      throw new ReleaseError(`--previous ${explicit} is not a release in ${releasesDir}: give the version of one of the releases there`);
    }
    if (!existsSync(join(dir, 'datapackage.json'))) {
      throw new ReleaseError(`previous release ${explicit} not found: ${dir} has no datapackage.json; pass --previous with a version in ${releasesDir}`);
    }
    return { version: basename(dir), dir };
  }
  if (!existsSync(releasesDir)) return null;
  const names = (await readdir(releasesDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== version)
    .map((e) => e.name)
    .filter((n) => existsSync(join(releasesDir, n, 'datapackage.json')) && numeric(n, version) < 0)
    .sort(numeric);
  const last = names.at(-1);
  return last ? { version: last, dir: join(releasesDir, last) } : null;
}

interface Diff {
  added: Record<string, unknown>[];
  removed: Record<string, unknown>[];
  changed: Record<string, unknown>[];
}

const csvRel = (name: string) => `csv/${name}.csv`;
const readCsv = (path: string) => `read_csv(${sqlString(path)}, all_varchar = true, header = true, auto_detect = true)`;

async function csvColumns(conn: DuckDBConnection, path: string): Promise<string[]> {
  const rows = await queryRows(conn, `DESCRIBE SELECT * FROM ${readCsv(path)}`);
  return rows.map((r) => String(r.column_name));
}

/** Full outer join of two CSV files on `key`; `show` are extra columns to carry (new value, else old). */
async function diffCsv(conn: DuckDBConnection, oldPath: string, newPath: string, key: string[], show: string[]): Promise<Diff | null> {
  const oldCols = await csvColumns(conn, oldPath);
  const newCols = await csvColumns(conn, newPath);
  if (!key.every((k) => oldCols.includes(k) && newCols.includes(k))) return null;
  const common = newCols.filter((c) => oldCols.includes(c) && !key.includes(c));
  const q = (c: string) => `"${c}"`;
  const changedCols = common.length
    ? `list_filter([${common.map((c) => `CASE WHEN a.${q(c)} IS DISTINCT FROM b.${q(c)} THEN ${sqlString(c)} END`).join(', ')}], x -> x IS NOT NULL)`
    : `CAST([] AS VARCHAR[])`;
  const sql = `
    SELECT * FROM (
      SELECT CASE WHEN a.${q(key[0]!)} IS NULL THEN 'added' WHEN b.${q(key[0]!)} IS NULL THEN 'removed' ELSE 'changed' END AS change,
        ${key.map((k) => `coalesce(b.${q(k)}, a.${q(k)}) AS ${q(k)}`).join(', ')},
        ${show.filter((c) => !key.includes(c)).map((c) => `coalesce(b.${q(c)}, a.${q(c)}) AS ${q(c)}`).join(', ')}${show.length ? ',' : ''}
        ${common.includes('value_yuan') ? 'a.value_yuan AS old_value, b.value_yuan AS new_value,' : ''}
        array_to_string(${changedCols}, ', ') AS changed_columns
      FROM ${readCsv(oldPath)} a FULL OUTER JOIN ${readCsv(newPath)} b
        ON ${key.map((k) => `a.${q(k)} IS NOT DISTINCT FROM b.${q(k)}`).join(' AND ')}
    )
    WHERE change <> 'changed' OR changed_columns <> ''
    ORDER BY ${key.map(q).join(', ')}, change`;
  const rows = await queryRows(conn, sql);
  return {
    added: rows.filter((r) => r.change === 'added'),
    removed: rows.filter((r) => r.change === 'removed'),
    changed: rows.filter((r) => r.change === 'changed'),
  };
}

const cell = (v: unknown) => (v == null ? '' : String(v).replaceAll('|', '\\|'));

function mdTable(header: string[], rows: unknown[][]): string[] {
  const shown = rows.slice(0, MAX_DETAIL);
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...shown.map((r) => `| ${r.map(cell).join(' | ')} |`)];
  if (rows.length > shown.length) lines.push('', `… and ${rows.length - shown.length} more (compare the CSV files for all of them).`);
  return lines;
}

function reportSection(d: Diff): string[] {
  const out = ['## Reports', '', `- added: ${d.added.length}`, `- removed: ${d.removed.length}`, `- changed: ${d.changed.length}`];
  const list = (title: string, rows: Record<string, unknown>[], extra: (r: Record<string, unknown>) => unknown) => {
    if (rows.length === 0) return;
    out.push('', `### ${title}`, '', ...mdTable(['report_id', 'department', 'fiscal_year', title === 'Changed' ? 'changed columns' : 'facts'], rows.map((r) => [r.report_id, r.department, r.fiscal_year, extra(r)])));
  };
  list('Added', d.added, (r) => r.n_facts);
  list('Removed', d.removed, (r) => r.n_facts);
  list('Changed', d.changed, (r) => r.changed_columns);
  return out;
}

function factSection(d: Diff, departments: Map<string, string>): string[] {
  const valueChanged = d.changed.filter((r) => r.old_value !== r.new_value);
  const out = [
    '## Facts',
    '',
    `- added: ${d.added.length}`,
    `- removed: ${d.removed.length}`,
    `- changed: ${d.changed.length} (value changed: ${valueChanged.length})`,
  ];
  const perReport = new Map<string, [number, number, number]>();
  for (const [i, rows] of [d.added, d.removed, d.changed].entries()) {
    for (const r of rows) {
      const id = String(r.report_id);
      const counts = perReport.get(id) ?? [0, 0, 0];
      counts[i]!++;
      perReport.set(id, counts);
    }
  }
  if (perReport.size > 0) {
    const rows = [...perReport].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, c]) => [id, departments.get(id) ?? '', ...c]);
    out.push('', '### By report', '', ...mdTable(['report_id', 'department', 'added', 'removed', 'changed'], rows));
  }
  if (d.changed.length > 0) {
    const rows = d.changed.map((r) => [r.report_id, r.table_code, r.item_key, r.measure, r.old_value, r.new_value, r.changed_columns]);
    out.push('', '### Changed facts', '', ...mdTable(['report_id', 'table_code', 'item_key', 'measure', 'before (元)', 'after (元)', 'changed columns'], rows));
  }
  return out;
}

/** The CHANGELOG.md text for the release being built in `newDir`. */
export async function buildChangelog(conn: DuckDBConnection, newDir: string, version: string, previous: PreviousRelease | null): Promise<string> {
  const head = [`# Changelog: release ${version}`, ''];
  const [counts] = await queryRows(
    conn,
    `SELECT (SELECT count(*) FROM ${readCsv(join(newDir, csvRel('reports')))})::INTEGER AS reports,
            (SELECT count(*) FROM ${readCsv(join(newDir, csvRel('facts')))})::INTEGER AS facts`,
  );
  if (!previous) {
    return [...head, `First release: no earlier release was found to compare with. It holds ${counts!.reports} reports and ${counts!.facts} facts.`, ''].join('\n');
  }
  const reportKey = tableDoc('reports').primaryKey!;
  const factKey = tableDoc('facts').primaryKey!;
  const reports = await diffCsv(conn, join(previous.dir, csvRel('reports')), join(newDir, csvRel('reports')), reportKey, ['department', 'fiscal_year', 'n_facts']);
  const facts = await diffCsv(conn, join(previous.dir, csvRel('facts')), join(newDir, csvRel('facts')), factKey, []);
  const intro = `Compared with release ${previous.version}. Reports are matched by ${reportKey.join(', ')}; facts by ${factKey.join(', ')}. Now: ${counts!.reports} reports, ${counts!.facts} facts.`;
  if (!reports || !facts) {
    return [...head, intro, '', `Release ${previous.version} has a different file layout (key columns missing); no row-by-row comparison.`, ''].join('\n');
  }
  const departments = await departmentNames(conn, [join(newDir, csvRel('reports')), join(previous.dir, csvRel('reports'))]);
  return [...head, intro, '', ...reportSection(reports), '', ...factSection(facts, departments), ''].join('\n');
}

async function departmentNames(conn: DuckDBConnection, paths: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const p of paths) {
    for (const r of await queryRows(conn, `SELECT report_id, department FROM ${readCsv(p)}`)) {
      if (!map.has(String(r.report_id))) map.set(String(r.report_id), String(r.department ?? ''));
    }
  }
  return map;
}


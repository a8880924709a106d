/**
 * Release data files: canonical CSV, an Excel-friendly CSV copy and zstd Parquet for every
 * released table, written by DuckDB with a fixed row order and one thread so the same database
 * gives the same bytes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { queryRows, sqlString } from '../load/db.ts';
import { RELEASED_TABLES, releasedColumns, type ColumnDoc, type TableDoc } from './columns.ts';

/** Folder names inside a release. */
export const RELEASE_DIRS = { csv: 'csv', excel: 'excel', parquet: 'parquet' } as const;

/** facts is partitioned by year (hive style: parquet/facts/fiscal_year=2024/data_0.parquet). */
export const PARTITIONED: Partial<Record<TableDoc['name'], string>> = { facts: 'fiscal_year' };

/**
 * Columns that hold codes, ids or text that must stay verbatim. Excel turns '01' into 1, a hex id
 * like '12e4…' into a number in scientific notation, and the printed '1,629.00' into 1629; in
 * the Excel copy they are written as ="01", which Excel shows as the text 01.
 */
const EXCEL_TEXT_COLUMNS = new Set(['report_id', 'source_sha256', 'table_code', 'item_code', 'item_key', 'value_text', 'code', 'parent_code']);

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** SELECT of a table's release rows, in release order. */
export function releaseSelect(table: TableDoc, columnExpr: (c: ColumnDoc, expr: string) => string = (_c, e) => e): string {
  const cols = releasedColumns(table);
  const select = cols.map((c) => `${columnExpr(c, c.releaseExpr ?? `t."${c.name}"`)} AS "${c.name}"`).join(', ');
  const join = cols.some((c) => c.releaseExpr?.includes('r.')) ? ' LEFT JOIN reports r ON r.report_id = t.report_id' : '';
  // Every column after the sort keys breaks ties, so the order is total and the bytes stable.
  const order = [...table.sortKeys, ...cols.map((c) => c.name).filter((n) => !table.sortKeys.includes(n))];
  return `SELECT ${select} FROM ${table.name} t${join} ORDER BY ${order.map((n) => `"${n}"`).join(', ')}`;
}

/** Excel copy: codes as ="…" text formulas; text starting with = + - @ defused with a leading '. */
function excelExpr(c: ColumnDoc, expr: string): string {
  if (c.type !== 'string') return expr;
  if (EXCEL_TEXT_COLUMNS.has(c.name)) return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '="' || ${expr} || '"' END`;
  return `CASE WHEN regexp_matches(${expr}, '^[=+@-]') THEN '''' || ${expr} ELSE ${expr} END`;
}

export interface ExportedTable {
  table: TableDoc;
  rows: number;
  /** Paths relative to the release dir. */
  csv: string;
  excel: string;
  parquet: string[];
}

/** Write csv/, excel/ and parquet/ for every released table into `dir`. */
export async function exportRelease(conn: DuckDBConnection, dir: string): Promise<ExportedTable[]> {
  for (const d of Object.values(RELEASE_DIRS)) await mkdir(join(dir, d), { recursive: true });
  const out: ExportedTable[] = [];
  for (const table of RELEASED_TABLES) out.push(await exportTable(conn, dir, table));
  return out;
}

async function exportTable(conn: DuckDBConnection, dir: string, table: TableDoc): Promise<ExportedTable> {
  const select = releaseSelect(table);
  const csv = `${RELEASE_DIRS.csv}/${table.name}.csv`;
  const excel = `${RELEASE_DIRS.excel}/${table.name}.csv`;
  await conn.run(`COPY (${select}) TO ${sqlString(join(dir, csv))} (FORMAT csv, HEADER true)`);
  await writeExcelCsv(conn, table, join(dir, excel));
  const parquet = await writeParquet(conn, dir, table, select);
  const [count] = await queryRows(conn, `SELECT count(*)::INTEGER AS n FROM ${table.name}`);
  return { table, rows: Number(count!.n), csv, excel, parquet };
}

async function writeExcelCsv(conn: DuckDBConnection, table: TableDoc, path: string): Promise<void> {
  const plain = `${path}.nobom`;
  await conn.run(`COPY (${releaseSelect(table, excelExpr)}) TO ${sqlString(plain)} (FORMAT csv, HEADER true)`);
  // COPY has no BOM option (STACK-NOTES): prepend it while streaming the file over.
  const target = createWriteStream(path);
  target.write(UTF8_BOM);
  await pipeline(createReadStream(plain), target);
  await rm(plain);
}

async function writeParquet(conn: DuckDBConnection, dir: string, table: TableDoc, select: string): Promise<string[]> {
  const partition = PARTITIONED[table.name];
  if (!partition) {
    const rel = `${RELEASE_DIRS.parquet}/${table.name}.parquet`;
    await conn.run(`COPY (${select}) TO ${sqlString(join(dir, rel))} (FORMAT parquet, COMPRESSION zstd)`);
    return [rel];
  }
  const relDir = `${RELEASE_DIRS.parquet}/${table.name}`;
  await conn.run(
    `COPY (${select}) TO ${sqlString(join(dir, relDir))}
     (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${partition}), WRITE_PARTITION_COLUMNS true)`,
  );
  // An empty table writes no partition: give readers an empty file with the right columns.
  const files = await queryRows(conn, `SELECT file FROM glob(${sqlString(join(dir, relDir, '*', '*.parquet'))}) ORDER BY file`);
  if (files.length > 0) return files.map((f) => String(f.file).slice(dir.length + 1).replaceAll('\\', '/')).sort();
  const rel = `${relDir}/${partition}=__HIVE_DEFAULT_PARTITION__/data_0.parquet`;
  await mkdir(join(dir, relDir, `${partition}=__HIVE_DEFAULT_PARTITION__`), { recursive: true });
  await conn.run(`COPY (${select}) TO ${sqlString(join(dir, rel))} (FORMAT parquet, COMPRESSION zstd)`);
  return [rel];
}

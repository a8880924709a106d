/**
 * A small DuckDB database for the release tests, built from the hand-checked truth CSVs of two
 * sample reports (test/fixtures/release/) plus made-up report rows and quality findings.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET, JUESUAN_2024 } from '../../pipeline/templates/index.ts';

import { openDb, sqlString, type Db } from '../../pipeline/load/db.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import type { DataDirs } from '../../pipeline/types.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/release/', import.meta.url));
export const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));

export const JDZ = 'f5f48a2a7dc4f914';
export const LC = 'be32a92789564802';
/** 景德镇's 2024 部门预算 (made-up figures): the budget beside the final accounts. */
export const JDZ_BUDGET = 'b0d9e7a1c2f3a4b5';

interface FixtureReport {
  id: string;
  seed: string;
  department: string;
  scope: string | null;
  province: string;
  city: string;
  url: string;
  sha: string;
  status: string;
  /** '决算' (default: tables from `<seed>-v1.truth.csv`) or '预算' (`<seed>-budget.truth.csv`). */
  kind?: '决算' | '预算';
}

const REPORTS: FixtureReport[] = [
  {
    id: JDZ, seed: '000', department: '景德镇市医疗保障局', scope: '本级', province: '江西省', city: '景德镇市',
    url: 'https://example.org/juesuan/jingdezhen-ybj-2024.pdf', status: 'partial',
    sha: 'f5f48a2a7dc4f91439c9d0042f678a4c259dde59da788eb1cf6d902193a524b9',
  },
  {
    id: LC, seed: '001', department: '聊城市医疗保障局', scope: '汇总', province: '山东省', city: '聊城市',
    url: 'https://example.org/juesuan/liaocheng-ybj-2024.pdf', status: 'ok',
    sha: 'be32a92789564802f409dc79c94c486142b28994dd96beb84709f63ddbea7a94',
  },
  {
    id: JDZ_BUDGET, seed: '000', department: '景德镇市医疗保障局', scope: '本级', province: '江西省', city: '景德镇市',
    url: 'https://example.org/yusuan/jingdezhen-ybj-2024-budget.pdf', status: 'ok', kind: '预算',
    sha: 'b0d9e7a1c2f3a4b5'.padEnd(64, '0'),
  },
];

const created: string[] = [];

/** A new empty temp folder, removed by removeTempDirs(). */
export function tempDir(prefix = 'juesuan-release-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Remove every folder tempDir() made in this test file (call in afterAll). */
export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}


/** The bundled sample PDFs: the fixture's two reports have exactly their bytes (and so their SHA-256). */
const SAMPLE_PDFS: Record<string, string> = {
  [JDZ]: fileURLToPath(new URL('../../samples/jingdezhen-ybj-2024.pdf', import.meta.url)),
  [LC]: fileURLToPath(new URL('../../samples/liaocheng-ybj-2024.pdf', import.meta.url)),
};

/**
 * A fresh data dir with output/juesuan.duckdb holding the fixture. `sources`: also put the two
 * sample PDFs into raw/ (by SHA-256, as fetch does), so the release renders the explorer's pages.
 */
export async function makeFixtureDataDir(opts: { sources?: boolean; budget?: boolean } = {}): Promise<DataDirs> {
  const dirs = dataDirs(tempDir());
  if (opts.sources) {
    mkdirSync(dirs.raw, { recursive: true });
    for (const r of REPORTS) if (SAMPLE_PDFS[r.id]) cpSync(SAMPLE_PDFS[r.id]!, join(dirs.raw, `${r.sha}.pdf`));
  }
  const db = await openDb(dirs);
  try {
    // The budget report only where asked for (docs/queries.md compares budget and final accounts).
    for (const r of REPORTS) if (r.kind !== '预算' || opts.budget) await insertReport(db, r);
    await insertQuality(db);
    await insertSubjects(db);
  } finally {
    db.close();
  }
  return dirs;
}

/** A second data dir holding a byte copy of the first one's database. */
export function copyDataDir(dirs: DataDirs): DataDirs {
  const copy = dataDirs(tempDir());
  cpSync(dirs.output, copy.output, { recursive: true });
  return copy;
}

async function insertReport(db: Db, r: FixtureReport): Promise<void> {
  const meta = JSON.parse(readFileSync(join(FIXTURES, `${r.seed}-v1.meta.json`), 'utf8')) as { pages: number; table_pages: Record<string, number[]> };
  const budget = r.kind === '预算';
  const template = budget ? BUDGET : JUESUAN_2024;
  const truth = join(FIXTURES, budget ? `${r.seed}-budget.truth.csv` : `${r.seed}-v1.truth.csv`);
  const tables = Object.values(template.tables).map((t) => `(${sqlString(t.table_code)}, ${sqlString(t.table_name)}, ${budget ? 1 : (meta.table_pages[t.table_code]?.[0] ?? 'NULL')})`);
  await db.conn.run(
    `INSERT INTO facts
     SELECT ${sqlString(r.id)}, c.table_code, t.table_name, NULLIF(c.item_code, ''), c.item_name,
       CASE WHEN c.table_code IN (${template.identities.function_tables.map(sqlString).join(', ')})
            THEN CASE length(c.item_code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END END,
       TRY_CAST(NULLIF(c.line_no, '') AS INTEGER), c.measure, CAST(c.value_yuan AS DECIMAL(20,2)), NULL, NULL,
       CAST(CAST(CAST(c.value_yuan AS DECIMAL(20,2)) * CAST(0.0001 AS DECIMAL(5,4)) AS DECIMAL(20,2)) AS VARCHAR),
       '万元', t.page, 'text', 1.0, 'run-fixture', NULL, NULL, NULL, NULL, NULL
     FROM read_csv(${sqlString(truth)}, all_varchar = true, header = true) c
     JOIN (VALUES ${tables.join(', ')}) t(table_code, table_name, page) ON t.table_code = c.table_code`,
  );
  // Every fact is one printed cell: the fixture's cells layer is the facts' cells.
  await db.conn.run(
    `INSERT INTO cells
     SELECT report_id, 'p' || page || '-' || table_code || '-r' || row_number() OVER (ORDER BY table_code, item_code, line_no, item_name, measure), page,
       NULL, NULL, NULL, NULL, table_name, table_code, item_name, item_code, measure, value_text, value_yuan, quantity, unit_as_printed, method, confidence, run_id
     FROM facts WHERE report_id = $1`,
    [r.id],
  );
  await db.conn.run(
    `INSERT INTO reports
     SELECT $1, $2, $3, $4, $5, 2024, ${sqlString(r.kind ?? '决算')}, $6, $7, $8, NULL, '万元', $9, 0, $10,
       (SELECT count(*) FROM facts WHERE report_id = $1), 0, 0, 0.95, '0.1.0', 'run-fixture', TIMESTAMP '2025-01-01 00:00:00', NULL, NULL, '部门'`,
    [r.id, r.url, r.sha, budget ? `${r.seed}-budget.pdf` : `${r.seed}-v1.pdf`, r.department, r.scope, r.province, r.city, budget ? 12 : meta.pages, r.status] as never,
  );
}

async function insertQuality(db: Db): Promise<void> {
  await db.conn.run(
    `INSERT INTO quality VALUES
      (${sqlString(JDZ)}, 'sum.children', 'warning', '03', '210', NULL, '卫生健康支出', '本年支出合计', 8120300.00, 8120200.00,
       '03 卫生健康支出 本年支出合计 is 812.02 万元 by its 款 but 812.03 万元 as printed; check page 6.', 6, 'run-fixture'),
      (${sqlString(JDZ)}, 'table.missing', 'error', '10', NULL, NULL, NULL, NULL, NULL, NULL,
       'Table 10 国有资产占用情况表 was not found; the report may print it as prose.', NULL, 'run-fixture'),
      (${sqlString(LC)}, 'table.empty', 'info', '07', NULL, NULL, NULL, NULL, NULL, NULL,
       'Table 07 is printed empty (本表无数据).', 12, 'run-fixture')`,
  );
  await db.conn.run(`UPDATE reports SET n_errors = 1, n_warnings = 1 WHERE report_id = ${sqlString(JDZ)}`);
}

async function insertSubjects(db: Db): Promise<void> {
  await db.conn.run(
    `INSERT INTO subjects VALUES
      ('208', '功能分类', '类', '社会保障和就业支出', NULL, NULL, NULL),
      ('20805', '功能分类', '款', '行政事业单位养老支出', '208', NULL, NULL),
      ('2080505', '功能分类', '项', '机关事业单位基本养老保险缴费支出', '20805', NULL, NULL),
      ('210', '功能分类', '类', '卫生健康支出', NULL, NULL, NULL),
      ('301', '经济分类', '类', '工资福利支出', NULL, NULL, NULL),
      ('30101', '经济分类', '款', '基本工资', '301', NULL, NULL)`,
  );
}

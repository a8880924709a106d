/**
 * DuckDB for researchers: comments on every table and column (shown by `DESCRIBE`,
 * `duckdb_columns()`, DBeaver…) and views answering the common questions. Idempotent: every
 * statement is CREATE OR REPLACE / COMMENT ON, so it can run after each load.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../load/db.ts';
import { SANGONG_ITEMS } from '../templates/index.ts';
import { TABLE_DOCS, databaseColumns, type ColumnDoc } from './columns.ts';

export interface ViewColumn {
  name: string;
  description: string;
  unit?: '元' | '万元';
}

export interface ViewDoc {
  name: string;
  description: string;
  columns: ViewColumn[];
  /** The SELECT the view stands for. */
  select: string;
}

const money = (name: string, what: string): ViewColumn => ({ name, description: `${what}, in 元.`, unit: '元' });
const REPORT_COLS: ViewColumn[] = [
  { name: 'report_id', description: 'Report the values come from (→ reports).' },
  { name: 'department', description: 'Reporting department.' },
  { name: 'fiscal_year', description: 'Year the accounts cover.' },
];

/** Pivot one measure of a table into a column (facts are long; researchers want it wide). */
const pick = (measure: string, alias = measure) => `max(f.value_yuan) FILTER (WHERE f.measure = ${sqlString(measure)}) AS "${alias}"`;
const pickLine = (lineNo: number, alias: string) => `max(f.value_yuan) FILTER (WHERE f.line_no = ${lineNo}) AS "${alias}"`;

/**
 * Which report stands for a department-year. A department can be processed twice (a corrected
 * re-publication, the same PDF from two URLs); per-department views use one report so sums are
 * not doubled: the best status, then the best quality score, then the most facts, then the
 * lowest report_id (so the choice is stable).
 */
const CURRENT: ViewDoc = {
  name: 'v_reports_current',
  description:
    'One report per department, fiscal year and report kind (决算/预算): best status, then quality score, then most facts, then lowest report_id. Failed reports and reports without department or year are left out.',
  columns: [
    ...REPORT_COLS,
    { name: 'report_kind', description: '决算 or 预算.' },
    { name: 'province', description: 'Province.' },
    { name: 'city', description: 'City.' },
    { name: 'county', description: 'County.' },
    { name: 'status', description: 'ok or partial.' },
    { name: 'quality_score', description: 'Share of quality checks that held, 0–1.' },
    { name: 'n_reports', description: 'How many reports exist for this department-year-kind (more than 1: others were set aside).' },
  ],
  select: `
SELECT report_id, department, fiscal_year, report_kind, province, city, county, status, quality_score, n_reports
FROM (
  SELECT r.*,
    CAST(count(*) OVER w AS INTEGER) AS n_reports,
    row_number() OVER (w ORDER BY CASE r.status WHEN 'ok' THEN 0 ELSE 1 END, r.quality_score DESC NULLS LAST,
                       r.n_facts DESC NULLS LAST, r.report_id) AS choice
  FROM reports r
  WHERE r.status <> 'failed' AND r.department IS NOT NULL AND r.fiscal_year IS NOT NULL
  WINDOW w AS (PARTITION BY r.department, r.fiscal_year, r.report_kind)
)
WHERE choice = 1`,
};

const EXPENDITURE_BY_FUNCTION: ViewDoc = {
  name: 'v_expenditure_by_function',
  description:
    'Table 03 支出决算表 in wide form: one row per report and 功能分类 code (类/款/项), with 本年支出合计, 基本支出, 项目支出 in 元. The 合计 row is left out (see v_department_totals); do not add 类, 款 and 项 together (a 类 already contains its 款 and 项).',
  columns: [
    ...REPORT_COLS,
    { name: 'item_code', description: '功能分类 code: 3 digits 类, 5 digits 款, 7 digits 项.' },
    { name: 'item_level', description: '类 / 款 / 项.' },
    { name: 'item_name', description: 'Subject name as printed (cleaned).' },
    money('本年支出合计', 'Total expenditure of the year'),
    money('基本支出', 'Basic expenditure (personnel and running costs)'),
    money('项目支出', 'Project expenditure'),
  ],
  select: `
SELECT f.report_id, r.department, r.fiscal_year, f.item_code, min(f.item_level) AS item_level, min(f.item_name) AS item_name,
  ${pick('本年支出合计')}, ${pick('基本支出')}, ${pick('项目支出')}
FROM facts f JOIN reports r USING (report_id)
WHERE f.table_code = '03' AND f.item_code IS NOT NULL
GROUP BY f.report_id, r.department, r.fiscal_year, f.item_code`,
};

const BASIC_PROJECT_BY_CLASS: ViewDoc = {
  name: 'v_basic_project_by_class',
  description:
    '基本支出 / 项目支出 split by 功能分类 类 (3-digit code) per department and fiscal year, from table 03 of the report chosen in v_reports_current. Money in 元.',
  columns: [
    { name: 'department', description: 'Reporting department.' },
    { name: 'fiscal_year', description: 'Year the accounts cover.' },
    { name: 'report_id', description: 'Report the values come from.' },
    { name: 'class_code', description: '功能分类 类 code (3 digits), e.g. 208.' },
    { name: 'class_name', description: 'Name of the 类, e.g. 社会保障和就业支出.' },
    money('本年支出合计', 'Total expenditure of the 类'),
    money('基本支出', 'Basic expenditure of the 类'),
    money('项目支出', 'Project expenditure of the 类'),
    { name: '项目支出占比', description: '项目支出 / 本年支出合计, 0–1, 4 decimals; a blank 项目支出 cell counts as 0 (NULL when the total is 0 or missing).' },
  ],
  select: `
SELECT c.department, c.fiscal_year, c.report_id, f.item_code AS class_code, min(f.item_name) AS class_name,
  ${pick('本年支出合计')}, ${pick('基本支出')}, ${pick('项目支出')},
  CAST(round(CAST(coalesce("项目支出", 0) AS DOUBLE) / NULLIF(CAST("本年支出合计" AS DOUBLE), 0), 4) AS DECIMAL(5,4)) AS "项目支出占比"
FROM facts f JOIN v_reports_current c USING (report_id)
WHERE f.table_code = '03' AND length(f.item_code) = 3
GROUP BY c.department, c.fiscal_year, c.report_id, f.item_code`,
};

const SANGONG: ViewDoc = {
  name: 'v_sangong',
  description:
    '三公经费 (table 09) per department and fiscal year: one row per item (合计, 因公出国（境）费, 公务用车…, 公务接待费…) in template order, with 年初预算数, 全年预算数, 决算数 in 元.',
  columns: [
    { name: 'department', description: 'Reporting department.' },
    { name: 'fiscal_year', description: 'Year the accounts cover.' },
    { name: 'report_id', description: 'Report the values come from (the one chosen in v_reports_current).' },
    { name: 'item_order', description: 'Position of the item in the template (1 = 合计).' },
    { name: 'item_name', description: 'Canonical 三公 item name.' },
    money('年初预算数', 'Budget at the start of the year'),
    money('全年预算数', 'Budget for the whole year (after adjustments)'),
    money('决算数', 'Final (actual) amount'),
  ],
  select: `
SELECT c.department, c.fiscal_year, c.report_id,
  list_position([${SANGONG_ITEMS.map(sqlString).join(', ')}], f.item_name) AS item_order, f.item_name,
  ${pick('年初预算数')}, ${pick('全年预算数')}, ${pick('决算数')}
FROM facts f JOIN v_reports_current c USING (report_id)
WHERE f.table_code = '09'
GROUP BY c.department, c.fiscal_year, c.report_id, f.item_name`,
};

const DEPARTMENT_TOTALS: ViewDoc = {
  name: 'v_department_totals',
  description:
    "A department's totals per fiscal year from table 01 收入支出决算总表 (行次 27 本年收入合计, 58 本年支出合计, 29 年初结转和结余, 60 年末结转和结余), for the report chosen in v_reports_current. Money in 元; order by fiscal_year for a time series.",
  columns: [
    { name: 'department', description: 'Reporting department.' },
    { name: 'fiscal_year', description: 'Year the accounts cover.' },
    { name: 'report_id', description: 'Report the values come from.' },
    { name: 'province', description: 'Province.' },
    { name: 'city', description: 'City.' },
    money('本年收入合计', 'Total income of the year (table 01, 行次 27)'),
    money('本年支出合计', 'Total expenditure of the year (table 01, 行次 58)'),
    money('年初结转和结余', 'Balance carried over from the previous year (table 01, 行次 29)'),
    money('年末结转和结余', 'Balance carried forward at year end (table 01, 行次 60)'),
  ],
  select: `
SELECT c.department, c.fiscal_year, c.report_id, c.province, c.city,
  ${pickLine(27, '本年收入合计')}, ${pickLine(58, '本年支出合计')}, ${pickLine(29, '年初结转和结余')}, ${pickLine(60, '年末结转和结余')}
FROM v_reports_current c LEFT JOIN facts f ON f.report_id = c.report_id AND f.table_code = '01' AND f.measure = '金额'
WHERE c.report_kind = '决算'
GROUP BY c.department, c.fiscal_year, c.report_id, c.province, c.city`,
};

const FACTS_READABLE: ViewDoc = {
  name: 'v_facts_readable',
  description: 'facts joined with their report (department, year, region, source), with the value in 元 and in 万元 as the reports print it.',
  columns: [
    ...REPORT_COLS,
    { name: 'province', description: 'Province.' },
    { name: 'city', description: 'City.' },
    { name: 'county', description: 'County.' },
    { name: 'table_code', description: "Table of the template, '01'…'10'." },
    { name: 'table_name', description: 'Canonical table name.' },
    { name: 'item_code', description: 'Subject code (功能分类 or, in table 06, 经济分类).' },
    { name: 'item_level', description: '类 / 款 / 项.' },
    { name: 'item_name', description: 'Row label.' },
    { name: 'line_no', description: '行次 (tables 01, 04).' },
    { name: 'measure', description: 'Canonical measure.' },
    money('value_yuan', 'The value'),
    { name: 'value_wanyuan', description: 'The value in 万元 (value_yuan / 10000, exact).', unit: '万元' },
    { name: 'quantity', description: 'Non-money value.' },
    { name: 'quantity_unit', description: 'Unit of quantity.' },
    { name: 'page', description: 'Page of the source.' },
    { name: 'method', description: 'text / ocr / narrative.' },
    { name: 'source_url', description: 'Where the report came from.' },
  ],
  select: `
SELECT f.report_id, r.department, r.fiscal_year, r.province, r.city, r.county,
  f.table_code, f.table_name, f.item_code, f.item_level, f.item_name, f.line_no, f.measure,
  f.value_yuan, f.value_yuan * CAST(0.0001 AS DECIMAL(5,4)) AS value_wanyuan,
  f.quantity, f.quantity_unit, f.page, f.method, r.source_url
FROM facts f LEFT JOIN reports r USING (report_id)`,
};

/** In dependency order (v_reports_current first). */
export const VIEW_DOCS: ViewDoc[] = [CURRENT, EXPENDITURE_BY_FUNCTION, BASIC_PROJECT_BY_CLASS, SANGONG, DEPARTMENT_TOTALS, FACTS_READABLE];

function describe(c: ColumnDoc | ViewColumn): string {
  return c.unit ? `${c.description} Unit: ${c.unit}.` : c.description;
}

/** COMMENT ON statements for one table, limited to the columns that exist. */
export function tableCommentStatements(table: string, description: string, columns: (ColumnDoc | ViewColumn)[], kind: 'TABLE' | 'VIEW' = 'TABLE'): string[] {
  return [
    `COMMENT ON ${kind} ${table} IS ${sqlString(description)}`,
    ...columns.map((c) => `COMMENT ON COLUMN ${table}."${c.name}" IS ${sqlString(describe(c))}`),
  ];
}

/** The statements that create and document the views (also written into a release's load.sql). */
export function viewStatements(): string[] {
  return VIEW_DOCS.flatMap((v) => [
    `CREATE OR REPLACE VIEW ${v.name} AS ${v.select.trim()}`,
    ...tableCommentStatements(v.name, v.description, v.columns, 'VIEW'),
  ]);
}

export interface CreateViewsResult {
  /** `table.column` present in the database but not documented in columns.ts. */
  undocumented: string[];
}

/** Comment every table and column and (re)create the views. Safe to run after every load. */
export async function createViews(conn: DuckDBConnection): Promise<CreateViewsResult> {
  const existing = await queryRows(
    conn,
    `SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal`,
  );
  const has = new Set(existing.map((r) => `${r.table_name}.${r.column_name}`));
  const documented = new Set<string>();
  for (const t of TABLE_DOCS) {
    const cols = databaseColumns(t).filter((c) => has.has(`${t.name}.${c.name}`));
    if (!has.has(`${t.name}.${t.columns[0]!.name}`)) continue;
    for (const c of cols) documented.add(`${t.name}.${c.name}`);
    for (const sql of tableCommentStatements(t.name, t.description, cols)) await conn.run(sql);
  }
  for (const sql of viewStatements()) await conn.run(sql);
  const tables = new Set(TABLE_DOCS.map((t) => t.name as string));
  const undocumented = [...has].filter((k) => tables.has(k.split('.')[0]!) && !documented.has(k)).sort();
  return { undocumented };
}

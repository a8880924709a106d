/**
 * The one description of every published table and column. DuckDB comments (views.ts), the
 * release's datapackage.json and its README data dictionary are all generated from here, so
 * the three can never disagree. Words follow docs/data-contract.md.
 */
import { TEMPLATES } from '../templates/index.ts';

/** Table Schema (Data Package v2) field types used by the release. */
export type FieldType = 'string' | 'integer' | 'number' | 'datetime';

export interface ColumnDoc {
  name: string;
  type: FieldType;
  description: string;
  /** Money columns: 元 (CNY). Stated in comments, the data dictionary and datapackage.json. */
  unit?: '元';
  /** Values a valid row may take (Table Schema `enum` constraint). */
  enum?: string[];
  /** Never NULL (Table Schema `required`). */
  required?: boolean;
  /**
   * Why the column stays out of the release files (it is still commented in DuckDB).
   * Run bookkeeping is left out so that re-running the pipeline on the same sources gives the
   * same release bytes.
   */
  notReleased?: string;
  /** A column the release adds (not in the DuckDB table): its SQL over `t` (the table) and `r` (reports). */
  releaseExpr?: string;
  /** Fiscal Data Package `columnType`, where the concept fits. */
  columnType?: string;
}

export interface TableDoc {
  name: 'reports' | 'facts' | 'cells' | 'quality' | 'subjects' | 'runs' | 'fetch_log' | 'pipeline_meta';
  title: string;
  description: string;
  columns: ColumnDoc[];
  /** Leading sort columns of the release files; every other released column follows as a tie-breaker. */
  sortKeys: string[];
  primaryKey?: string[];
  foreignKeys?: { fields: string[]; resource: string; referenceFields: string[] }[];
  /** False for tables that describe runs, not data. */
  released: boolean;
}

/** Every table code a template defines: 决算 01–10, 预算 B01–B09. */
const TABLE_CODES = TEMPLATES.flatMap((t) => Object.keys(t.tables));
const RUN_BOOKKEEPING = 'run bookkeeping; differs between runs over the same sources';

/** Where a value is printed: its box on the page, for linking a number back to the source. */
const BOX_COLUMNS: ColumnDoc[] = [
  { name: 'x0', type: 'number', description: 'Left edge of the cell\'s printed text, PDF points from the left of the page as displayed; NULL where unknown (HTML/text inputs, narrative facts).' },
  { name: 'y0', type: 'number', description: 'Top edge of the cell\'s printed text, PDF points from the top of the page as displayed.' },
  { name: 'x1', type: 'number', description: 'Right edge of the cell\'s printed text, PDF points from the left.' },
  { name: 'y1', type: 'number', description: 'Bottom edge of the cell\'s printed text, PDF points from the top.' },
];

const REPORTS: TableDoc = {
  name: 'reports',
  title: '报告 reports',
  description: 'One row per source document (a department\'s 部门决算 report for one fiscal year).',
  released: true,
  sortKeys: ['report_id'],
  primaryKey: ['report_id'],
  columns: [
    { name: 'report_id', type: 'string', required: true, description: 'Stable id of the report: the first 16 hex digits of the SHA-256 of the source bytes (same bytes, same id).' },
    { name: 'source_url', type: 'string', description: 'URL or local path the source document came from.' },
    { name: 'source_sha256', type: 'string', description: 'Lower-case hex SHA-256 of the source bytes.' },
    { name: 'file_name', type: 'string', description: 'Original file name of the source document.' },
    { name: 'department', type: 'string', description: 'Reporting department as named in the report, e.g. 景德镇市医疗保障局.', columnType: 'administrative-classification:generic:label' },
    { name: 'fiscal_year', type: 'integer', description: 'Year the accounts cover (2024 for a 2024年度部门决算).', columnType: 'date:fiscal-year' },
    { name: 'report_kind', type: 'string', enum: ['决算', '预算'], description: '决算 (final accounts) or 预算 (budget).', columnType: 'phase' },
    { name: 'scope', type: 'string', enum: ['汇总', '本级'], description: '汇总 (consolidated with subordinate units) or 本级 (the department itself), where the report says.' },
    { name: 'level', type: 'string', enum: ['部门', '单位'], description: '部门 (a department\'s report: 部门决算/部门预算) or 单位 (one unit\'s: 单位决算/单位预算), as the cover, 目录 and table titles say; NULL when they do not.' },
    { name: 'province', type: 'string', description: 'Province (省级行政区) of the department, as far as it can be inferred.' },
    { name: 'city', type: 'string', description: 'Prefecture-level city (地级市) of the department, where applicable.' },
    { name: 'county', type: 'string', description: 'County-level unit (区/县) of the department, where applicable.' },
    { name: 'unit_as_printed', type: 'string', description: 'Money unit the report\'s tables state (万元 / 元 / 千元); values are converted to 元.' },
    { name: 'pages', type: 'integer', description: 'Page count of the source document.' },
    { name: 'ocr_pages', type: 'integer', description: 'How many pages had to be read by OCR.' },
    { name: 'status', type: 'string', enum: ['ok', 'partial', 'failed'], description: 'Processing outcome: ok, partial (some tables missing or with errors) or failed.' },
    { name: 'n_facts', type: 'integer', description: 'Number of facts read from this report.' },
    { name: 'n_errors', type: 'integer', description: 'Number of quality findings of severity error.' },
    { name: 'n_warnings', type: 'integer', description: 'Number of quality findings of severity warning.' },
    { name: 'quality_score', type: 'number', description: 'Share of quality checks that held, 0–1.' },
    { name: 'pipeline_version', type: 'string', description: 'Version of the juesuan pipeline that produced the rows.' },
    { name: 'run_id', type: 'string', notReleased: RUN_BOOKKEEPING, description: 'Run that loaded the report (→ runs).' },
    { name: 'loaded_at', type: 'datetime', notReleased: RUN_BOOKKEEPING, description: 'When the report was loaded.' },
    { name: 'last_error', type: 'string', notReleased: RUN_BOOKKEEPING, description: 'Why the last attempt to process the report failed; NULL after a successful one. When status is not failed, the rows are those of the last good version, kept.' },
    { name: 'last_error_at', type: 'datetime', notReleased: RUN_BOOKKEEPING, description: 'When the last failed attempt happened.' },
  ],
};

const FACTS: TableDoc = {
  name: 'facts',
  title: '数据 facts',
  description: 'Long format: one row per non-empty cell of the 部门决算公开表 (tables 01–10 of the national template). Money in 元.',
  released: true,
  sortKeys: ['report_id', 'table_code', 'line_no', 'item_code', 'item_key', 'measure'],
  primaryKey: ['report_id', 'table_code', 'item_key', 'measure'],
  foreignKeys: [{ fields: ['report_id'], resource: 'reports', referenceFields: ['report_id'] }],
  columns: [
    { name: 'report_id', type: 'string', required: true, description: 'Report the cell was read from (→ reports).' },
    { name: 'table_code', type: 'string', required: true, enum: TABLE_CODES, description: "Table of the report's template: 决算 '01'…'10' (公开NN表), 预算 'B01'…'B09'." },
    { name: 'table_name', type: 'string', description: 'Canonical table name, e.g. 支出决算表.' },
    { name: 'item_code', type: 'string', description: "Full subject code, digits only: 功能分类 '208', '20805', '2080505' or 经济分类 '301', '30101' (table 06); NULL for rows without a code.", columnType: 'functional-classification:generic:code' },
    { name: 'item_name', type: 'string', description: 'Row label, cleaned (whitespace removed, NFKC).', columnType: 'functional-classification:generic:label' },
    { name: 'item_level', type: 'string', enum: ['类', '款', '项'], description: '类 / 款 / 项 for 功能分类 codes (3 / 5 / 7 digits); NULL otherwise.', columnType: 'functional-classification:generic:level' },
    { name: 'line_no', type: 'integer', description: '行次 for tables 01 and 04 (01: income 1–31, expenditure 32–62; 04: income 1–32, expenditure 33–64); NULL for other tables.' },
    { name: 'measure', type: 'string', required: true, description: 'Canonical column name of the template, e.g. 本年支出合计, 基本支出, 项目支出, 决算数.' },
    { name: 'value_yuan', type: 'number', unit: '元', description: 'Money value in 元, exact (DECIMAL(20,2); 万元 × 10000). NULL for quantities.', columnType: 'value' },
    { name: 'quantity', type: 'number', description: 'Non-money value (vehicles, batches, persons); NULL for money.' },
    { name: 'quantity_unit', type: 'string', description: 'Unit of quantity, e.g. 辆.' },
    { name: 'value_text', type: 'string', description: 'The cell exactly as read from the report.' },
    { name: 'unit_as_printed', type: 'string', description: 'Money unit the table declared (万元 / 元 / 千元).' },
    { name: 'page', type: 'integer', description: '1-based page of the source document the cell was read from.' },
    { name: 'method', type: 'string', enum: ['text', 'ocr', 'narrative'], description: 'How the value was read: text layer, OCR, or the report\'s prose (narrative).' },
    { name: 'confidence', type: 'number', description: 'Reading confidence 0–1 (1 for text-layer reads).' },
    { name: 'cell_id', type: 'string', description: 'The printed cell the fact was read from (→ cells.cell_id); NULL for narrative facts.' },
    ...BOX_COLUMNS,
    { name: 'run_id', type: 'string', notReleased: RUN_BOOKKEEPING, description: 'Run that loaded the fact (→ runs).' },
    {
      name: 'item_key',
      type: 'string',
      required: true,
      releaseExpr: "COALESCE(t.item_code, 'line:' || t.line_no, 'name:' || t.item_name, '')",
      description: "Release-only row key within a table: item_code where there is one, else 'line:' + line_no (tables 01, 04), else 'name:' + item_name (合计, table 09).",
    },
    {
      name: 'fiscal_year',
      type: 'integer',
      releaseExpr: 'r.fiscal_year',
      description: 'Release-only copy of reports.fiscal_year, so facts can be partitioned and filtered by year.',
      columnType: 'date:fiscal-year',
    },
  ],
};

const CELLS: TableDoc = {
  name: 'cells',
  title: '单元格 cells',
  description: 'The lossless layer under facts: one row per non-empty numeric cell of every table found in a report, standard or not, as printed. Money in 元.',
  released: true,
  sortKeys: ['report_id', 'page', 'cell_id'],
  primaryKey: ['report_id', 'cell_id'],
  foreignKeys: [{ fields: ['report_id'], resource: 'reports', referenceFields: ['report_id'] }],
  columns: [
    { name: 'report_id', type: 'string', required: true, description: 'Report the cell was read from (→ reports).' },
    { name: 'cell_id', type: 'string', required: true, description: "Id of the cell within the report: page, table, row and column index, e.g. 'p14-t03-r05-c2'." },
    { name: 'page', type: 'integer', description: '1-based page of the source document the cell was read from.' },
    ...BOX_COLUMNS,
    { name: 'table_title', type: 'string', description: 'The table\'s title as printed (whitespace removed).' },
    { name: 'table_code', type: 'string', description: "Canonical table ('01'…'10', 'B01'…'B09') where a template knows the table; NULL otherwise." },
    { name: 'row_label', type: 'string', description: 'The row\'s label as printed (label cells joined with /, wrapped lines joined, NFKC, whitespace removed).' },
    { name: 'row_code', type: 'string', description: 'The row\'s subject code, digits only (split 类/款/项 columns joined); NULL if none.' },
    { name: 'column_label', type: 'string', description: 'The column\'s header path as printed, top to bottom joined with / (two-sided tables start with the side\'s header).' },
    { name: 'value_text', type: 'string', description: 'The cell exactly as read from the report.' },
    { name: 'value_yuan', type: 'number', unit: '元', description: 'Money value in 元, exact (DECIMAL(20,2)); NULL for quantities.', columnType: 'value' },
    { name: 'quantity', type: 'number', description: 'Non-money value (counts of vehicles, persons, batches); NULL for money.' },
    { name: 'unit_as_printed', type: 'string', description: 'Money unit the table declared (元 / 万元 / 千元), or the report\'s usual unit where it declares none.' },
    { name: 'method', type: 'string', enum: ['text', 'ocr'], description: 'How the cell was read: text layer or OCR.' },
    { name: 'confidence', type: 'number', description: 'Reading confidence 0–1 (1 for text-layer reads).' },
    { name: 'run_id', type: 'string', notReleased: RUN_BOOKKEEPING, description: 'Run that loaded the cell (→ runs).' },
  ],
};

const QUALITY: TableDoc = {
  name: 'quality',
  title: '质量 quality',
  description: 'The data-quality log: one row per finding of a check on a report (arithmetic, completeness, reading).',
  released: true,
  sortKeys: ['report_id', 'check_id', 'table_code', 'item_code', 'line_no', 'measure'],
  foreignKeys: [{ fields: ['report_id'], resource: 'reports', referenceFields: ['report_id'] }],
  columns: [
    { name: 'report_id', type: 'string', required: true, description: 'Report the finding is about (→ reports).' },
    { name: 'check_id', type: 'string', required: true, description: 'Stable name of the check, e.g. sum.children, table.missing.' },
    { name: 'severity', type: 'string', required: true, enum: ['error', 'warning', 'info'], description: 'error (a value is wrong or missing), warning (suspect), info.' },
    { name: 'table_code', type: 'string', enum: TABLE_CODES, description: 'Table the finding points at; NULL when about the whole report.' },
    { name: 'item_code', type: 'string', description: 'Subject code the finding points at, if any.' },
    { name: 'line_no', type: 'integer', description: '行次 the finding points at, if any.' },
    { name: 'item_name', type: 'string', description: 'Row label the finding points at, if any.' },
    { name: 'measure', type: 'string', description: 'Measure the finding points at, if any.' },
    { name: 'expected', type: 'number', unit: '元', description: 'For arithmetic checks: the value the check computed, in 元.' },
    { name: 'actual', type: 'number', unit: '元', description: 'For arithmetic checks: the value the report prints, in 元.' },
    { name: 'message', type: 'string', description: 'One sentence a person can act on.' },
    { name: 'page', type: 'integer', description: 'Page of the source the finding points at, where known.' },
    { name: 'run_id', type: 'string', notReleased: RUN_BOOKKEEPING, description: 'Run that made the finding (→ runs).' },
  ],
};

const SUBJECTS: TableDoc = {
  name: 'subjects',
  title: '科目 subjects',
  description: 'Reference list of 政府收支分类科目: 功能分类 (functional) and 经济分类 (economic) codes with names and validity.',
  released: true,
  sortKeys: ['classification', 'code', 'valid_from'],
  columns: [
    { name: 'code', type: 'string', required: true, description: "Subject code, digits only, e.g. '2080505' or '30101'." },
    { name: 'classification', type: 'string', required: true, enum: ['功能分类', '经济分类'], description: '功能分类 (functional) or 经济分类 (economic, 部门预算支出经济分类).' },
    { name: 'level', type: 'string', enum: ['类', '款', '项'], description: '类 / 款 / 项.' },
    { name: 'name', type: 'string', required: true, description: 'Official subject name.' },
    { name: 'parent_code', type: 'string', description: 'Code of the parent subject (NULL for a 类).' },
    { name: 'valid_from', type: 'integer', description: 'First fiscal year the code has this meaning (NULL: since before the list starts).' },
    { name: 'valid_to', type: 'integer', description: 'Last fiscal year the code has this meaning (NULL: still valid).' },
  ],
};

const RUNS: TableDoc = {
  name: 'runs',
  title: '运行 runs',
  description: 'One row per pipeline run: times, counts, outcome. Not part of releases.',
  released: false,
  sortKeys: ['run_id'],
  columns: [
    { name: 'run_id', type: 'string', description: 'Id of the run.' },
    { name: 'started_at', type: 'datetime', description: 'When the run started.' },
    { name: 'finished_at', type: 'datetime', description: 'When the run finished.' },
    { name: 'status', type: 'string', enum: ['ok', 'finished_with_failures', 'interrupted', 'export_failed', 'failed'], description: 'Outcome of the run: ok, finished_with_failures (some reports failed), interrupted (stopped by SIGTERM/SIGINT; reports not started are left for the next run), export_failed (reports loaded, CSV/Parquet export failed) or failed (the run could not go on; reports loaded so far stay).' },
    { name: 'pipeline_version', type: 'string', description: 'Version of the juesuan pipeline.' },
    { name: 'n_sources', type: 'integer', description: 'Sources considered.' },
    { name: 'n_ok', type: 'integer', description: 'Reports processed with status ok.' },
    { name: 'n_partial', type: 'integer', description: 'Reports processed with status partial.' },
    { name: 'n_failed', type: 'integer', description: 'Reports that failed.' },
    { name: 'n_skipped', type: 'integer', description: 'Sources skipped because nothing changed.' },
    { name: 'args', type: 'string', description: 'Command-line arguments of the run.' },
  ],
};

const FETCH_LOG: TableDoc = {
  name: 'fetch_log',
  title: '下载记录 fetch_log',
  description: 'The fetch ledger: one row per URL fetch (local files are not logged). Not part of releases; see docs/operations.md.',
  released: false,
  sortKeys: ['fetched_at', 'url'],
  columns: [
    { name: 'url', type: 'string', description: 'The URL as listed (command line or manifest).' },
    { name: 'fetched_at', type: 'datetime', description: 'When the fetch started (UTC).' },
    { name: 'http_status', type: 'integer', description: 'Last HTTP status seen; NULL when no response came.' },
    { name: 'etag', type: 'string', description: 'ETag of the stored bytes, for the next conditional request.' },
    { name: 'last_modified', type: 'string', description: 'Last-Modified of the stored bytes, for the next conditional request.' },
    { name: 'sha256', type: 'string', description: 'SHA-256 of the bytes stored (the previous ones for a 304).' },
    { name: 'report_id', type: 'string', description: 'Report the bytes are (→ reports).' },
    { name: 'bytes', type: 'integer', description: 'Body bytes downloaded (0 for a 304).' },
    { name: 'outcome', type: 'string', enum: ['downloaded', 'not_modified', 'failed'], description: 'downloaded, not_modified or failed.' },
    { name: 'error', type: 'string', description: 'Why the fetch failed.' },
    { name: 'retryable', type: 'string', description: 'For failures: whether a later run may succeed.' },
    { name: 'attempts', type: 'integer', description: 'Attempts made.' },
    { name: 'run_id', type: 'string', description: 'Run that fetched it (→ runs).' },
  ],
};

const PIPELINE_META: TableDoc = {
  name: 'pipeline_meta',
  title: 'pipeline_meta',
  description: 'Bookkeeping of the database itself: fingerprints of the reference data and views last written, so a run rewrites them only when they changed.',
  released: false,
  sortKeys: ['key'],
  columns: [
    { name: 'key', type: 'string', description: "What the fingerprint is of: 'subjects' or 'views'." },
    { name: 'value', type: 'string', description: 'SHA-256 of what was last written.' },
  ],
};

export const TABLE_DOCS: TableDoc[] = [REPORTS, FACTS, CELLS, QUALITY, SUBJECTS, RUNS, FETCH_LOG, PIPELINE_META];

export const RELEASED_TABLES: TableDoc[] = TABLE_DOCS.filter((t) => t.released);

/** Columns that go into the release files, in file order. */
export function releasedColumns(table: TableDoc): ColumnDoc[] {
  return table.columns.filter((c) => !c.notReleased);
}

/** Columns that exist in the DuckDB table (not release-only ones). */
export function databaseColumns(table: TableDoc): ColumnDoc[] {
  return table.columns.filter((c) => !c.releaseExpr);
}

export function tableDoc(name: TableDoc['name']): TableDoc {
  const t = TABLE_DOCS.find((d) => d.name === name);
  if (!t) throw new Error(`no documentation for table ${name}`);
  return t;
}

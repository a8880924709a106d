/**
 * Shared types: the artefacts stages hand each other through `staged/`, and the rows the
 * pipeline publishes (see docs/data-contract.md). Stages import types from here only; they
 * never import another stage's internals.
 */

/** How a value was read: text layer, OCR of a page image, or a sentence of the report's prose. */
export type Method = 'text' | 'ocr' | 'narrative';

export type Severity = 'error' | 'warning' | 'info';

export type ReportStatus = 'ok' | 'partial' | 'failed';

/** 功能分类 levels; 经济分类 codes carry no level in the contract. */
export type ItemLevel = '类' | '款' | '项';

// ─── fetch → raw/ ──────────────────────────────────────────────────────────────────────────

/** What kind of document the bytes are, decided by sniffing the content (never by extension alone). */
export type SourceKind = 'pdf' | 'html' | 'text';

/** `staged/<report_id>/source.json`: one source document as stored in `raw/`. */
export interface SourceRecord {
  report_id: string;
  source_url: string;
  source_sha256: string;
  file_name: string;
  /** Path of the stored bytes, relative to the data dir: `raw/<sha256>.<ext>`. */
  raw_path: string;
  kind: SourceKind;
  bytes: number;
  /** Optional hints from a manifest row (department, region, year…); the report itself wins. */
  hints?: Record<string, string>;
}

// ─── extract → staged/<id>/pages.json ───────────────────────────────────────────────────────

/**
 * One positioned piece of text. Coordinates are in PDF points with the origin at the page's
 * top-left corner (y grows downwards), so text-layer and OCR items compare directly.
 */
export interface TextItem {
  str: string;
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  w: number;
  /** Height ≈ font size. */
  h: number;
  /** 0–1; 1 for text-layer items. */
  conf: number;
}

/** A ruling line drawn on the page (table borders), same coordinate system as TextItem. */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * One page of extracted content. PDF pages carry positioned `items`; inputs that already have
 * a table structure (HTML, tab-separated text) carry `rows` of cells instead, one per line.
 */
export interface ExtractedPage {
  page: number;
  width: number;
  height: number;
  method: Exclude<Method, 'narrative'>;
  /** Why the page took this route, e.g. 'text-layer', 'no-text-layer', 'garbled-text'. */
  route: string;
  /** Mean confidence of the page's items. */
  confidence: number;
  items: TextItem[];
  rules: Rule[];
  /** Pre-split lines (HTML/TXT inputs): each line is a list of cells; a prose line has one. */
  rows?: string[][];
}

/** `staged/<report_id>/pages.json`. */
export interface ExtractedDoc {
  report_id: string;
  kind: SourceKind;
  pages: ExtractedPage[];
  /** Pages routed to OCR (1-based). */
  ocr_pages: number[];
  warnings: string[];
  /**
   * Bounds that stopped extraction early (page count, OCR time, oversized images): the report
   * is incomplete, so each becomes an error finding and the status partial (or failed).
   */
  limits?: string[];
}

// ─── parse → staged/<id>/tables.json ────────────────────────────────────────────────────────

/** One row of a reconstructed table: a cell per column, as printed (already NFKC-normalised). */
export interface TableRow {
  page: number;
  cells: string[];
  method: Exclude<Method, 'narrative'>;
  /** Lowest item confidence in the row. */
  confidence: number;
  /** Per-cell confidences where known (OCR). */
  cell_conf?: number[];
  /**
   * Per-cell box on `page`: the union of the cell's glyph (or OCR word) boxes, in PDF points
   * with the origin at the top-left of the displayed page; null for an empty cell and for
   * inputs without geometry (HTML, text exports).
   */
  boxes?: (Box | null)[];
}

/** [x0, y0, x1, y1] in PDF points, origin top-left of the page as displayed. */
export type Box = [number, number, number, number];

/** A table found in the report (a template's or not), stitched across pages. */
export interface RawTable {
  /** 't01', 't02' … in the order the report prints its tables; stable for the same input. */
  id: string;
  /** The template table it is ('01'…'10', …), decided by parse/classify.ts; null when none. */
  table_code: string | null;
  /** Title as printed. */
  title: string;
  /** The 公开NN表 / 表N label printed on a line of its own, or null. */
  label: string | null;
  pages: number[];
  /** The table's declared money unit as printed: 元 / 万元 / 千元 / 亿元, or null if none. */
  unit_as_printed: string | null;
  /**
   * Column headers, one string per column: header rows joined top to bottom with '/', e.g.
   * '本年支出/基本支出', so a spanning group header stays with its leaves.
   */
  columns: string[];
  /**
   * Column indexes of each panel: a side-by-side part of the table with its own labels and
   * values (01/04 print income and expenditure side by side, 06 two or three 经济分类 panels).
   */
  panels: number[][];
  rows: TableRow[];
  /** True when the report prints the table but it has no data (e.g. '本表无数据'). */
  empty: boolean;
  /** Text around the table: notes (注：…), unit lines; used by normalise and validate. */
  notes: string[];
}

/** A table the classifier mapped onto a template's table. */
export type TemplateTable = RawTable & { table_code: string };

/** `staged/<report_id>/tables.json`. */
export interface ParsedDoc {
  report_id: string;
  tables: RawTable[];
  /** The report's prose, page by page (for metadata and narrative statements). */
  text: { page: number; lines: string[] }[];
  warnings: string[];
  /** Tables that could not be read (an unexpected error): the rest of the report still loads. */
  failures?: TableFailure[];
  /** Codes of the OCR'd tables read without the scanned ruling lines, their grid reading judged worse (parse/readings.ts). */
  text_reading?: string[];
}

/** A table whose reading failed, reported as an error finding on that table. */
export interface TableFailure {
  table_code: string | null;
  title: string;
  page: number | null;
  message: string;
}

// ─── cells → staged/<id>/cells.json ─────────────────────────────────────────────────────────

/**
 * A row of the `cells` table: one non-empty numeric cell of any table the parser found, as
 * printed (see docs/data-contract.md, "cells"). Facts point at it by cell_id.
 */
export interface CellRecord {
  report_id: string;
  /** 'p14-t03-r05-c2': page, table id, row and column index; stable for the same input. */
  cell_id: string;
  page: number;
  x0: number | null;
  y0: number | null;
  x1: number | null;
  y1: number | null;
  table_title: string;
  table_code: string | null;
  row_label: string | null;
  row_code: string | null;
  column_label: string;
  value_text: string;
  /** Decimal string in 元; null for quantities. */
  value_yuan: string | null;
  quantity: string | null;
  unit_as_printed: string | null;
  method: Exclude<Method, 'narrative'>;
  confidence: number;
}

/** `staged/<report_id>/cells.json`. */
export interface CellsDoc {
  report_id: string;
  cells: CellRecord[];
}

// ─── normalise → staged/<id>/facts.json ─────────────────────────────────────────────────────

/** A row of the `facts` table (see docs/data-contract.md). Money is a decimal string in 元. */
export interface Fact {
  report_id: string;
  table_code: string;
  table_name: string;
  item_code: string | null;
  item_name: string | null;
  item_level: ItemLevel | null;
  line_no: number | null;
  measure: string;
  /** Decimal string, exact, in 元 (e.g. '9404900.00'); null for quantities. */
  value_yuan: string | null;
  quantity: string | null;
  quantity_unit: string | null;
  value_text: string;
  unit_as_printed: string | null;
  page: number;
  method: Method;
  confidence: number;
  /** The cell the fact was read from (→ cells.cell_id); null for narrative facts. */
  cell_id?: string | null;
  /** The cell's box on `page` (PDF points, origin top-left); null where unknown. */
  x0?: number | null;
  y0?: number | null;
  x1?: number | null;
  y1?: number | null;
}

/** Whose report it is: a department's (部门决算/部门预算) or one unit's (单位决算/单位预算). */
export type ReportLevel = '部门' | '单位';

/** Report metadata; the `reports` table row minus the counts the loader fills in. */
export interface ReportMeta {
  report_id: string;
  source_url: string;
  source_sha256: string;
  file_name: string;
  department: string | null;
  fiscal_year: number | null;
  report_kind: '决算' | '预算' | null;
  /** 汇总 (consolidated) or 本级 (the department's own), where the report says. */
  scope: '汇总' | '本级' | null;
  /** 部门 (the department's report: 部门决算/部门预算) or 单位 (one unit's: 单位决算/单位预算), where the report says. */
  level: ReportLevel | null;
  province: string | null;
  city: string | null;
  county: string | null;
  unit_as_printed: string | null;
  pages: number;
  ocr_pages: number;
}

/** `staged/<report_id>/facts.json`. */
export interface NormalisedDoc {
  report: ReportMeta;
  facts: Fact[];
  /**
   * Figures stated in the report's prose (method 'narrative'). When the report has no tables
   * they are published as facts; when it has tables they are only cross-checks for validation.
   */
  narrative: Fact[];
  /** Findings made while normalising (unknown codes, unparseable numbers…). */
  findings: QualityFinding[];
  /**
   * OCR'd cells that read as no number (each also a `value.unreadable` finding), value_yuan null:
   * validate fills in those the identities pin down (validate/derive.ts). Absent in older files.
   */
  unread_ocr?: Fact[];
  /** Tables found printed empty, e.g. ['07', '08']; a missing table is absent from both lists. */
  tables_found: string[];
  tables_empty: string[];
  /** Titles of tables no template maps (kept in cells only); absent in older staged files. */
  tables_unmapped?: string[];
  /** Relations the prose states about its figures (normalise/narrative/claims.ts); validate checks them. */
  claims?: Claim[];
  /** The table titles the report's 目录 lists, with the table each names (null: not a standard table). */
  toc?: { title: string; table_code: string | null; page: number }[];
}

/** What a claim of the prose says; see pipeline/templates/claims.ts and docs/quality.md. */
export type ClaimKind = 'figure' | 'comparison' | 'completion' | 'share' | 'change' | 'count';

/** A figure the prose states, with the role it plays in a claim. */
export interface ClaimFigure {
  value_text: string;
  unit: string;
  /** Decimal string in 元. */
  value_yuan: string;
  page: number;
  /** What the figure is of, as printed (filler removed), e.g. '一般公共预算财政拨款支出'. */
  subject: string;
}

/** The table cell a claim is about: the identifying columns of a fact. */
export interface ClaimCell {
  table_code: string;
  item_code: string | null;
  line_no: number | null;
  item_name: string | null;
  measure: string;
}

/** One relation stated in the report's prose, with the figures it relates. */
export interface Claim {
  kind: ClaimKind;
  /** The sentence as printed (cleaned), quoted by findings. */
  sentence: string;
  page: number;
  subject: string;
  /** comparison: gt / lt / eq / about; change: up / down / flat; else null. */
  relation: string | null;
  /** The percentage or count as printed ('98.20', '2'); null for other kinds. */
  stated: string | null;
  /** Roles: value (figure), actual + budget (comparison, completion), part + whole (share), current + amount + prior (change). */
  figures: Partial<Record<'value' | 'actual' | 'budget' | 'part' | 'whole' | 'current' | 'amount' | 'prior', ClaimFigure>>;
  /** The table cell a figure claim states, when the narrative reader resolved it. */
  cell: ClaimCell | null;
  /** Further cells the same figure states (收入支出总计 is both 01 line 31 and line 62). */
  also_cells?: ClaimCell[];
  /** share: the base as named ('本年支出合计'); count: what is counted; figure: an item no template table holds. */
  base: string | null;
  /** Why figures the claim needs were not found in the prose; the claim is then unchecked. */
  note: string | null;
}

// ─── validate → staged/<id>/quality.json ────────────────────────────────────────────────────

/** A row of the `quality` table. */
export interface QualityFinding {
  report_id: string;
  check_id: string;
  severity: Severity;
  table_code: string | null;
  item_code: string | null;
  line_no: number | null;
  item_name: string | null;
  measure: string | null;
  /** Decimal strings in 元, for arithmetic checks. */
  expected: string | null;
  actual: string | null;
  message: string;
  /** Page the finding points at, where known. */
  page: number | null;
}

/** `staged/<report_id>/quality.json`. */
export interface QualityDoc {
  report_id: string;
  status: ReportStatus;
  /** 0–1: share of checks that held. */
  score: number;
  checks_run: number;
  checks_passed: number;
  /** Per-check tallies: how often each check ran and held. */
  checks?: { check_id: string; run: number; passed: number }[];
  /** Claims of the prose: found, checked (held or contradicted), contradicted, unchecked. */
  claims?: ClaimCounts;
  findings: QualityFinding[];
}

export interface ClaimCounts {
  found: number;
  checked: number;
  contradicted: number;
  unchecked: number;
}

// ─── run bookkeeping ────────────────────────────────────────────────────────────────────────

/** Outcome of one report through the pipeline, for the run summary and the ledger. */
export interface ReportOutcome {
  report_id: string | null;
  source: string;
  status: ReportStatus;
  n_facts: number;
  n_errors: number;
  n_warnings: number;
  message: string | null;
}

/** Where a run keeps its files. */
export interface DataDirs {
  root: string;
  raw: string;
  staged: string;
  output: string;
}

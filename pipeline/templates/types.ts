/**
 * What a report-family template says, as data: how to recognise the family and each of its
 * tables, the canonical codes, names and measures, how rows are keyed, and the identities
 * that check a report. Stages read templates through `index.ts`; none keeps table codes.
 * docs/templates.md explains how to add one.
 */

import type { ReportLevel } from '../types.ts';

export type KeyedBy = 'line_no' | 'item_code' | 'item_name';

/** Header wording → canonical measure, tried on the lowest header cell first, then the path. */
export type MeasureRule = [RegExp, string];

/** 行次 numbering of a two-sided summary table (01/04 of the 决算 template). */
export interface LineTemplate {
  /** First expenditure line; the function 类 follow in CLASS_ORDER from here. */
  expenditure_start: number;
  /** 总计 on the income / expenditure side. */
  grand_income: number;
  grand_expenditure: number;
  /** Income and closing lines by (cleaned) name; specific patterns first. */
  named: [RegExp, number][];
  /** Fund lines printed twice (04: 1–3 and again 29–31 after 年初…结转); the first line of each run. */
  fund_lines?: { patterns: RegExp[]; first: number; after_opening: number };
}

export interface TableSpec {
  table_code: string;
  table_name: string;
  /** Canonical measures in the template's column order. */
  measures: string[];
  /** Measures some provinces print beyond the template (an extension of the contract). */
  extra_measures?: string[];
  /** How rows are keyed: by 行次 (two-sided summary tables), by subject code, or by name. */
  keyed_by: KeyedBy;
  /** Title wordings (whitespace and quotes squeezed out); the longest match over all templates wins. */
  titles: string[];
  /** Regular expressions over the squeezed title, for wordings too varied for a fixed string. */
  title_patterns?: RegExp[];
  /**
   * Typical wordings of a table recognised by `title_patterns`, for OCR only: the tolerant
   * matcher (parse/fuzzy-title.ts) aligns a misread title with these, as with `titles`. Exact
   * matching of a text layer never reads them (it keeps to `titles` and `title_patterns`).
   */
  ocr_titles?: string[];
  /** Title words that rule the table out even when a title matches (e.g. 财政拨款 for B05). */
  title_excludes?: RegExp;
  measure_rules: MeasureRule[];
  /**
   * Value-column layouts a garbled header is read by (template order): `layouts[panel]` lists
   * the candidate measure lists of that panel; the one whose length matches the count wins.
   */
  layouts?: string[][][];
  /** Subject classification of item codes: 功能分类 (levels 类/款/项) or 经济分类 (no level). */
  classification?: 'function' | 'economic';
  /** Rows are the 三公 items (canonical names, count rows, the horizontal layout). */
  sangong?: boolean;
  /** A single printed 预算数 column is 年初 or 全年 by the note/prose (决算 09). */
  resolve_budget?: boolean;
  /** Cells are counts (vehicles, assets): no money unit. */
  quantities?: boolean;
  /** Two-sided table: the income panel's values all take this measure. */
  income_measure?: string;
  /** Two-sided table: a single amount column on the expenditure side is this measure (B04: 合计). */
  expenditure_amount?: string;
  /** 行次 numbering where a report prints none. */
  lines?: LineTemplate;
  /** Expenditure rows named by 类 (一般公共服务支出 …) take the 类 code. */
  class_names?: boolean;
  /** May be printed vertically: one value column, a row per measure, all of the total row. */
  transposable?: boolean;
  /** Words that tie a prose sentence to the table (an empty fund table explained in the text). */
  subject?: RegExp;
  /** Income | expenditure side by side, keyed by name: each side's 总计 is 收入总计 / 支出总计. */
  two_sided?: boolean;
  /**
   * Names (without their ordinal) the rows of a table keyed by name print on each side, for OCR:
   * a misread name within one misread of exactly one of them is read as it (normalise/labels.ts).
   */
  row_names?: { income: readonly string[]; expenditure: readonly string[] };
}

/** One equality between cells of a report, for the template's cross-table identities. */
export interface CellRef {
  table: string;
  /** Row key as the checks build it: `c:<code>`, `l:<line>`, `n:<name>`. */
  key: string;
  measure: string;
  sign?: 1 | -1;
}

export interface Identities {
  /** Function-coded tables: 类 = Σ 款 = Σ 项 (sum.children) and 合计 = Σ 类 (sum.total). */
  function_tables: string[];
  /** Economic-coded tables: 类 = Σ 款 (sum.children). */
  economic_tables: string[];
  /** Name of a coded table's total row. */
  total_row: string;
  /** Tables whose total row = Σ 类 rows (sum.total); default: the function tables. */
  total_tables?: string[];
  /**
   * Per-row column identities: total = Σ parts (sum.row). `if_printed`: only where the table
   * prints the total's column and one of the parts' (one-column layouts have no breakdown).
   */
  row_sums: { table: string; total: string; parts: string[]; if_printed?: boolean }[];
  /** Per-row balance: target = Σ signed terms (sum.row), e.g. 07 年末 = 年初 + 收入 − 支出. */
  row_balances?: { table: string; target: string; terms: { measure: string; sign: 1 | -1 }[] }[];
  /** 三公 tables: a total item = Σ its parts (sum.09). */
  sangong?: { table: string; sums: { total: string; parts: string[] }[] };
  /**
   * Coded tables that list every subject code their peers print (决算 02 and 03 list the same
   * codes; 05's general-budget codes are a subset of both). An OCR'd table lacking a code its
   * peers print with a non-zero value (in `measure`, when given) has lost that row (validate/lost.ts).
   */
  row_peers?: {
    table: string;
    peers: string[];
    /** Only codes the peers print non-zero in this measure (05 lists the codes 02 funds by 财政拨款). */
    measure?: string;
    /** Codes these tables print are not expected (their funding may be another budget's). */
    except?: string[];
  }[];
  /** Fixed equalities between cells (cross.*): target = Σ terms. */
  equalities?: { check: string; target: CellRef; terms: CellRef[]; what: string }[];
  /**
   * 类-wise equalities between a summary table and a detail table (cross.*): each 类 row of
   * the summary equals the detail's 类 row; the summary's total row equals the detail's total.
   */
  class_pairs?: {
    check: string;
    summary: { table: string; measure: string; total_key: string; line_of?: 'line_no' };
    detail: { table: string; measure: string; total_key: string };
  }[];
}

export interface ReportTemplate {
  /** Stable id, e.g. 'juesuan-2024', 'budget'. */
  family: string;
  report_kind: '决算' | '预算';
  /** Words of a table title or cover that mark this kind of report. */
  kind_words: RegExp;
  /**
   * Cover, 目录 and title wordings of the report's level (reports.level): a department's report
   * (部门决算) or one unit's (单位决算).
   */
  level_words: Record<ReportLevel, RegExp>;
  /** Title words that rule out every table of this family (决算 for a budget). */
  title_excludes?: RegExp;
  /**
   * Titles of tables the family prints that take no code (Jiangsu's all-funds 财政拨款支出预算表,
   * 机关运行经费, 政府采购): the OCR title matcher weighs them against the coded wordings, so a
   * misread one is never taken for its coded neighbour (parse/fuzzy-title.ts).
   */
  uncoded_titles?: string[];
  tables: Record<string, TableSpec>;
  /** Tables every report of the family publishes. */
  required: string[];
  identities: Identities;
}

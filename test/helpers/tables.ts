/**
 * Hand-built parse-stage artefacts (RawTable, ParsedDoc) for driving the normalise stage
 * without a PDF, and a compact view of the facts it returns.
 */
import { panelsOf } from '../../pipeline/canon.ts';
import { normalise } from '../../pipeline/normalise/index.ts';
import { validate } from '../../pipeline/validate/index.ts';
import type { Fact, NormalisedDoc, ParsedDoc, RawTable, SourceRecord, TemplateTable } from '../../pipeline/types.ts';

export interface TableSpec {
  /** Header label per column, group parts joined with '/', as parse produces them. */
  columns: string[];
  /** Body rows, one string per column; a row may be shorter (missing cells are blank). */
  rows: string[][];
  /** Panels; default: derived from the labels the way parse does (canon.panelsOf). */
  panels?: number[][];
  unit?: string | null;
  notes?: string[];
  title?: string;
  /** Page of every row (default 1), or one page per row. */
  page?: number | number[];
  /** How the rows were read (default 'text'). */
  method?: 'text' | 'ocr';
}

export function rawTable(code: string, spec: TableSpec): TemplateTable {
  const single = typeof spec.page === 'number' ? spec.page : 1;
  const pages = Array.isArray(spec.page) ? spec.page : spec.rows.map(() => single);
  return {
    id: 't01',
    table_code: code,
    label: null,
    title: spec.title ?? `公开${code}表`,
    pages: [...new Set(pages)].sort((a, b) => a - b),
    unit_as_printed: spec.unit === undefined ? '万元' : spec.unit,
    columns: spec.columns,
    panels: spec.panels ?? panelsOf(spec.columns.map((label) => ({ label }))),
    rows: spec.rows.map((cells, i) => ({
      page: pages[i] ?? 1,
      cells: spec.columns.map((_, c) => cells[c] ?? ''),
      method: spec.method ?? ('text' as const),
      confidence: 1,
    })),
    empty: false,
    notes: spec.notes ?? [],
  };
}

/** The header of a function-classified expenditure table (05, 03, B05) as most reports print it. */
export const COLUMNS_05 = ['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'];

export const TEST_REPORT_ID = '0123456789abcdef';

export function sourceRecord(overrides: Partial<SourceRecord> = {}): SourceRecord {
  return {
    report_id: TEST_REPORT_ID,
    source_url: '/tmp/test.pdf',
    source_sha256: TEST_REPORT_ID.padEnd(64, '0'),
    file_name: 'test.pdf',
    raw_path: `raw/${TEST_REPORT_ID}.pdf`,
    kind: 'pdf',
    bytes: 1,
    ...overrides,
  };
}

/** Run the normalise stage over hand-built tables (and optional prose lines). */
export function normaliseTables(tables: RawTable[], prose: string[] = []): NormalisedDoc {
  const parsed: ParsedDoc = {
    report_id: TEST_REPORT_ID,
    tables,
    text: prose.length ? [{ page: 1, lines: prose }] : [],
    warnings: [],
  };
  return normalise(parsed, sourceRecord({ hints: { fiscal_year: '2024' } }), { pages: 1, ocr_pages: 0 });
}

/** The fields of a fact that the tests compare, in a fixed order. */
export interface FactView {
  table_code: string;
  item_code: string | null;
  item_name: string | null;
  item_level: string | null;
  line_no: number | null;
  measure: string;
  value_yuan: string | null;
}

export function view(f: Fact): FactView {
  return {
    table_code: f.table_code,
    item_code: f.item_code,
    item_name: f.item_name,
    item_level: f.item_level,
    line_no: f.line_no,
    measure: f.measure,
    value_yuan: f.value_yuan,
  };
}

/** Facts of one table, reduced to their key and value. */
export function factsOf(doc: NormalisedDoc, table: string): FactView[] {
  return doc.facts.filter((f) => f.table_code === table).map(view);
}

/**
 * A 元 budget's B04 (page 2) and B05 (page 3), OCR'd: B04 prints each 类's 一般公共预算 that B05
 * prints as its 合计, on another page. `total221` is what OCR read for B04 221 合计.
 */
export function copiedAcrossPages(total221: string): TemplateTable[] {
  const b04 = rawTable('B04', {
    columns: ['收入/项目', '收入/预算数', '支出/项目', '支出/合计', '支出/一般公共预算', '支出/政府性基金预算', '支出/国有资本经营预算'],
    rows: [
      ['一、一般公共预算资金', '8,982,399.00', '一、一般公共服务支出', '100,000.00', '100,000.00', '', ''],
      ['', '', '二、住房保障支出', total221, '8,882,399.00', '', ''],
      ['收入总计', '8,982,399.00', '支出总计', '8,982,399.00', '8,982,399.00', '', ''],
    ],
    unit: '元',
    method: 'ocr',
    page: 2,
  });
  const b05 = rawTable('B05', {
    columns: COLUMNS_05,
    rows: [
      ['201', '一般公共服务支出', '100,000.00', '100,000.00', ''],
      ['221', '住房保障支出', '8,882,399.00', '8,000,000.00', '882,399.00'],
    ],
    unit: '元',
    method: 'ocr',
    page: 3,
  });
  return [b04, b05];
}

/** One hand-built table normalised and validated; `cell` finds a fact of it by item code and measure. */
export function validateTable(code: string, spec: TableSpec) {
  const doc = normaliseTables([rawTable(code, spec)]);
  const q = validate(doc);
  const cell = (item: string, measure: string): Fact | undefined => doc.facts.find((f) => f.item_code === item && f.measure === measure);
  return { doc, q, cell };
}

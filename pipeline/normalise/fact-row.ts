/**
 * What every table's facts are made of: the context a table is read in, the row key, building
 * one Fact from a cell, and findings pointing at a row. Shared by facts.ts (all tables),
 * sangong.ts (table 09) and codes.ts (subject codes).
 */
import { tableSpec } from '../templates/index.ts';
import type { Fact, ItemLevel, QualityFinding, TemplateTable, TableRow } from '../types.ts';
import { cellId } from './cells.ts';
import { toYuan } from './numbers.ts';

export interface TableContext {
  report_id: string;
  fiscal_year: number | null;
  /** Unit to assume when the table declares none (the report's usual unit). */
  default_unit: string;
  /** Report prose, for table notes that live outside the table (09's budget wording). */
  prose: string[];
}

export interface TableFacts {
  facts: Fact[];
  findings: QualityFinding[];
  /** OCR'd cells that read as no number, value_yuan null (NormalisedDoc.unread_ocr). */
  unread?: Fact[];
}

export interface RowKey {
  item_code: string | null;
  name: string | null;
  line_no: number | null;
  /** The row's code, remembered so a following row with a blank 类 cell can inherit it. */
  codeParts?: string;
  /** The row counts things (vehicles, visits, persons): its cells are quantities, not money. */
  quantity?: boolean;
}

const LEVEL_BY_LENGTH: Record<number, ItemLevel> = { 3: '类', 5: '款', 7: '项' };

/** 类/款/项 of a 功能分类 code by its length; null for any other length. */
export function levelOf(code: string): ItemLevel | null {
  return LEVEL_BY_LENGTH[code.length] ?? null;
}
export function makeFact(ctx: TableContext, table: TemplateTable, key: RowKey, measure: string, value: import('decimal.js').Decimal, text: string, unit: string, row: TableRow, col: number): Fact {
  const spec = tableSpec(table.table_code);
  const isQuantity = spec?.quantities === true || key.quantity === true;
  const rowIndex = table.rows.indexOf(row);
  const box = row.boxes?.[col] ?? null;
  const code = key.item_code;
  // 经济分类 codes carry no 类/款/项 level in the contract.
  const functional = code && spec?.classification !== 'economic';
  return {
    report_id: ctx.report_id,
    table_code: table.table_code,
    table_name: spec?.table_name ?? table.title,
    item_code: code,
    item_name: key.name,
    item_level: functional ? levelOf(code) : null,
    line_no: key.line_no,
    measure,
    value_yuan: isQuantity ? null : toYuan(value, unit),
    quantity: isQuantity ? value.toFixed(2) : null,
    quantity_unit: isQuantity ? quantityUnit(key.name) : null,
    value_text: text.trim(),
    unit_as_printed: isQuantity ? null : unit,
    page: row.page,
    method: row.method,
    confidence: row.cell_conf?.[col] ?? row.confidence,
    cell_id: rowIndex >= 0 ? cellId(table, row, rowIndex, col) : null,
    x0: box?.[0] ?? null,
    y0: box?.[1] ?? null,
    x1: box?.[2] ?? null,
    y1: box?.[3] ?? null,
  };
}

/** '一、车辆数合计(台、辆)' → '台、辆'. */
function quantityUnit(name: string | null): string | null {
  const m = /[(（]([^()（）]*)[)）]$/.exec(name ?? '');
  return m ? m[1]! : null;
}

export function describeKey(key: RowKey): string {
  return key.item_code ? `item ${key.item_code}` : key.line_no !== null ? `line ${key.line_no}` : `'${key.name ?? ''}'`;
}

export function finding(
  ctx: TableContext,
  table: TemplateTable,
  check_id: string,
  severity: QualityFinding['severity'],
  message: string,
  page: number | null = table.pages[0] ?? null,
  key?: Partial<RowKey> & { measure?: string },
): QualityFinding {
  return {
    report_id: ctx.report_id,
    check_id,
    severity,
    table_code: table.table_code,
    item_code: key?.item_code ?? null,
    line_no: key?.line_no ?? null,
    item_name: key?.item_code || key?.line_no ? null : (key?.name ?? null),
    measure: key?.measure ?? null,
    expected: null,
    actual: null,
    message,
    page,
  };
}

/** Unreadable values in one table from which its cells are taken to have run together (runTogether). */
const RUN_TOGETHER_MIN_VALUES = 3;

/**
 * Several values of one table that are not numbers ('1,414.13 302商品和服务') mean its cells
 * ran together: a panel's code and name read into the next column. The rows that panel held
 * are then missing without a finding of their own, since their labels were never cells: say
 * so once for the whole table.
 */
export function runTogether(table: TemplateTable, ctx: TableContext, out: TableFacts) {
  const n = out.findings.filter((f) => f.check_id === 'value.unreadable' && f.severity === 'error').length;
  if (n < RUN_TOGETHER_MIN_VALUES) return [];
  const pages = table.pages.join(',');
  return [finding(ctx, table, 'table.values_unreadable', 'warning', `${n} values of table ${table.table_code} (page${table.pages.length > 1 ? 's' : ''} ${pages}) are not numbers: its cells ran together, so rows of it may be missing; check the table against the page`)];
}

/** OCR'd values under an unknown column: from this many on, the findings' rows are no guide. */
const UNPLACED_MIN_VALUES = 2;

/**
 * OCR'd values under columns that name no known measure were not loaded, each said on the row
 * it was read on. When the header is garbled that row may be the wrong one (a two-sided table
 * read as one panel files the expenditure side's values under the income lines), so the rows
 * the values belong to would be missing without a finding: say so once for the whole table.
 */
export function unplacedValues(table: TemplateTable, ctx: TableContext, out: TableFacts) {
  if (!table.rows.some((r) => r.method === 'ocr')) return [];
  const n = out.findings.filter((f) => f.check_id === 'measure.unknown' && f.item_code === null && (f.line_no !== null || f.item_name !== null)).length;
  if (n < UNPLACED_MIN_VALUES) return [];
  return [finding(ctx, table, 'measure.unknown', 'warning', `${n} values of table ${table.table_code} (page ${table.pages.join(',')}) are under columns whose header names no known measure and were not loaded; the rows they belong to may be missing: check the table's header against the page`)];
}

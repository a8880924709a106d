/**
 * Two-sided summary tables read by OCR (budget B01/B04, 决算 01/04): which panel is a side, the
 * row names a side prints, and a total's label that OCR placed over an amount column. Used by
 * facts.ts; the rules are on OCR'd rows only (docs/ocr-rows.md).
 */
import type { TableSpec } from '../templates/index.ts';
import type { TableRow, TemplateTable } from '../types.ts';
import type { SideNames } from './labels.ts';

/** What these rules need of a panel: its label columns and its value columns. */
interface PanelCols {
  labels: number[];
  values: { col: number }[];
}

/** The names the template lists for a side, and the other side's (labels.ts). */
export function sideNames(spec: TableSpec, side: 'income' | 'expenditure'): SideNames {
  const names = spec.row_names!;
  return side === 'income' ? { own: names.income, other: names.expenditure } : { own: names.expenditure, other: names.income };
}

/** A panel of no label column and no amount: marks OCR read beside a table ('1', '须'), not a side of it. */
export function isMarginPanel(table: TemplateTable, panel: PanelCols): boolean {
  return !panel.labels.length && !panel.values.some((v) => table.rows.some((r) => /\d[.,]\d/.test(r.cells[v.col] ?? '')));
}

/**
 * Words OCR placed in a value column of a two-sided table's OCR'd row whose label cells are
 * blank ('当年支出小计', printed across both expenditure panels of Jiangsu's 收支预算总表, over
 * the first panel's amount column): the row's label, not an amount. A rule read as '一一' is no word.
 */
export function spanningWords(spec: TableSpec, row: TableRow, panel: PanelCols): string[] {
  if (!spec.two_sided || row.method !== 'ocr' || panel.labels.some((c) => (row.cells[c] ?? '').trim())) return [];
  return panel.values.map((v) => (row.cells[v.col] ?? '').trim()).filter((t) => /\p{Script=Han}{2}/u.test(t) && !/\d/.test(t) && !/^[一二十丨|\-—_.·]+$/u.test(t));
}

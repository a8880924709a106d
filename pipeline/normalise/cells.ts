/**
 * The lossless `cells` layer: every non-empty numeric cell of every table the parser found,
 * whether or not a template knows the table, with the row label and code, the column's header
 * path, the exact value and the cell's box on the page. Facts point at these cells by cell_id.
 */
import { columnRole } from '../canon.ts';
import type { CellRecord, CellsDoc, ParsedDoc, RawTable, TableRow } from '../types.ts';
import { codeParts } from './codes.ts';
import { ocrAmount, parseAmount, toYuan } from './numbers.ts';

/** A row or column that counts things (vehicles, persons, batches, floor space): its numbers are quantities, not money. */
const COUNT_LABEL = /数量|人数|人次|车辆数|批次|团组|个数|[(（][^)）]*(个|人|辆|台|次|套|件|平方米|处)[^)）]*[)）]/;

/** The id of a table cell, shared by `cells` and the facts read from it: page, table, row, column. */
export function cellId(table: Pick<RawTable, 'id'>, row: TableRow, rowIndex: number, col: number): string {
  return `p${row.page}-${table.id}-r${rowIndex}-c${col}`;
}

/**
 * Cells of every table. A table whose cells cannot be built (an unexpected error) loses only
 * its own cells, and `onError` says which.
 */
export function buildCells(parsed: ParsedDoc, report: { report_id: string; unit_as_printed: string | null }, fallbackUnit: string, onError: (table: RawTable, err: Error) => void): CellsDoc {
  const cells: CellRecord[] = [];
  for (const table of parsed.tables) {
    try {
      cells.push(...tableCells(table, report.report_id, table.unit_as_printed ?? report.unit_as_printed ?? fallbackUnit));
    } catch (err) {
      onError(table, err as Error);
    }
  }
  return { report_id: parsed.report_id, cells };
}

interface PanelCols {
  labels: number[];
  values: number[];
}

function tableCells(table: RawTable, reportId: string, unit: string): CellRecord[] {
  const out: CellRecord[] = [];
  // A column no template word marks as a label but that holds only text (采购组织形式) labels
  // the row too: nothing a row prints is lost from its label.
  const textual = (c: number) => table.rows.some((r) => (r.cells[c] ?? '').trim()) && !table.rows.some((r) => isNumber(r.cells[c]));
  // A column counting its rows (序号, a 行次 whose header was lost: 1, 2, 3 …) numbers rows,
  // it prints no value.
  const counting = (c: number) => isRowCounter(table.rows.map((r) => (r.cells[c] ?? '').trim()).filter(Boolean));
  const panels: PanelCols[] = (table.panels.length ? table.panels : [table.columns.map((_, i) => i)]).map((cols) => ({
    labels: cols.filter((c) => columnRole(table.columns[c] ?? '') === 'label' || (columnRole(table.columns[c] ?? '') !== 'line' && textual(c))),
    values: cols.filter((c) => ['value', 'empty'].includes(columnRole(table.columns[c] ?? '')) && !textual(c) && !counting(c)),
  }));
  const prevCodes = panels.map(() => '');
  table.rows.forEach((row, r) => {
    const keys = panels.map((panel, p) => {
      const key = rowKey(table, row, panel, prevCodes[p]!);
      if (key.code) prevCodes[p] = key.code;
      return key;
    });
    panels.forEach((panel, p) => {
      // A label printed across two panels (当年支出小计 over both expenditure panels) sits in
      // the panel left of its value.
      let key = keys[p]!;
      for (let q = p - 1; q >= 0 && !key.label && !key.code; q--) if (!panels[q]!.values.some((c) => isNumber(row.cells[c]))) key = keys[q]!;
      for (const col of panel.values) {
        const cell = valueCell(table, row, r, col, key, unit, reportId);
        if (cell) out.push(cell);
      }
    });
  });
  return out;
}

/** Fewest cells that make a column of consecutive whole numbers a row counter rather than chance. */
const MIN_COUNTER_CELLS = 3;

function isRowCounter(texts: string[]): boolean {
  return texts.length >= MIN_COUNTER_CELLS && texts.every((t, i) => /^\d{1,3}$/.test(t) && (i === 0 || Number(t) === Number(texts[i - 1]) + 1));
}

function isNumber(text: string | undefined): boolean {
  return parseAmount(text).kind === 'number';
}

interface Key {
  label: string | null;
  code: string | null;
}

/** The row's label as printed (label cells joined with '/') and its subject code (split 类/款/项 joined). */
function rowKey(table: RawTable, row: TableRow, panel: PanelCols, prevCode: string): Key {
  const labelCells = panel.labels.map((c) => ({ text: (row.cells[c] ?? '').trim(), header: table.columns[c]!.split('/').pop() ?? '' }));
  const { code } = codeParts(labelCells, prevCode);
  const names = labelCells.map((c) => codeParts([c], '').name).filter((n): n is string => !!n);
  const label = names.map((n) => n.normalize('NFKC').replace(/\s/g, '')).join('/');
  return { label: label || null, code };
}

function valueCell(table: RawTable, row: TableRow, r: number, col: number, key: Key, unit: string, reportId: string): CellRecord | null {
  const text = (row.cells[col] ?? '').trim();
  const amount = row.method === 'ocr' ? ocrAmount(text) : parseAmount(text);
  if (amount.kind !== 'number') return null;
  const column = table.columns[col] ?? '';
  const quantity = COUNT_LABEL.test(column) || COUNT_LABEL.test(key.label ?? '');
  const box = row.boxes?.[col] ?? null;
  return {
    report_id: reportId,
    cell_id: cellId(table, row, r, col),
    page: row.page,
    x0: box?.[0] ?? null,
    y0: box?.[1] ?? null,
    x1: box?.[2] ?? null,
    y1: box?.[3] ?? null,
    table_title: table.title.normalize('NFKC').replace(/\s/g, ''),
    table_code: table.table_code,
    row_label: key.label,
    row_code: key.code,
    column_label: column,
    value_text: text,
    value_yuan: quantity ? null : toYuan(amount.value, unit),
    quantity: quantity ? amount.value.toFixed(2) : null,
    unit_as_printed: quantity ? null : unit,
    method: row.method,
    confidence: row.cell_conf?.[col] ?? row.confidence,
  };
}

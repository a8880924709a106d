/**
 * 行次 an OCR'd row lost ('1' read as '目', '7' as '了', or nothing), from the rows around it:
 * the column numbers its rows consecutively, so a row between printed lines a and b, with as
 * many unread line cells between them as numbers missing, takes its place in the run. Wrapped
 * label lines (no line cell, no value) do not count. Only when neither the printed number nor
 * the template's line for the row's label is readable.
 */
import type { TableSpec } from '../templates/index.ts';
import type { TableRow } from '../types.ts';
import { parseAmount } from './numbers.ts';
import { templateLine } from './template.ts';

/** The lines OCR'd rows can take from their neighbours, by row. */
export function linesByNeighbours(rows: TableRow[], lineCol: number, valueCols: number[], labelCols: number[] = []): Map<TableRow, number> {
  const out = new Map<TableRow, number>();
  const read = (r: TableRow) => {
    const m = /^\d{1,2}$/.exec((r.cells[lineCol] ?? '').trim());
    return m ? Number(m[0]) : null;
  };
  // Rows that hold a line number, read or not: a printed line cell, or a value.
  const numbered = rows.filter((r) => (r.cells[lineCol] ?? '').trim() !== '' || valueCols.some((c) => parseAmount(r.cells[c]).kind !== 'empty'));
  for (let i = 0; i < numbered.length; i++) {
    const row = numbered[i]!;
    if (row.method !== 'ocr' || read(row) !== null) continue;
    let k = i + 1;
    while (k < numbered.length && read(numbered[k]!) === null) k++;
    let j = i - 1;
    while (j >= 0 && read(numbered[j]!) === null) j--;
    const after = k < numbered.length ? read(numbered[k]!)! : null;
    const before = j >= 0 ? read(numbered[j]!)! : null;
    // The run's start: the printed line before, or (at the top) the line after less the rows
    // between — only when no labelled row lies between them (a row whose 行次 OCR lost
    // entirely cannot be told from a wrapped label line, and there is no line above to check).
    const start = before ?? (after !== null && !labelledBetween(rows, row, numbered[k]!, labelCols) ? after - (k - j) : null);
    if (start === null || start < 0) continue;
    if (after !== null && after - start !== k - j) continue;
    out.set(row, start + (i - j));
  }
  return out;
}

function labelledBetween(rows: TableRow[], from: TableRow, to: TableRow, labelCols: number[]): boolean {
  const lo = rows.indexOf(from);
  const hi = rows.indexOf(to);
  return rows.slice(lo + 1, hi).some((r) => labelCols.some((c) => (r.cells[c] ?? '').trim() !== ''));
}

/**
 * A 行次 OCR read into the label column, alone ('8') or after the name ('本年收入合计27'): the
 * name without it gives the line where it names one; else the number is the line when it lies on
 * the row's side of the template's numbering.
 */
export function gluedLine(tableCode: string, spec: TableSpec, side: 'income' | 'expenditure', sided: boolean, name: string, afterOpening: boolean): number | null {
  const m = /^(\D*?)\s*(\d{1,2})$/.exec(name);
  if (!m || !spec.lines) return null;
  const named = m[1] ? templateLine(tableCode, side, m[1], afterOpening) : null;
  if (named !== null) return named;
  const n = Number(m[2]);
  if (n < 1 || n > spec.lines.grand_expenditure) return null;
  return sided && side !== (n < spec.lines.expenditure_start ? 'income' : 'expenditure') ? null : n;
}

/**
 * Marks OCR reads beside a table — a pen stroke or a speck in the margin read as '1', '0' or
 * '浆' — taken off a region's OCR'd lines before columns and rows are built (docs/ocr-rows.md).
 */
import { isMoney } from './cells.ts';
import { median, type Cell, type Line } from './lines.ts';

/** What a table cell prints: words or an amount. */
function isTableText(cell: Cell): boolean {
  return /\p{Script=Han}{2}/u.test(cell.text) || isAmount(cell);
}

function isAmount(cell: Cell): boolean {
  return isMoney(cell.text) && /[.,]\d/.test(cell.text);
}

/**
 * A mark OCR reads out of a pen stroke or a speck: digits or punctuation, no amount; in the body
 * also one or two characters ('浆'). A header keeps its short pieces: a header word broken by a
 * faint scan leaves single characters ('入') beside the table's last column.
 */
function isMark(cell: Cell, header: boolean): boolean {
  const t = cell.text.replace(/\s/g, '');
  return !isAmount(cell) && (!/\p{Script=Han}/u.test(t) || (!header && [...t].length <= 2));
}

/** A margin mark lies this many text heights beyond the table's words and amounts. */
const MARGIN_GAP_HEIGHTS = 2;
/** Cells beyond the table's words that are a few marks, not a column: at most this many, or this share of the body lines. */
const MARGIN_MARKS_MAX = 3;
const MARGIN_MARKS_SHARE = 0.25;

/**
 * OCR'd lines without the marks OCR read beside the table: a pen stroke or a speck in the
 * margin read as '1', '0' or '浆', well left or right of every word and amount of the table, would be
 * a column of its own — a panel before the income side of a two-sided table, which then reads
 * as its expenditure side. Text-layer lines are kept whole.
 */
export function withoutMarginMarks(header: Line[], body: Line[]): { header: Line[]; body: Line[] } {
  const text = [...header, ...body].filter((l) => l.method === 'ocr').flatMap((l) => l.cells.filter(isTableText));
  if (!text.length) return { header, body };
  const gap = MARGIN_GAP_HEIGHTS * median(text.map((c) => c.h));
  const left = Math.min(...text.map((c) => c.x0)) - gap;
  const right = Math.max(...text.map((c) => c.x1)) + gap;
  const beyond = (c: Cell) => c.x1 < left || c.x0 > right;
  const ocr = (lines: Line[]) => lines.filter((l) => l.method === 'ocr');
  // A column of codes printed left of the names holds a cell on most rows; marks are a few.
  const outside = [...ocr(header), ...ocr(body)].flatMap((l) => l.cells.filter(beyond));
  if (outside.length > Math.max(MARGIN_MARKS_MAX, MARGIN_MARKS_SHARE * body.length)) return { header, body };
  const clean = (lines: Line[], inHeader: boolean) => {
    const mark = (c: Cell) => isMark(c, inHeader) && beyond(c);
    return lines.map((l) => (l.method === 'ocr' && l.cells.some(mark) ? { ...l, cells: l.cells.filter((c) => !mark(c)) } : l));
  };
  return { header: clean(header, true), body: clean(body, false) };
}

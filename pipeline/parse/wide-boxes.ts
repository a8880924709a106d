/**
 * OCR'd amounts whose box is much wider than their text (a seal, a lost rule or a speck widened
 * it: '49.33' over [426, 490] where the column's amounts end at 453): the box's overlap then
 * picks the wrong column. The text sits at one end of the box; the end whose right edge meets a
 * column's typical right edge (amounts are right-aligned) is where it is printed.
 */
import { DECIMAL, isMoney } from './cells.ts';
import { columnOf, type Column } from './columns.ts';
import { median, type Cell, type Line } from './lines.ts';

/** A box this many times wider than its text's typical width is widened. */
const WIDE_BOX_FACTOR = 1.6;
/** How far (in typical character widths) a right end may be from its column's typical right edge. */
const EDGE_SLACK_CHARS = 2;

const isAmount = (c: Cell) => isMoney(c.text) && /\d/.test(c.text);

/** The body's OCR'd amount cells placed by the end of their widened box where the column's amounts end. */
export function reanchorWideAmounts(body: Line[], cols: Column[]): Line[] {
  if (!body.some((l) => l.method === 'ocr')) return body;
  const amounts = body.flatMap((l) => l.cells).filter((c) => isAmount(c) && DECIMAL.test(c.text));
  if (amounts.length < cols.length) return body;
  const perChar = median(amounts.map((c) => (c.x1 - c.x0) / c.text.length));
  const textWidth = (c: Cell) => perChar * c.text.length;
  const wide = (c: Cell) => c.x1 - c.x0 > WIDE_BOX_FACTOR * textWidth(c);
  const rightEdges = cols.map((_, i) => {
    const xs = amounts.filter((c) => !wide(c) && columnOf(cols, c) === i).map((c) => c.x1);
    return xs.length ? median(xs) : null;
  });
  const place = (c: Cell): Cell => {
    if (!isAmount(c) || !wide(c)) return c;
    const w = textWidth(c);
    const ends = [
      { ...c, x1: c.x0 + w },
      { ...c, x0: c.x1 - w },
    ].map((e) => {
      const edge = rightEdges[columnOf(cols, e)];
      return { e, off: edge === null || edge === undefined ? Infinity : Math.abs(e.x1 - edge) };
    });
    const fits = ends.filter((x) => x.off <= EDGE_SLACK_CHARS * perChar);
    // One end fits a column's amounts and the other does not: the text is there.
    if (fits.length !== 1) return c;
    return columnOf(cols, fits[0]!.e) === columnOf(cols, c) ? c : fits[0]!.e;
  };
  return body.map((l) => (l.method === 'ocr' ? { ...l, cells: l.cells.map(place) } : l));
}

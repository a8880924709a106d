/**
 * Columns of a table page and their header labels. From the vertical ruling lines where the
 * PDF draws them; else from the header's lowest cells, moved into the gaps the body leaves and
 * split where values line up in more columns than the header shows. Header labels are stacked
 * top to bottom: a cell spanning several columns is a group ('本年支出/基本支出'), a cell over
 * one column is part of a wrapped word ('本年收'+'入合计').
 */
import { columnRole } from '../canon.ts';
import type { Rule } from '../types.ts';
import { DECIMAL, isMoney } from './cells.ts';
import { clusterBy, covered } from './geometry.ts';
import { median, type Cell, type Line } from './lines.ts';
import { riverBorder, splitByValueColumns } from './value-columns.ts';

export interface Column {
  x0: number;
  x1: number;
  label: string;
}

/** A vertical rule must run through this share of the body's height to count as a column border. */
const COLUMN_RULE_COVERAGE = 0.5;

/** Share of a column's cells that must be codes or names before its content overrides its header. */
const CONTENT_ROLE_SHARE = 0.8;

/**
 * A header misread by OCR ('异椿缉码' for 科目编码) would make a label column look like a value
 * column and split the table into false panels. A column whose body cells are subject codes or
 * names, and never amounts, is a label column whatever its header says.
 */
/** Share of an OCR'd label column's cells that may read as amounts (shifted from the next column). */
const OCR_STRAY_AMOUNTS_SHARE = 0.1;

/** An OCR'd piece of a merged code-and-name column: a code or a 款/项 segment (junk around it), or a name after one. */
const SPLIT_CODE_OR_NAME = /^[\d[\]|:：.!！丨]*\p{Script=Han}|^[[\]|:：.!！丨]*\d{2,7}[[\]|:：.!！丨]*$/u;
/** …of which names must be this share at least (a column of 行次 or segments alone is none). */
const NAMES_MIN_SHARE = 0.2;

/** A segment column needs this many cells: one '01' could be anything. */
const SEGMENT_MIN_CELLS = 2;

export function relabelByContent(cols: Column[], body: Line[]): void {
  const texts: string[][] = cols.map(() => []);
  for (const l of body) for (const c of l.cells) texts[columnOf(cols, c)]?.push(c.text.replace(/\s/g, ''));
  const ocr = body.some((l) => l.method === 'ocr');
  cols.forEach((col, i) => {
    const cells = texts[i]!.filter(Boolean);
    if (ocr && columnRole(col.label) === 'label' && cells.length >= 3) col.label = wrappedAmountHeader(col.label, cells);
    if (ocr && isStrayGroupWord(cols, i, cells)) {
      col.label = '';
      return;
    }
    if (columnRole(col.label) === 'label' || cells.length < 3) return;
    // OCR puts the odd amount into the name column (a row's cells shifted by a skewed line).
    const amounts = cells.filter((t) => isMoney(t) && DECIMAL.test(t)).length;
    if (amounts > (ocr ? OCR_STRAY_AMOUNTS_SHARE * cells.length : 0)) return;
    const codes = cells.filter((t) => /^\d{3}(\d{2}){0,2}\D*$/.test(t)).length;
    const names = cells.filter((t) => /^\p{Script=Han}/u.test(t)).length;
    if (codes >= CONTENT_ROLE_SHARE * cells.length) col.label = col.label ? `${col.label}/科目编码` : '科目编码';
    else if (names >= CONTENT_ROLE_SHARE * cells.length) col.label = col.label ? `${col.label}/科目名称` : '科目名称';
    // OCR merges a split code's columns with the names ('201 05!统计信息事务' under '类款项'): codes, names and both.
    else if (ocr && columnRole(col.label) !== 'line' && names >= NAMES_MIN_SHARE * cells.length && cells.filter((t) => SPLIT_CODE_OR_NAME.test(t)).length >= CONTENT_ROLE_SHARE * cells.length) {
      col.label = col.label ? `${col.label}/科目名称` : '科目名称';
    }
  });
  relabelSegments(cols, texts);
}

/**
 * An OCR'd header whose lowest cell is a bare 收入 or 支出 over a column of amounts is the end of
 * a wrapped word ('财政拨款' / '收入') whose first line OCR read into one cell with its
 * neighbour's ('本年收入「财政拨款' over both columns): not the income side's label column, which
 * would start a panel of its own and cut every row of the table in two. The leaf takes the
 * group's last word back ('财政拨款收入').
 */
const WORD_LOST = '…';

/** Share of a column's cells that must be amounts when no other cell is a label (the rest OCR's dashes and specks). */
const AMOUNTS_AMONG_JUNK_SHARE = 0.5;

/** A column of amounts: most cells are, or about half when the others are junk ('一', '上-.', a 行次 overflowing) and none a label. */
function amountsOnly(cells: string[]): boolean {
  const amounts = cells.filter((t) => isMoney(t) && DECIMAL.test(t)).length;
  if (amounts >= CONTENT_ROLE_SHARE * cells.length) return true;
  return amounts >= AMOUNTS_AMONG_JUNK_SHARE * cells.length && !cells.some((t) => /\p{Script=Han}{2}/u.test(t));
}

function wrappedAmountHeader(label: string, cells: string[]): string {
  const parts = label.split('/');
  const leaf = parts.pop()!;
  if (!/^(收入|支出)$/.test(leaf) || !amountsOnly(cells)) return label;
  // No group read (the word's first line lost or read elsewhere): '…收入', an amount column whose
  // header is cut, which normalise places by position.
  const word = /\p{Script=Han}+$/u.exec(parts[parts.length - 1] ?? '')?.[0] ?? WORD_LOST;
  return [...parts, `${word}${leaf}`].join('/');
}

/**
 * An OCR'd column right of an amount column, headed by a bare 收入 or 支出 and holding no label
 * and no amount (a group word, '支出' over 合计 | 一般公共预算财政拨款 …, read as a column of its
 * own between them): no label column. It had started a panel, and the amounts right of it lost
 * their rows' labels (04's expenditure side).
 */
function isStrayGroupWord(cols: Column[], i: number, cells: string[]): boolean {
  const leaf = cols[i]!.label.split('/').pop() ?? '';
  if (i === 0 || !/^(收入|支出)$/.test(leaf) || columnRole(cols[i - 1]!.label) !== 'value') return false;
  // A lone '一' or '二' is OCR's reading of a dash, no label.
  return !cells.some((t) => /\p{Script=Han}{2}/u.test(t) || (isMoney(t) && DECIMAL.test(t)));
}

/**
 * Split subject codes print 类 | 款 | 项 in three columns; OCR misreads a one-character header
 * easily ('顺' for 项), and a 款/项 column whose header is not a label word splits the table into
 * false panels. A column of one- or two-digit numbers right of a code column is the next segment
 * (行次 columns hold such numbers too, but sit right of the names, not of a code).
 */
function relabelSegments(cols: Column[], texts: string[][]): void {
  const isCodeCol = (i: number) => {
    const cells = texts[i]?.filter(Boolean) ?? [];
    return cells.length > 0 && cells.every((t) => /^\d{3}(\d{2}){0,2}$/.test(t));
  };
  const isSegCol = (i: number) => {
    const cells = texts[i]?.filter(Boolean) ?? [];
    return cells.length >= SEGMENT_MIN_CELLS && cells.every((t) => /^\d{1,2}$/.test(t));
  };
  for (let i = 1; i < cols.length; i++) {
    const col = cols[i]!;
    if (columnRole(col.label) === 'label' || !isSegCol(i)) continue;
    const leftLeaf = cols[i - 1]!.label.split('/').pop();
    if (isCodeCol(i - 1) || leftLeaf === '类') col.label = col.label ? `${col.label}/款` : '款';
    else if (isSegCol(i - 1) && (leftLeaf === '款' || isCodeCol(i - 2))) col.label = col.label ? `${col.label}/项` : '项';
  }
}


export function gridColumns(header: Line[], body: Line[], stubs: Line[] = []): Column[] {
  const width = Math.max(0, ...[...header, ...body].flatMap((l) => l.cells.map((c) => Math.round(c.x0 / 100) + 1)));
  const cols: Column[] = Array.from({ length: width }, (_, i) => ({ x0: i * 100, x1: i * 100 + 99, label: '' }));
  const filled = new Set<number>();
  header.forEach((line, r) => {
    const last = r === header.length - 1;
    const idx = line.cells.map((c) => Math.round(c.x0 / 100));
    line.cells.forEach((cell, k) => {
      // A group label in a padded header row spans the empty cells to its right, up to the
      // next label in its row or a column a row above already labels on its own.
      let end = last ? idx[k]! : Math.min(width - 1, (idx[k + 1] ?? width) - 1);
      for (let j = idx[k]! + 1; j <= end; j++) if (r > 0 && filled.has(j)) end = j - 1;
      const span = Array.from({ length: end - idx[k]! + 1 }, (_, j) => idx[k]! + j);
      addLabel(cols, span, cell.text);
    });
    for (const i of idx) filled.add(i);
  });
  alignToStub(cols, stubs);
  return cols;
}

/**
 * Text exports of merged header cells can shift the measure labels a column off the values.
 * The 栏次 line numbers the value columns 1…n where the values really are: when there are as
 * many measure labels as numbers, the labels move onto the numbered columns, in order.
 */
function alignToStub(cols: Column[], stubs: Line[]): void {
  const stub = stubs[stubs.length - 1];
  if (!stub) return;
  const numbered = stub.cells.filter((c) => /^\d{1,2}$/.test(c.text.trim())).map((c) => Math.round(c.x0 / 100));
  const measureCols = cols.map((c, i) => ({ c, i })).filter(({ c }) => columnRole(c.label) === 'value');
  if (numbered.length !== measureCols.length || numbered.every((n, k) => n === measureCols[k]!.i)) return;
  const labels = measureCols.map(({ c }) => c.label);
  for (const { c } of measureCols) c.label = '';
  numbered.forEach((n, k) => {
    if (cols[n]) cols[n]!.label = labels[k]!;
  });
}

export function geometricColumns(header: Line[], body: Line[], rules: Rule[]): Column[] {
  const all = [...header, ...body];
  if (!all.length) return [];
  const top = Math.min(...all.map((l) => l.y - l.h));
  const bottom = Math.max(...all.map((l) => l.y + l.h));
  const bodyTop = body.length ? Math.min(...body.map((l) => l.y - l.h)) : top;
  const verticals = rules.filter((r) => r.x0 === r.x1 && r.y1 > top - 5 && r.y0 < bottom + 5);
  const borders = withOuterBorders(columnBorders(verticals, bodyTop, bottom), all);
  // Rules can be missing between value columns (a faint scan keeps only some): the values'
  // right edges still show every column, so a ruled column holding several is split too.
  const ruled = borders.length >= 3 ? borders.slice(0, -1).map((x, i) => ({ x0: x, x1: borders[i + 1]!, label: '' })) : null;
  const cols: Column[] = splitByValueColumns(ruled ?? columnsFromCells(header, body), body);
  const byRules = ruled !== null && cols.length === ruled.length;
  const headerCells = header.flatMap((l) => l.cells);
  for (const cell of [...headerCells].sort((a, b) => a.y - b.y || a.x0 - b.x0)) {
    const [left, right] = byRules ? cellBox(cell, verticals) : [cell.x0, cell.x1];
    let span = cols.map((_, i) => i).filter((i) => {
      const c = (cols[i]!.x0 + cols[i]!.x1) / 2;
      return c >= left - 1 && c <= right + 1;
    });
    if (!span.length) span = [nearestColumn(cols, (cell.x0 + cell.x1) / 2)];
    addLabel(cols, span, cell.text, [cell.x0, cell.x1]);
  }
  return cols;
}

/** Column borders: x positions of vertical rules that run through most of the table body. */
function columnBorders(verticals: Rule[], bodyTop: number, bottom: number): number[] {
  const height = Math.max(1, bottom - bodyTop);
  const clusters = clusterBy(verticals, (r) => r.x0);
  return clusters
    .filter((c) => covered(c.items.map((r) => [Math.max(r.y0, bodyTop), Math.min(r.y1, bottom)])) >= COLUMN_RULE_COVERAGE * height)
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/**
 * A scan can lose a table's outer border (faint at the page edge, cropped, cut by a seal) while
 * the inner ones are found: header or body cells beyond the first or last border are a column
 * all the same, bounded by their own extent. The text layer always draws the frame, so this changes nothing there.
 */
function withOuterBorders(borders: number[], lines: Line[]): number[] {
  if (borders.length < 2) return borders;
  const values = lines.flatMap((l) => l.cells);
  const first = borders[0]!;
  const last = borders[borders.length - 1]!;
  const out = [...borders];
  const before = values.filter((c) => c.x1 <= first + 1);
  const after = values.filter((c) => c.x0 >= last - 1);
  if (before.length) out.unshift(Math.min(...before.map((c) => c.x0)) - 1);
  if (after.length) out.push(Math.max(...after.map((c) => c.x1)) + 1);
  return out;
}

/** The box a header cell sits in: the nearest vertical rules left and right that cross its line. */
function cellBox(cell: Cell, verticals: Rule[]): [number, number] {
  const crossing = verticals.filter((r) => r.y0 <= cell.y + 1 && r.y1 >= cell.y - 1);
  const lefts = crossing.filter((r) => r.x0 <= cell.x0 + 1).map((r) => r.x0);
  const rights = crossing.filter((r) => r.x0 >= cell.x1 - 1).map((r) => r.x0);
  return [lefts.length ? Math.max(...lefts) : cell.x0, rights.length ? Math.min(...rights) : cell.x1];
}


/** Without rules: the header's lowest cells are the columns, split halfway between centres. */
function columnsFromCells(header: Line[], body: Line[]): Column[] {
  const cells = header.flatMap((l) => l.cells);
  const groups = new Set(header.flatMap((l, i) => l.cells.filter((c) => isGroupCell(c, l, header[i + 1]))));
  const leaves = cells.filter((c) => !groups.has(c) && !cells.some((d) => d.y > c.y + c.h * 0.5 && overlaps(c, d)));
  let spans = leaves.map((c) => [c.x0, c.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  if (!spans.length) {
    spans = clusterBy(body.flatMap((l) => l.cells), (c) => c.x1).map((c) => [c.at - 1, c.at] as [number, number]);
  }
  // Borders halfway across the gap between neighbouring header cells (not between their
  // centres): left-aligned labels start just right of the previous column's header.
  const border = (i: number) => {
    const [, leftEnd] = spans[i - 1]!;
    const [rightStart] = spans[i]!;
    return rightStart > leftEnd ? (leftEnd + rightStart) / 2 : (spans[i - 1]![0] + spans[i - 1]![1] + spans[i]![0] + spans[i]![1]) / 4;
  };
  const borders = spans.map((_, i) => (i === 0 ? -Infinity : riverBorder(border(i), spans[i - 1]!, spans[i]!, body)));
  return spans.map((_, i) => ({
    x0: borders[i]!,
    x1: i === spans.length - 1 ? Infinity : borders[i + 1]!,
    label: '',
  }));
}

/**
 * Without rules a group header ('收入' over 项目 | 行次 | 金额) is only as wide as its text.
 * It is a group when the next header line has two or more cells within its share of the line:
 * halfway to its neighbours on its own line.
 */
function isGroupCell(cell: Cell, line: Line, below: Line | undefined): boolean {
  if (!below) return false;
  const i = line.cells.indexOf(cell);
  const left = i > 0 ? (line.cells[i - 1]!.x1 + cell.x0) / 2 : -Infinity;
  const right = i < line.cells.length - 1 ? (cell.x1 + line.cells[i + 1]!.x0) / 2 : Infinity;
  if (left === -Infinity && right === Infinity) return false;
  const under = below.cells.map((c) => (c.x0 + c.x1) / 2).filter((x) => x > left && x < right);
  // A group is printed over its columns: its centre lies among theirs. Cells all off to one
  // side belong to a neighbour's group (a header whose levels differ from column to column).
  const centre = (cell.x0 + cell.x1) / 2;
  return under.length >= 2 && Math.min(...under) < centre + cell.x1 - cell.x0 && Math.max(...under) > centre - (cell.x1 - cell.x0);
}

function overlaps(a: Cell, b: Cell): boolean {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
}

/**
 * Append a header cell's text to the columns it covers. A cell over a single column that
 * continues a single-column cell above is a wrapped word and is joined without a separator.
 * Where the text's extent is known, a wrapped word's next line is centred under (or starts or
 * ends with) the line above it: a cell whose centre lies outside the cell above is a label of
 * its own ('公务接待费' under a group label too narrow to reach a neighbouring 合计 column).
 */
function addLabel(cols: Column[], span: number[], text: string, box?: [number, number]): void {
  const t = text.replace(/\s/g, '');
  if (!t) return;
  for (const i of span) {
    const col = cols[i]! as Column & { lastSingle?: boolean; lastBox?: [number, number] };
    const single = span.length === 1;
    const under = !box || !col.lastBox || ((box[0] + box[1]) / 2 >= col.lastBox[0] - 1 && (box[0] + box[1]) / 2 <= col.lastBox[1] + 1);
    col.label = !col.label ? t : single && col.lastSingle && under ? col.label + t : `${col.label}/${t}`;
    col.lastSingle = single;
    col.lastBox = box;
  }
}

export function nearestColumn(cols: Column[], x: number): number {
  let best = 0;
  let bestDist = Infinity;
  cols.forEach((c, i) => {
    const d = x < c.x0 ? c.x0 - x : x > c.x1 ? x - c.x1 : 0;
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  });
  return best;
}

/** The column holding most of the cell; numbers are right-aligned, labels may overflow. */
export function columnOf(cols: Column[], cell: Cell): number {
  let best = -1;
  let bestOverlap = 0;
  cols.forEach((c, i) => {
    const o = Math.min(c.x1, cell.x1) - Math.max(c.x0, cell.x0);
    if (o > bestOverlap) {
      bestOverlap = o;
      best = i;
    }
  });
  return best >= 0 ? best : nearestColumn(cols, (cell.x0 + cell.x1) / 2);
}

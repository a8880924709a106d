/**
 * Geometry, step 2: a table region's lines → columns (with their header labels) → rows of cells.
 *
 * Columns come from the vertical ruling lines where the PDF draws them, else from the header's
 * lowest cells. Header labels are stacked top to bottom: a cell spanning several columns is a
 * group ('本年支出/基本支出'), a cell over one column is part of a wrapped word ('本年收'+'入合计').
 * Rows come from the horizontal ruling lines where drawn (exact even for wrapped labels), else
 * from lines holding values, with label-only lines attached to the nearest such line.
 */
import type { Rule, TableRow } from '../types.ts';
import { median, type Cell, type Line } from './lines.ts';
import type { Region } from './segment.ts';
import { columnRole, panelsOf } from '../canon.ts';

export interface Column {
  x0: number;
  x1: number;
  label: string;
}

export interface Grid {
  columns: Column[];
  panels: number[][];
  rows: TableRow[];
  unit: string | null;
  /** Lines before the header: department, year, unit, 公开NN表. */
  meta: string[];
  headerLines: number;
}

/** Money as printed: 1,234.56 / 1234.5 / -12.00 / 1,234 (thousands separators make it money). */
const MONEY = /^[-−–]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[-−–]?\.\d+$/;
const DECIMAL = /\d\.\d/;
/** Subject code, whole ('2080505') or split by spaces ('208 05 05'). */
const CODE = /^\d{3}(\s?\d{2}){0,2}$/;
const ENUMERATOR = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、](?!\d))/;
const DASH = /^[-—–]+$/;
const TOTAL_LABEL = /^(合计|总计|小计|本年收入合计|本年支出合计|人员经费合计|公用经费合计)$/;
const META = /单位[:：]|部门[:：]|编制单位|公开.{0,3}\d{1,2}.{0,2}表|^\d{4}\s*年度?$|^\d{4}\s*年度|年度$|^[（(]?续[)）]?$/;
const UNIT = /单位[:：]?\s*(亿元|万元|千元|元)/;
/** A vertical rule must run through this share of the body's height to count as a column border. */
const COLUMN_RULE_COVERAGE = 0.5;
/** A horizontal rule must run across this share of the table's width to count as a row border. */
const ROW_RULE_COVERAGE = 0.5;
/** Rules closer than this (points) are one border (double lines, per-cell rectangles). */
const RULE_MERGE_DISTANCE = 2.5;

export function isMoney(text: string): boolean {
  return MONEY.test(text.replace(/\s/g, '').replace(/，/g, ','));
}

/** A line that belongs to the table's body rather than its header. */
export function isBodyLine(line: Line): boolean {
  const texts = line.cells.map((c) => c.text.replace(/\s/g, ''));
  if (texts.some((t) => isMoney(t) && (DECIMAL.test(t) || t.includes(',')))) return true;
  if (CODE.test(line.cells[0]?.text ?? '') && line.cells.length > 1) return true;
  // '合计' or '一、…' starts a body row, unless the line is a header ('合计 基本支出 项目支出').
  const first = texts[0] ?? '';
  const rowLike = (t: string) => isMoney(t) || DASH.test(t) || ENUMERATOR.test(t) || TOTAL_LABEL.test(t);
  if ((TOTAL_LABEL.test(first) || ENUMERATOR.test(first)) && texts.slice(1).every(rowLike)) return true;
  return false;
}

/** Sub-header lines that can share a row band with the first body row (类 | 款 | 项 over 合计). */
function isHeaderOnlyLine(line: Line): boolean {
  const texts = line.cells.map((c) => c.text.replace(/\s/g, ''));
  // At least two of 类/款/项 (a lone '款' is the wrapped end of a label like 财政拨/款).
  const levels = texts.filter((t) => /^(类|款|项)$/.test(t)).length;
  return texts.every((t) => /^(类|款|项|栏次|\d{1,2})$/.test(t)) && (levels >= 2 || texts.includes('栏次'));
}

/** Words that only a header has; lines without them on a continuation page are body rows. */
const HEADER_WORD = /项目|行次|金额|决算数|预算数|科目|编码|代码|栏次|单位/;

/**
 * The 栏次 line numbering the columns (栏次 | 1 | 2 | 3 …), with or without its label; some
 * templates put 类 | 款 | 项 on it, others call it 行次.
 */
function isStubLine(line: Line): boolean {
  const texts = line.cells.map((c) => c.text.replace(/\s/g, ''));
  // OCR garbles part of the line ('栏次 1 栏欠 2 3'): a '栏次' with numbers and no header words is enough.
  if (texts.includes('栏次') && texts.some((t) => /^\d{1,2}$/.test(t)) && !texts.some((t) => /预算|决算|项目|金额|合计|支出|收入/.test(t))) return true;
  const labels = texts.filter((t) => /^(栏次|行次|类|款|项)$/.test(t));
  const nums = texts.filter((t) => /^\d{1,2}$/.test(t)).map(Number);
  if (labels.length + nums.length !== texts.length || !isAscending(nums)) return false;
  // A lone '栏次' line (text exports split the stub row) is one too.
  return labels.some((t) => /^(栏次|行次)$/.test(t)) || nums.length >= 3;
}

function isAscending(xs: number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

/** Lines of the region grouped by page, in order. */
function byPage(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last[0]!.page === l.page) last.push(l);
    else out.push([l]);
  }
  return out;
}

export function buildGrid(region: Region): Grid {
  const meta: string[] = [];
  let unit: string | null = null;
  let columns: Column[] | null = null;
  const rows: TableRow[] = [];
  let headerLines = 0;
  for (const pageLines of byPage(region.lines)) {
    const page = pageLines[0]!.page;
    const rules = region.rules.get(page) ?? [];
    const grid = pageLines.some((l) => l.grid);
    let firstBody = pageLines.findIndex(isBodyLine);
    // The 栏次 line is the header's last line: rows below it are body even without values.
    const stub = pageLines.findIndex(isStubLine);
    if (stub >= 0 && (firstBody < 0 || stub + 1 < firstBody) && stub + 1 < pageLines.length) firstBody = stub + 1;
    // A wrapped label can start above its row's values: lines inside the first body row's
    // borders belong to the body, not to the header.
    if (firstBody > 0 && !grid) {
      const borders = rowBorders(pageLines, rules);
      const above = borders.filter((b) => b < pageLines[firstBody]!.y).pop();
      while (above !== undefined && firstBody > 0 && pageLines[firstBody - 1]!.y > above) firstBody--;
    }
    let head = firstBody < 0 ? pageLines : pageLines.slice(0, firstBody);
    let body = firstBody < 0 ? [] : pageLines.slice(firstBody);
    head = [...head, ...body.filter(isHeaderOnlyLine)];
    body = body.filter((l) => !isHeaderOnlyLine(l));
    // On a continuation page, label-only rows above the first values are rows, not a header.
    if (columns && head.length && !head.some((l) => HEADER_WORD.test(l.text))) {
      body = [...head, ...body];
      head = [];
    }
    const header: Line[] = [];
    const stubs = head.filter(isStubLine);
    for (const l of head) {
      const u = UNIT.exec(l.text.replace(/\s/g, ''));
      if (u) unit ??= u[1]!;
      if (META.test(l.text.replace(/\s/g, '')) || (header.length === 0 && l.cells.length === 1 && !columns && l.cells[0]!.text.length > 14)) {
        meta.push(l.text);
      } else if (!isStubLine(l)) header.push(l);
    }
    // A continuation page without its own header reuses the columns of the page before.
    if (header.length > 0 || !columns) {
      const pageColumns = grid ? gridColumns(header, body, stubs) : geometricColumns(header, body, rules);
      if (pageColumns.length) {
        if (!grid) relabelByContent(pageColumns, body);
        columns = pageColumns;
        headerLines += header.length;
      }
    }
    if (!columns || body.length === 0) continue;
    if (grid) {
      for (const l of body) rows.push(toRow([l], columns));
      continue;
    }
    // Panels side by side can have rows of different heights: band each panel on its own.
    const panels = panelsOf(columns);
    const assigned = body.map((l) => assignPanels(l, columns!, panels));
    for (const [p, panel] of panels.entries()) {
      const sub = assigned.map((perPanel) => perPanel[p]!).filter((l) => l.cells.length);
      const cols = panel.map((i) => columns![i]!);
      for (const group of groupRows(sub, rules, cols)) rows.push(toRow(group, columns));
    }
  }
  return { columns: columns ?? [], panels: columns ? panelsOf(columns) : [], rows, unit, meta, headerLines };
}

/**
 * The panel of each cell of a line. A total label centred across panels ('公用经费合计' over
 * the second and third panels of 06) may land in a panel without values while its value sits
 * in the next one: such a label moves to the panel that holds the value.
 */
function assignPanels(line: Line, cols: Column[], panels: number[][]): Line[] {
  const colOf = line.cells.map((c) => columnOf(cols, c));
  const panelOf = colOf.map((col) => panels.findIndex((p) => p.includes(col)));
  const isValue = (i: number) => columnRole(cols[colOf[i]!]!.label) === 'value' && isMoney(line.cells[i]!.text);
  const hasValue = (p: number) => line.cells.some((_, i) => panelOf[i] === p && isValue(i));
  // A code in a label column is a label, though it looks like a number.
  const hasLabel = (p: number) =>
    line.cells.some((c, i) => panelOf[i] === p && (columnRole(cols[colOf[i]!]!.label) === 'label' || !isMoney(c.text)));
  const cells = [...line.cells];
  for (let p = 1; p < panels.length; p++) {
    if (!(hasValue(p) && !hasLabel(p) && hasLabel(p - 1) && !hasValue(p - 1))) continue;
    // Move the label into the name column (the last label column) of the panel with the value.
    const target = [...panels[p]!].reverse().find((c) => columnRole(cols[c]!.label) === 'label') ?? panels[p]![0]!;
    const { x0, x1 } = cols[target]!;
    panelOf.forEach((q, i) => {
      if (q !== p - 1) return;
      panelOf[i] = p;
      cells[i] = { ...cells[i]!, x0: x0 + 1, x1: Math.min(x1, x0 + 2) };
    });
  }
  return panels.map((_, p) => {
    const mine = cells.filter((_, i) => panelOf[i] === p);
    return { ...line, cells: mine, text: mine.map((c) => c.text).join(' ') };
  });
}

/** Share of a column's cells that must be codes or names before its content overrides its header. */
const CONTENT_ROLE_SHARE = 0.8;

/**
 * A header misread by OCR ('异椿缉码' for 科目编码) would make a label column look like a value
 * column and split the table into false panels. A column whose body cells are subject codes or
 * names, and never amounts, is a label column whatever its header says.
 */
function relabelByContent(cols: Column[], body: Line[]): void {
  const texts: string[][] = cols.map(() => []);
  for (const l of body) for (const c of l.cells) texts[columnOf(cols, c)]?.push(c.text.replace(/\s/g, ''));
  cols.forEach((col, i) => {
    const cells = texts[i]!.filter(Boolean);
    if (columnRole(col.label) === 'label' || cells.length < 3) return;
    if (cells.some((t) => isMoney(t) && DECIMAL.test(t))) return;
    const codes = cells.filter((t) => /^\d{3}(\d{2}){0,2}\D*$/.test(t)).length;
    const names = cells.filter((t) => /^\p{Script=Han}/u.test(t)).length;
    if (codes >= CONTENT_ROLE_SHARE * cells.length) col.label = col.label ? `${col.label}/科目编码` : '科目编码';
    else if (names >= CONTENT_ROLE_SHARE * cells.length) col.label = col.label ? `${col.label}/科目名称` : '科目名称';
  });
}

// ─── columns ────────────────────────────────────────────────────────────────────────────────

function gridColumns(header: Line[], body: Line[], stubs: Line[] = []): Column[] {
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

function geometricColumns(header: Line[], body: Line[], rules: Rule[]): Column[] {
  const all = [...header, ...body];
  if (!all.length) return [];
  const top = Math.min(...all.map((l) => l.y - l.h));
  const bottom = Math.max(...all.map((l) => l.y + l.h));
  const bodyTop = body.length ? Math.min(...body.map((l) => l.y - l.h)) : top;
  const verticals = rules.filter((r) => r.x0 === r.x1 && r.y1 > top - 5 && r.y0 < bottom + 5);
  const borders = columnBorders(verticals, bodyTop, bottom);
  const cols: Column[] = borders.length >= 3
    ? borders.slice(0, -1).map((x, i) => ({ x0: x, x1: borders[i + 1]!, label: '' }))
    : splitByValueColumns(columnsFromCells(header, body), body);
  const headerCells = header.flatMap((l) => l.cells);
  for (const cell of [...headerCells].sort((a, b) => a.y - b.y || a.x0 - b.x0)) {
    const [left, right] = borders.length >= 3 ? cellBox(cell, verticals) : [cell.x0, cell.x1];
    let span = cols.map((_, i) => i).filter((i) => {
      const c = (cols[i]!.x0 + cols[i]!.x1) / 2;
      return c >= left - 1 && c <= right + 1;
    });
    if (!span.length) span = [nearestColumn(cols, (cell.x0 + cell.x1) / 2)];
    addLabel(cols, span, cell.text);
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

/** The box a header cell sits in: the nearest vertical rules left and right that cross its line. */
function cellBox(cell: Cell, verticals: Rule[]): [number, number] {
  const crossing = verticals.filter((r) => r.y0 <= cell.y + 1 && r.y1 >= cell.y - 1);
  const lefts = crossing.filter((r) => r.x0 <= cell.x0 + 1).map((r) => r.x0);
  const rights = crossing.filter((r) => r.x0 >= cell.x1 - 1).map((r) => r.x0);
  return [lefts.length ? Math.max(...lefts) : cell.x0, rights.length ? Math.min(...rights) : cell.x1];
}

/** Right edges of value cells this close (in font sizes) are one column: numbers are right-aligned. */
const VALUE_EDGE_TOLERANCE = 1.2;
/** A value column needs this many cells before it may split a header column. */
const VALUE_COLUMN_MIN_CELLS = 3;

/**
 * Without rules, a header read badly (OCR merging 年初预算数 全年预算数 决算数 into one cell)
 * yields too few columns. Values are right-aligned in their column, so clusters of value right
 * edges show the real columns: a header column holding several clusters is split between them.
 */
function splitByValueColumns(cols: Column[], body: Line[]): Column[] {
  const values = body.flatMap((l) => l.cells).filter((c) => isMoney(c.text) || DASH.test(c.text));
  if (!values.length) return cols;
  const h = median(values.map((c) => c.h));
  const clusters: Cell[][] = [];
  for (const c of [...values].sort((a, b) => a.x1 - b.x1)) {
    const last = clusters[clusters.length - 1];
    if (last && c.x1 - last[last.length - 1]!.x1 <= VALUE_EDGE_TOLERANCE * h) last.push(c);
    else clusters.push([c]);
  }
  const real = clusters.filter((c) => c.length >= VALUE_COLUMN_MIN_CELLS).map((c) => ({ x0: Math.min(...c.map((x) => x.x0)), x1: Math.max(...c.map((x) => x.x1)) }));
  const out: Column[] = [];
  for (const col of cols) {
    const inside = real.filter((r) => (r.x0 + r.x1) / 2 > col.x0 && (r.x0 + r.x1) / 2 < col.x1);
    // Clusters of one column jitter but overlap; separate columns leave a gap between them.
    const separate = inside.every((r, i) => i === 0 || r.x0 > inside[i - 1]!.x1 + h * 0.5);
    if (inside.length < 2 || !separate) {
      out.push(col);
      continue;
    }
    let start = col.x0;
    inside.forEach((r, i) => {
      const end = i === inside.length - 1 ? col.x1 : (r.x1 + inside[i + 1]!.x0) / 2;
      out.push({ x0: start, x1: end, label: '' });
      start = end;
    });
  }
  return out;
}

/**
 * Move a guessed border to where the fewest body cells cross it, between the centres of the
 * two header cells: the gap between a code column and its left-aligned names, say, which only
 * the odd cell crosses (OCR gluing a code to its name). The guess stands unless this is better.
 */
function riverBorder(guess: number, left: [number, number], right: [number, number], body: Line[]): number {
  const lo = (left[0] + left[1]) / 2;
  const hi = (right[0] + right[1]) / 2;
  const cells = body.flatMap((l) => l.cells).filter((c) => c.x1 > lo && c.x0 < hi);
  if (!cells.length) return guess;
  const crossing = (x: number) => cells.filter((c) => c.x0 < x && c.x1 > x).length;
  const candidates = cells.flatMap((c) => [c.x0 - 0.5, c.x1 + 0.5]).filter((x) => x > lo && x < hi);
  let best = guess;
  let bestCount = crossing(guess);
  for (const x of candidates) {
    const n = crossing(x);
    if (n < bestCount || (n === bestCount && Math.abs(x - guess) < Math.abs(best - guess))) {
      best = x;
      bestCount = n;
    }
  }
  return best;
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
  return below.cells.filter((c) => (c.x0 + c.x1) / 2 > left && (c.x0 + c.x1) / 2 < right).length >= 2;
}

function overlaps(a: Cell, b: Cell): boolean {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
}

/**
 * Append a header cell's text to the columns it covers. A cell over a single column that
 * continues a single-column cell above is a wrapped word and is joined without a separator.
 */
function addLabel(cols: Column[], span: number[], text: string): void {
  const t = text.replace(/\s/g, '');
  if (!t) return;
  for (const i of span) {
    const col = cols[i]!;
    const single = span.length === 1;
    const lastSingle = (col as Column & { lastSingle?: boolean }).lastSingle;
    col.label = !col.label ? t : single && lastSingle ? col.label + t : `${col.label}/${t}`;
    (col as Column & { lastSingle?: boolean }).lastSingle = single;
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

// ─── rows ───────────────────────────────────────────────────────────────────────────────────

function groupRows(body: Line[], rules: Rule[], cols: Column[]): Line[][] {
  if (!body.length) return [];
  const borders = rowBorders(body, rules, cols);
  if (borders.length >= 2) {
    const bands = bandRows(body, borders);
    // Borders missed by the drawing (or by OCR line detection) merge rows: two lines with a
    // value in the same column cannot be one row, so fall back to reading rows from the lines.
    if (!bands.some((b) => hasColumnClash(b, cols))) return bands;
  }
  return anchorRows(body, cols);
}

function hasColumnClash(lines: Line[], cols: Column[]): boolean {
  const used = new Set<number>();
  for (const l of lines) {
    const mine = new Set(l.cells.filter((c) => columnRole(cols[columnOf(cols, c)]!.label) !== 'label').map((c) => columnOf(cols, c)));
    for (const c of mine) if (used.has(c)) return true;
    for (const c of mine) used.add(c);
  }
  return false;
}

/** y of horizontal rules that run across most of the table: the row borders. */
function rowBorders(lines: Line[], rules: Rule[], cols?: Column[]): number[] {
  const cells = lines.flatMap((l) => l.cells);
  if (!cells.length) return [];
  let left = Math.min(...cells.map((c) => c.x0));
  let right = Math.max(...cells.map((c) => c.x1));
  if (cols && Number.isFinite(cols[0]!.x0) && Number.isFinite(cols[cols.length - 1]!.x1)) {
    left = cols[0]!.x0;
    right = cols[cols.length - 1]!.x1;
  }
  const width = right - left;
  if (width <= 0) return [];
  const top = Math.min(...lines.map((l) => l.y - l.h));
  const bottom = Math.max(...lines.map((l) => l.y + l.h));
  const horizontals = rules.filter((r) => r.y0 === r.y1 && r.y0 > top - 30 && r.y0 < bottom + 30);
  return clusterBy(horizontals, (r) => r.y0)
    .filter((c) => covered(c.items.map((r) => [Math.max(r.x0, left), Math.min(r.x1, right)])) >= ROW_RULE_COVERAGE * width)
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/** Lines between the same two row borders are one row. */
function bandRows(body: Line[], borders: number[]): Line[][] {
  const bands = new Map<number, Line[]>();
  for (const l of body) {
    const band = borders.filter((b) => b <= l.y).length;
    const list = bands.get(band) ?? [];
    list.push(l);
    bands.set(band, list);
  }
  return [...bands.entries()].sort((a, b) => a[0] - b[0]).map(([, ls]) => ls);
}

/**
 * Without row borders: a line with values or a row label of its own anchors a row; a line
 * holding only a label fragment belongs to the nearest anchor (the wrapped part of its label).
 */
function anchorRows(body: Line[], cols: Column[]): Line[][] {
  const anchors: Line[][] = [];
  const isAnchor = (l: Line) => isBodyLine(l) || l.cells.some((c) => columnRole(cols[columnOf(cols, c)]!.label) !== 'label');
  const fragments: Line[] = [];
  for (const l of body) (isAnchor(l) ? anchors.push([l]) : fragments.push(l));
  if (!anchors.length) return fragments.map((f) => [f]);
  for (const f of fragments) {
    let best = anchors[0]!;
    let bestDist = Infinity;
    for (const a of anchors) {
      // Ties go to the row above: a wrapped label continues downwards.
      const d = Math.abs(a[0]!.y - f.y) + (a[0]!.y > f.y ? 0.01 : 0);
      if (d < bestDist) {
        bestDist = d;
        best = a;
      }
    }
    best.push(f);
  }
  return anchors.map((ls) => ls.sort((a, b) => a.y - b.y));
}

function toRow(lines: Line[], cols: Column[]): TableRow {
  const texts: string[][] = cols.map(() => []);
  const confs: number[] = cols.map(() => 1);
  const ordered = [...lines].sort((a, b) => a.y - b.y);
  for (const line of ordered) {
    for (const cell of line.cells) {
      const i = line.grid ? Math.round(cell.x0 / 100) : columnOf(cols, cell);
      if (i >= cols.length) continue;
      texts[i]!.push(cell.text);
      confs[i] = Math.min(confs[i]!, cell.conf);
    }
  }
  const cells = texts.map((parts) => joinParts(parts));
  // The row's page is where its values are (a wrapped label may start on the line above).
  const valueLine = ordered.find((l) => l.cells.some((c) => isMoney(c.text))) ?? ordered[0]!;
  const method = ordered.some((l) => l.method === 'ocr') ? 'ocr' : 'text';
  return { page: valueLine.page, cells, method, confidence: Math.min(...confs), cell_conf: confs };
}

/** Wrapped Han text joins directly; two numbers in one cell stay apart so the parser sees them. */
function joinParts(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (!out) out = p;
    else if (/\d$/.test(out) && /^\d/.test(p)) out = `${out} ${p}`;
    else out += p;
  }
  return out;
}

function columnOf(cols: Column[], cell: Cell): number {
  // The column holding most of the cell; numbers are right-aligned, labels may overflow.
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

// ─── helpers ────────────────────────────────────────────────────────────────────────────────

interface Cluster<T> {
  at: number;
  items: T[];
}

function clusterBy<T>(items: T[], key: (t: T) => number): Cluster<T>[] {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const out: Cluster<T>[] = [];
  for (const it of sorted) {
    const k = key(it);
    const last = out[out.length - 1];
    if (last && k - key(last.items[last.items.length - 1]!) <= RULE_MERGE_DISTANCE) last.items.push(it);
    else out.push({ at: k, items: [it] });
  }
  for (const c of out) c.at = median(c.items.map(key));
  return out;
}

/** Total length covered by a set of intervals (overlaps counted once). */
function covered(intervals: number[][]): number {
  const s = intervals.filter(([a, b]) => b! > a!).sort((x, y) => x[0]! - y[0]!);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of s) {
    if (b! <= end) continue;
    total += b! - Math.max(a!, end);
    end = b!;
  }
  return total;
}

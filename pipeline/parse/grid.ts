/**
 * Geometry, step 2: a table region's lines → columns (with their header labels) → rows of cells.
 *
 * Columns come from the vertical ruling lines where the PDF draws them, else from the header's
 * lowest cells. Header labels are stacked top to bottom: a cell spanning several columns is a
 * group ('本年支出/基本支出'), a cell over one column is part of a wrapped word ('本年收'+'入合计').
 * Rows come from the horizontal ruling lines where drawn (exact even for wrapped labels), else
 * from lines holding values, with label-only lines attached to the nearest such line.
 */
import { panelsOf } from '../canon.ts';
import type { TableRow } from '../types.ts';
import { DECIMAL, HEADER_WORD, isBodyLine, isHeaderOnlyLine, isMoney, isNoiseHeaderLine, isStubLine, META, TOTAL_LABEL, UNIT } from './cells.ts';
import { geometricColumns, gridColumns, relabelByContent, type Column } from './columns.ts';
import { withoutMarginMarks } from './margins.ts';
import { reanchorWideAmounts } from './wide-boxes.ts';
import type { Line } from './lines.ts';
import { assignPanels, groupRows, rowBorders, toRow } from './rows.ts';
import type { Region } from './segment.ts';

export { isMoney, isBodyLine } from './cells.ts';
export type { Column } from './columns.ts';

/** A label wrapped over lines starts at most this many font sizes above its row's values. */
const WRAPPED_LABEL_REACH = 2.5;

export interface Grid {
  columns: Column[];
  panels: number[][];
  rows: TableRow[];
  unit: string | null;
  /** Lines before the header: department, year, unit, 公开NN表. */
  meta: string[];
  headerLines: number;
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

/**
 * The first line of the body. A lone 小计/合计 with more header below it (其中 levels of a 三公
 * header: '小计' under 公务用车购置及运行维护费, then 费 | 维护费) is a header cell, not a row:
 * a table with values prints its total row with them.
 */
function firstBodyLine(lines: Line[]): number {
  const firstValues = lines.findIndex((l) => l.cells.some((c) => isMoney(c.text) && (DECIMAL.test(c.text) || c.text.includes(','))));
  const body = (l: Line) => isBodyLine(l) && !isLoneMark(l);
  let i = lines.findIndex(body);
  while (i >= 0 && i < firstValues && isLoneTotal(lines[i]!) && lines.slice(i + 1, firstValues).some((l) => !body(l))) {
    const next = lines.slice(i + 1).findIndex(body);
    i = next < 0 ? -1 : i + 1 + next;
  }
  return i;
}

/**
 * A speck above the header that OCR read as an ordinal ('1.'), alone on its line: no first row
 * of the body (the whole header would be read as rows).
 */
function isLoneMark(line: Line): boolean {
  return line.method === 'ocr' && line.cells.length === 1 && /^[\d.、,，·]{1,2}$/.test(line.cells[0]!.text.replace(/\s/g, ''));
}

function isLoneTotal(line: Line): boolean {
  return line.cells.length === 1 && TOTAL_LABEL.test(line.cells[0]!.text.replace(/\s/g, ''));
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
    let firstBody = firstBodyLine(pageLines);
    // The 栏次 line is the header's last line: rows below it are body even without values.
    const stub = pageLines.findIndex(isStubLine);
    if (stub >= 0 && (firstBody < 0 || stub + 1 < firstBody) && stub + 1 < pageLines.length) firstBody = stub + 1;
    // A wrapped label can start above its row's values: lines inside the first body row's
    // borders belong to the body, not to the header.
    if (firstBody > 0 && !grid) {
      const borders = rowBorders(pageLines, rules);
      const first = pageLines[firstBody]!;
      const above = borders.filter((b) => b < first.y).pop();
      // Only as far up as a wrapped label reaches: a header ruled as one block (三公 tables
      // with three header levels) has no row border between it and the first row.
      const reach = (l: Line) => first.y - l.y <= WRAPPED_LABEL_REACH * Math.max(first.h, l.h);
      while (above !== undefined && firstBody > 0 && pageLines[firstBody - 1]!.y > above && reach(pageLines[firstBody - 1]!)) firstBody--;
    }
    let head = firstBody < 0 ? pageLines : pageLines.slice(0, firstBody);
    let body = firstBody < 0 ? [] : pageLines.slice(firstBody);
    head = [...head, ...body.filter(isHeaderOnlyLine)];
    body = body.filter((l) => !isHeaderOnlyLine(l));
    // Marks OCR read in the margin are neither columns nor parts of a cell.
    if (!grid) ({ header: head, body } = withoutMarginMarks(head, body));
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
      } else if (!isStubLine(l) && !isNoiseHeaderLine(l)) header.push(l);
    }
    // A continuation page reuses the first page's columns, repeated header or not: its own,
    // worked out from fewer rows, may differ, and rows must share one set of columns.
    if (columns) headerLines += header.length;
    else {
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
    body = reanchorWideAmounts(body, columns);
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


/**
 * Splitting a report's lines into table regions (title → header → body → notes) and prose.
 * A region starts at a table title (a template's, or any line shaped like a table title) or a
 * 公开NN表 label and ends at the next table, a section
 * heading or the report's prose; rows on the following pages continue it (page breaks inside a
 * table, with or without a repeated header).
 */
import type { ExtractedPage, Rule } from '../types.ts';
import { buildLines, isPageNumber, type Line } from './lines.ts';
import { looksLikeTitle } from './fuzzy-title.ts';
import { isContinuationTitle, isTableTitle, tableCodeFromLabel, tableCodeFromTitle } from './titles.ts';

export interface Region {
  /** The template table the title or label names (provisional: parse's classifier decides); null when none. */
  table_code: string | null;
  title: string;
  /** The 公开NN表 label line, where printed on a line of its own. */
  label: string | null;
  /** Whether a title line was seen (a region may start at its label). */
  titled: boolean;
  /** Lines of the table, in reading order, possibly over several pages. */
  lines: Line[];
  notes: string[];
  /** Ruling lines of each page the region touches. */
  rules: Map<number, Rule[]>;
  /** Page widths, for the geometry fallbacks. */
  widths: Map<number, number>;
}

export interface Segmented {
  regions: Region[];
  prose: { page: number; lines: string[] }[];
}

/** Page furniture (page numbers) lives within this share of the page height from the top or bottom. */
const PAGE_MARGIN_SHARE = 0.1;

/** Synthetic geometry for pre-split rows (HTML/TXT): column i spans [i*W, i*W + W*0.9]. */
const GRID_COLUMN_WIDTH = 100;
const GRID_LINE_PITCH = 20;

export function pageLines(p: ExtractedPage): Line[] {
  if (p.rows) return p.rows.map((cells, i) => rowLine(cells, p.page, i));
  // Page numbers sit in the margins; a lone '310' inside a table is a subject code.
  const margin = p.height * PAGE_MARGIN_SHARE;
  return buildLines(p.items, p.page, p.rules, p.method === 'ocr')
    .filter((l) => !(isPageNumber(l.text) && (l.y < margin || l.y > p.height - margin)))
    .map((l) => ({ ...l, method: p.method }));
}

function rowLine(cells: string[], page: number, i: number): Line {
  const y = i * GRID_LINE_PITCH;
  const placed = cells
    .map((text, c) => ({ text: text.trim(), x0: c * GRID_COLUMN_WIDTH, x1: c * GRID_COLUMN_WIDTH + GRID_COLUMN_WIDTH * 0.9, y, h: 10, conf: 1 }))
    .filter((c) => c.text);
  return { page, y, h: 10, cells: placed, text: placed.map((c) => c.text).join(' '), grid: true };
}

/** Headings of the narrative part: the tables are over. */
const SECTION_STOP = /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、.*(情况说明|决算情况|名词解释)|名词解释|附件)/;
/** Prose is long and punctuated like a sentence; table rows are not. */
const PROSE_MIN_CHARS = 28;

export function isProse(line: Line): boolean {
  if (line.cells.length > 1) return false;
  const t = line.text.replace(/\s/g, '');
  return t.length >= PROSE_MIN_CHARS && /[。；;]|，.*，/.test(t);
}

function isNote(line: Line): boolean {
  // OCR reads the colon of '注：' as ';' or '.' too.
  return /^(注|说明|备注)[:：;；.,，]/.test(line.text.replace(/\s/g, ''));
}

export function segment(pages: ExtractedPage[]): Segmented {
  const regions: Region[] = [];
  const prose: { page: number; lines: string[] }[] = [];
  let current = null as Region | null;
  let inNotes = false;
  let notesPage = 0;
  for (const p of pages) {
    const lines = pageLines(p);
    const proseLines: string[] = [];
    for (const [i, line] of lines.entries()) {
      if (current && startsOtherClassification(current, lines, i)) {
        current = splitUntitled(current, p);
        regions.push(current);
      }
      const start = tableStart(line);
      if (start) {
        const code = start.titleCode ?? (start.title ? null : start.labelCode);
        const sameTable = code !== null && current?.table_code === code;
        const noBodyYet = current !== null && current.lines.length <= 3;
        // A 公开NN表 label next to its title, or a (续) title, continues the region.
        if (current && sameTable && (noBodyYet || isContinuationTitle(line.text) || !start.titleCode)) {
          current.lines.push(line);
          addPage(current, p);
          continue;
        }
        // A label and a title of one table on lines of their own, in either order.
        if (current && current.lines.length === 0 && ((start.title && !current.titled) || (!start.title && !current.label))) {
          if (start.title) Object.assign(current, { title: line.text, titled: true, table_code: start.titleCode });
          else current.label = line.text;
          addPage(current, p);
          proseLines.push(line.text);
          continue;
        }
        current = {
          table_code: code,
          title: line.text,
          label: start.title ? null : line.text,
          titled: start.title,
          lines: [],
          notes: [],
          rules: new Map(),
          widths: new Map(),
        };
        addPage(current, p);
        regions.push(current);
        inNotes = false;
        proseLines.push(line.text);
        continue;
      }
      const squeezed = line.text.replace(/\s/g, '');
      // Notes end a table; a page after them is no longer part of it.
      if (current && inNotes && p.page !== notesPage) {
        current = null;
        inNotes = false;
      }
      if (current && (SECTION_STOP.test(squeezed) || (isProse(line) && !isNote(line) && !inNotes))) {
        current = null;
        inNotes = false;
      }
      // A table no template knows stays part of the prose too, as it was before tables were
      // found by their shape: narrative figures and metadata read from it are unchanged.
      if (!current || current.table_code === null) proseLines.push(line.text);
      if (!current) continue;
      addPage(current, p);
      if (isNote(line) || inNotes) {
        if (!inNotes) notesPage = p.page;
        inNotes = true;
        current.notes.push(line.text);
        // Notes close the table; a long prose note may also be the report's prose.
        continue;
      }
      current.lines.push(line);
    }
    if (proseLines.length) prose.push({ page: p.page, lines: proseLines });
  }
  return { regions, prose };
}

/** Coded rows of one classification a region needs before a switch to the other can end it. */
const MIN_CODED_ROWS = 3;

/** The classification a line's subject code belongs to: 2xx 功能分类, 3xx 经济分类. */
function codeKind(line: Line): 'function' | 'economic' | null {
  const m = /^([23])\d{2}(\s?\d{2}){0,2}$/.exec(line.cells[0]?.text.trim() ?? '');
  return m ? (m[1] === '2' ? 'function' : 'economic') : null;
}

/**
 * An OCR'd table whose title was lost reads as more rows of the table before it, on the next
 * page or below its last row. A function-classification table (2xx codes) does not go on
 * with economic codes (3xx), nor the other way round: MIN_CODED_ROWS coded rows of one kind so
 * far, then this line and the next coded lines of its page (MIN_CODED_ROWS in all) of the
 * other kind, start a new table. Text layers print their titles: only OCR'd lines.
 */
function startsOtherClassification(region: Region, lines: Line[], i: number): boolean {
  const line = lines[i]!;
  const kind = codeKind(line);
  if (line.method !== 'ocr' || !kind) return false;
  const before = region.lines.map(codeKind).filter((k) => k !== null);
  if (before.length < MIN_CODED_ROWS || before.some((k) => k === kind)) return false;
  const next = lines.slice(i).map(codeKind).filter((k) => k !== null).slice(0, MIN_CODED_ROWS);
  return next.length === MIN_CODED_ROWS && next.every((k) => k === kind);
}

/**
 * A new region for a table whose title was lost, taking with it the lines the old one gathered
 * on this page after its last value (the new table's header, its garbled title); the parser's
 * resolver gives it a code from its neighbours and content, or none.
 */
function splitUntitled(old: Region, p: ExtractedPage): Region {
  const moved: Line[] = [];
  while (old.lines.length && old.lines.at(-1)!.page === p.page && !hasAmount(old.lines.at(-1)!)) moved.unshift(old.lines.pop()!);
  const region: Region = { table_code: null, title: '', label: null, titled: false, lines: moved, notes: [], rules: new Map(), widths: new Map() };
  addPage(region, p);
  return region;
}

function hasAmount(line: Line): boolean {
  return line.cells.some((c) => /\d\.\d{2}$|\d,\d{3}$/.test(c.text.trim()));
}

/** Most cells an OCR'd title line may fall into. */
const MAX_OCR_TITLE_CELLS = 8;

/** Longest line (without spaces) that can be a 公开NN表 label on its own. */
const MAX_LABEL_CHARS = 12;

/**
 * Whether a line starts a table: a title (of a template's table, or of any table by its
 * shape) or a 公开NN表 label on a line of its own.
 */
function tableStart(line: Line): { title: boolean; titleCode: string | null; labelCode: string | null } | null {
  const ocr = line.method === 'ocr';
  // OCR splits a large title's spaced or garbled glyphs into several cells ('政府 采 购支比 预算 真请 表').
  const fewCells = line.cells.length <= 3 || (ocr && line.cells.length <= MAX_OCR_TITLE_CELLS && !hasAmount(line));
  const titleCode = fewCells ? tableCodeFromTitle(line.text, ocr) : null;
  const title = titleCode !== null || (fewCells && (isTableTitle(line.text) || (ocr && looksLikeTitle(line.text))));
  const labelCode = tableCodeFromLabel(line.text);
  const label = labelCode !== null && line.text.replace(/\s/g, '').length <= MAX_LABEL_CHARS;
  return title || label ? { title, titleCode, labelCode: label ? labelCode : null } : null;
}

function addPage(region: Region, p: ExtractedPage): void {
  if (!region.rules.has(p.page)) region.rules.set(p.page, p.rules);
  if (!region.widths.has(p.page)) region.widths.set(p.page, p.width);
}

/**
 * Plain text and markdown (as exported from Word/WPS by converters) → pages of rows.
 *
 * A line with a tab is a table row: its cells are the tab-separated fields, empty ones kept so
 * columns stay aligned (converters pad merged header cells with tabs). A markdown pipe row
 * (`| a | b |`) is a table row too. Any other line is prose: one cell. Markup the converters
 * leave behind is removed: `#` headings, `**bold**`, `<b>`/`<p>` tags, `[bookmark: _Toc…]`
 * anchors, list bullets, backslash escapes.
 *
 * Pages: form feeds split pages; otherwise lines that are only a page number (`- 3 -`,
 * `第 3 页`, `3/20`) end a page; otherwise the whole text is one page (converted documents have
 * usually lost their page breaks, and a wrong split would cut tables apart).
 */
import { normaliseText } from '../textnorm.ts';

/** Word bookmark anchors left by converters: `[bookmark: _Toc8468]`. */
const BOOKMARK_RE = /\[bookmark:[^\]]*\]/g;
/** Inline HTML tags some converters keep (`<b>`, `</p>`, `<br/>`, `<span style=…>`). */
const TAG_RE = /<\/?[a-zA-Z][^>]*>/g;
/** Markdown heading marks. */
const HEADING_RE = /^\s{0,3}#{1,6}\s+/;
/** List bullets followed by a space; numbered items are content and are kept. */
const BULLET_RE = /^\s*[-*+•·]\s+/;
/** Markdown emphasis markers around text. */
const EMPHASIS_RE = /\*\*|__/g;
/** Backslash escapes markdown writers add before punctuation (`\*以上…`). */
const ESCAPE_RE = /\\([\\`*_{}[\]()#+\-.!|$])/g;
/** A markdown table separator row: `|---|:---:|`. */
const PIPE_SEPARATOR_RE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Lines that carry nothing but a page number: they mark the end of a page. */
const PAGE_MARKER_RES = [
  /^[-—–－]\s*\d{1,4}\s*[-—–－]$/,
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
];
/** A text needs at least this many page-number lines before we trust them as page breaks. */
const MIN_PAGE_MARKERS = 2;

/** Remove converter markup from one raw line (before splitting it into cells). */
export function stripMarkup(line: string): string {
  return line
    .replace(BOOKMARK_RE, '')
    .replace(TAG_RE, '')
    .replace(HEADING_RE, '')
    .replace(EMPHASIS_RE, '')
    .replace(ESCAPE_RE, '$1');
}

function isPageMarker(line: string): boolean {
  const t = normaliseText(line);
  return PAGE_MARKER_RES.some((re) => re.test(t));
}

/**
 * A single tab after some text ("六、…情况说明\t") is a stray keystroke after a heading, not a
 * one-column table: table rows have a tab between cells, and empty rows of a table at least two.
 */
const STRAY_TAB_RE = /^[^\t]+\t *$/;

/** One raw line → its cells, or null when nothing is left. */
export function lineToRow(raw: string): string[] | null {
  const line = stripMarkup(raw);
  if (line.includes('\t') && !STRAY_TAB_RE.test(line)) {
    const cells = line.split('\t').map(normaliseText);
    return cells.some((c) => c !== '') ? cells : null;
  }
  const trimmed = line.trim();
  if (trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length > 1) {
    if (PIPE_SEPARATOR_RE.test(trimmed)) return null;
    const cells = trimmed.slice(1, -1).split('|').map(normaliseText);
    return cells.some((c) => c !== '') ? cells : null;
  }
  const text = normaliseText(line.replace(BULLET_RE, ''));
  return text ? [text] : null;
}

/**
 * Drop a table header repeated after a (lost) page break: a multi-cell row without amounts equal
 * to one of the first rows of the table block it appears in. The PDF parser stitches tables
 * across pages itself; in one-page text the repeat would sit in the middle of the data rows.
 */
/** Tables print at most three header rows (group header, column names, 栏次). */
const HEADER_ROWS_REMEMBERED = 3;
/** A cell holding an amount (`1,629.00`): rows with one are data, never a repeated header. */
const AMOUNT_CELL_RE = /\d\.\d{2}$/;

function dropRepeatedHeaders(rows: string[][]): string[][] {
  const out: string[][] = [];
  let blockHeads: string[] = [];
  for (const row of rows) {
    if (row.length === 1) {
      blockHeads = [];
      out.push(row);
      continue;
    }
    const key = row.join('\t');
    const headerLike = !row.some((c) => AMOUNT_CELL_RE.test(c));
    if (headerLike && blockHeads.includes(key)) continue;
    if (headerLike && blockHeads.length < HEADER_ROWS_REMEMBERED) blockHeads.push(key);
    out.push(row);
  }
  return out;
}

/** Unix, Windows and old Mac line ends. */
const LINE_BREAK_RE = /\r\n|\r|\n/;

/** Split the text into page texts: form feeds first, page-number lines second, else one page. */
export function splitPages(text: string): string[][] {
  const byFormFeed = text.split('\f');
  if (byFormFeed.length > 1) {
    const pages = byFormFeed.map((p) => p.split(LINE_BREAK_RE).filter((l) => !isPageMarker(l)));
    while (pages.length > 1 && pages[pages.length - 1]!.every((l) => l.trim() === '')) pages.pop();
    return pages;
  }
  const lines = text.split(LINE_BREAK_RE);
  const markers = lines.filter(isPageMarker).length;
  if (markers < MIN_PAGE_MARKERS) return [lines];
  const pages: string[][] = [[]];
  for (const line of lines) {
    if (isPageMarker(line)) pages.push([]);
    else pages[pages.length - 1]!.push(line);
  }
  if (pages.length > 1 && pages[pages.length - 1]!.every((l) => l.trim() === '')) pages.pop();
  return pages;
}

/** Text → rows per page (1-based page numbers in order). */
export function textToPageRows(text: string): string[][][] {
  return splitPages(text).map((lines) =>
    dropRepeatedHeaders(lines.map(lineToRow).filter((r): r is string[] => r !== null)),
  );
}

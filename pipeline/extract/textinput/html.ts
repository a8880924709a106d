/**
 * HTML (a report published as a web page) → rows.
 *
 * Every `<table>` becomes its rows, one cell per grid column: a `colspan` cell is followed by ''
 * for the extra columns and a `rowspan` cell leaves '' in the rows below, so each row has the
 * same columns as the printed grid. Text outside tables becomes prose lines, one per block
 * element or `<br>`. Scripts, styles and other non-content elements are dropped. A table nested
 * in a cell contributes its text to that cell (portals nest layout tables, not data tables).
 */
import { parse, HTMLElement, NodeType, type Node } from 'node-html-parser';
import { normaliseText } from '../textnorm.ts';

/** Elements whose content is never report text. */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'select', 'button']);
/** Elements that start a new line of text. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'address', 'blockquote',
  'pre', 'center', 'form', 'fieldset', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'hr', 'caption', 'body', 'html', 'title',
]);
/** Spans larger than this are treated as 1: a typo like colspan="100" must not blow up rows. */
const MAX_SPAN = 50;

function span(el: HTMLElement, attr: string): number {
  const n = Number.parseInt(el.getAttribute(attr) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 && n <= MAX_SPAN ? n : 1;
}

function tagOf(node: Node): string {
  return node.nodeType === NodeType.ELEMENT_NODE ? (node as HTMLElement).rawTagName?.toLowerCase() ?? '' : '';
}

/** Text of a cell, with `<br>` and nested blocks as spaces. */
function cellText(el: HTMLElement): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      parts.push(node.text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const tag = tagOf(node);
    if (SKIP_TAGS.has(tag)) return;
    // One space per break, however many elements end there (a wider gap would read as two fields).
    const breaks = tag === 'br' || BLOCK_TAGS.has(tag) || tag === 'tr' || tag === 'td' || tag === 'th';
    if (breaks && !parts[parts.length - 1]?.endsWith(' ')) parts.push(' ');
    for (const child of node.childNodes) walk(child);
  };
  walk(el);
  return normaliseText(parts.join(''));
}

/** The `<tr>` elements of this table, not of tables nested in its cells. */
function ownRows(table: HTMLElement): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (const child of table.childNodes) {
    const tag = tagOf(child);
    if (tag === 'tr') rows.push(child as HTMLElement);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') rows.push(...ownRows(child as HTMLElement));
  }
  return rows;
}

/** Expand a table into a grid of strings, honouring colspan and rowspan. */
export function tableToRows(table: HTMLElement): string[][] {
  const grid: (string | undefined)[][] = [];
  ownRows(table).forEach((tr, r) => {
    const row = (grid[r] ??= []);
    let c = 0;
    for (const cell of tr.childNodes) {
      const tag = tagOf(cell);
      if (tag !== 'td' && tag !== 'th') continue;
      while (row[c] !== undefined) c++;
      const el = cell as HTMLElement;
      const cs = span(el, 'colspan');
      const rs = span(el, 'rowspan');
      const text = cellText(el);
      for (let dr = 0; dr < rs; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < cs; dc++) target[c + dc] = dr === 0 && dc === 0 ? text : '';
      }
      c += cs;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return grid
    .map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''))
    .filter((row) => row.some((cell) => cell !== ''));
}

/** Walk the document: prose lines and table rows in reading order. */
export function htmlToRows(html: string): string[][] {
  // node-html-parser keeps the doctype as a text node.
  const body = html.replace(/<!doctype[^>]*>/i, '');
  const root = parse(body, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const rows: string[][] = [];
  let buffer: string[] = [];
  const flush = (): void => {
    const text = normaliseText(buffer.join(''));
    if (text) rows.push([text]);
    buffer = [];
  };
  const walk = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      buffer.push(node.text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const tag = tagOf(node);
    if (SKIP_TAGS.has(tag)) return;
    if (tag === 'table') {
      flush();
      rows.push(...tableToRows(node as HTMLElement));
      return;
    }
    if (tag === 'br') return flush();
    const block = BLOCK_TAGS.has(tag) || tag === 'tr';
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  // The <title> is in <head>, which is skipped: keep it as the first line (it often names the report).
  const title = root.querySelector('title');
  if (title) {
    const t = cellText(title);
    if (t) rows.push([t]);
  }
  for (const child of root.childNodes) walk(child);
  flush();
  return rows;
}

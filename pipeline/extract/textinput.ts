/**
 * Extraction for inputs that already carry their structure: HTML pages and text/markdown
 * exports. They produce the same `ExtractedPage` the PDF extractor does, with `rows` (one entry
 * per line: a table row is its cells in column order, a prose line is one cell) instead of
 * positioned items, so one table parser serves every input. See docs/inputs.md.
 */
import type { ExtractedPage } from '../types.ts';
import { declaredCharset, decodeBytes, type Decoded } from './textinput/decode.ts';
import { htmlToRows } from './textinput/html.ts';
import { textToPageRows } from './textinput/text.ts';

export type TextInputKind = 'html' | 'text';

/** Decode the bytes of a text or HTML input (exported for metadata and tests). */
export function decodeTextInput(bytes: Uint8Array, kind: TextInputKind): Decoded {
  return decodeBytes(bytes, kind === 'html' ? declaredCharset(bytes) : null);
}

function page(n: number, rows: string[][], route: TextInputKind): ExtractedPage {
  return { page: n, width: 0, height: 0, method: 'text', route, confidence: 1, items: [], rules: [], rows };
}

/**
 * Bytes of an HTML page or a text/markdown file → pages of rows. HTML is one page (a web page
 * has no pages); text is split on form feeds or page-number lines when it has them.
 */
export function extractTextInput(bytes: Uint8Array, kind: TextInputKind): ExtractedPage[] {
  const { text } = decodeTextInput(bytes, kind);
  if (kind === 'html') return [page(1, htmlToRows(text), 'html')];
  return textToPageRows(text).map((rows, i) => page(i + 1, rows, 'text'));
}

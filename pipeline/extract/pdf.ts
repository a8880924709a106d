/**
 * Text-layer extraction with pdfjs-dist: positioned text items and ruling lines per page.
 * Everything is converted to PDF points with a top-left origin (see TextItem).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Rule, TextItem } from '../types.ts';
import { normaliseText } from './textnorm.ts';

// The legacy build runs on Node 20 (the modern one needs Node 22 APIs); see pdfjs-lib.ts.
import { pdfjs, renderWorkerModule } from './pdfjs-lib.ts';
import { readerWorker } from './reader-port.ts';
type PDFDocumentProxy = import('pdfjs-dist/types/src/display/api.js').PDFDocumentProxy;
type PDFPageProxy = import('pdfjs-dist/types/src/display/api.js').PDFPageProxy;
export type { PDFDocumentProxy, PDFPageProxy };

const require = createRequire(import.meta.url);
/** pdfjs wants plain absolute directory paths ending in '/'; file:// URLs fail silently (no CJK text). */
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json')) + '/';

export class PdfOpenError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/**
 * Images above this many pixels are not decoded (pdf.js `maxImageSize`): pdf.js decodes an
 * image whole, at 4 bytes a pixel, so a 389 KB PDF holding a 20000×20000 image took 5.4 GB.
 * 36 Mpx still admits an A4 page scanned at 600 dpi (35 Mpx) and keeps one such page under
 * 1.5 GB peak with the OCR pool running (1.41 GB measured for 36 Mpx); see oversizedImages.
 */
export const MAX_IMAGE_PIXELS = 36_000_000;
/** pdf.js's own scratch canvases (image resizing, masks) stay under this many bytes. */
export const MAX_CANVAS_BYTES = 256 * 1024 * 1024;

/**
 * What a document is opened for. `render` (the default): pages may be drawn (OCR, page
 * images). `read`: text content and operator lists only, never a drawing (no glyph outlines;
 * see skipFontLoading). `text`: as `read`, and images are left out of operator lists: pdf.js
 * decodes every image it puts in one, whole, and text and ruling lines never need their pixels.
 */
export type PdfPurpose = 'render' | 'read' | 'text';

/**
 * Images above this many pixels are left out of a `text` document's operator lists (pdf.js
 * `maxImageSize`), so never decoded: charts, photos, seals, page scans (a 2048×1408 chart took
 * longer to decode than its page's text). Smaller ones (Type3 glyph bitmaps, icons) cost little.
 */
const TEXT_MAX_IMAGE_PIXELS = 64 * 64;

export async function openPdf(bytes: Uint8Array, purpose: PdfPurpose = 'render'): Promise<PDFDocumentProxy> {
  // A drawn document runs in pdf.js's own in-thread worker, which needs the module loaded first.
  const worker = purpose === 'render' ? (await renderWorkerModule(), undefined) : await readerWorker();
  const task = pdfjs.getDocument({
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    cMapUrl: join(PDFJS_DIR, 'cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts/'),
    wasmUrl: join(PDFJS_DIR, 'wasm/'),
    iccUrl: join(PDFJS_DIR, 'iccs/'),
    verbosity: 0,
    isEvalSupported: false,
    // No FontFace in Node: a page rendered for OCR draws its glyphs from their outlines, which
    // pdf.js compiles, glyph by glyph, into every operator list it builds. A document only read
    // (text, ruling lines) never draws a glyph: see skipFontLoading.
    disableFontFace: purpose === 'render',
    ...(worker ? { worker } : {}),
    maxImageSize: purpose === 'text' ? TEXT_MAX_IMAGE_PIXELS : MAX_IMAGE_PIXELS,
    canvasMaxAreaInBytes: MAX_CANVAS_BYTES,
  });
  try {
    const doc = await task.promise;
    if (purpose !== 'render') skipFontLoading(doc);
    return doc;
  } catch (err) {
    const name = (err as Error).name;
    const msg = (err as Error).message;
    if (name === 'PasswordException') throw new PdfOpenError('the PDF is encrypted with a password; it cannot be read');
    if (name === 'InvalidPDFException') throw new PdfOpenError(`the file is not a valid PDF (${msg}); it may be corrupt or truncated`);
    throw new PdfOpenError(`the PDF could not be opened: ${msg}`);
  }
}

/**
 * With font faces enabled, pdf.js hands each font of an operator list to its font loader, which
 * in Node has no document to load it into: the load fails and pdf.js falls back to compiling
 * every glyph's outline (the cost `disableFontFace` has, ~30 % of an operator list). A document
 * that is never drawn needs neither: its loader marks fonts as attached and loads nothing. Text
 * content and the operators are the same either way. (`_transport.fontLoader` is pdf.js's own
 * instance, pinned with the pdfjs-dist version; should it move, fonts just take the slow path.)
 */
function skipFontLoading(doc: PDFDocumentProxy): void {
  const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (typeof loader?.bind !== 'function') return;
  loader.bind = async (font: { attached?: boolean }) => {
    font.attached = true;
  };
}

/**
 * Sizes of the images pdf.js will skip (over MAX_IMAGE_PIXELS), read from the image
 * dictionaries in the file's bytes. pdf.js drops such an image with only a console warning, so
 * this is how a report learns that a page it reads as blank held one. Image XObjects are
 * streams, and streams never sit inside compressed object streams, so their dictionaries are
 * plain text; a /Width given as an indirect reference is not seen (the page then just reads
 * as blank).
 */
export function oversizedImages(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/\/Subtype\s*\/Image\b/g)) {
    // The dictionary around the match: from its last '<<' before to the 'stream' keyword after.
    const start = text.lastIndexOf('<<', m.index);
    const end = text.indexOf('stream', m.index);
    if (start < 0 || end < 0 || end - start > 4096) continue;
    const dict = text.slice(start, end);
    const w = Number(/\/(?:Width|W)\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1]);
    const h = Number(/\/(?:Height|H)\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1]);
    if (w * h > maxPixels) out.push(`${w}×${h}`);
  }
  return out;
}

/**
 * Text items of one page, normalised, blank spacers dropped, in the coordinates of the page as
 * shown: the viewport takes PDF user space to a top-left origin with y down, /Rotate and a
 * MediaBox away from the origin included (landscape tables are often rotated pages). A page
 * whose /Rotate turns upright text sideways (a scan-style rotation of a text page) is read
 * unrotated instead; `layout.rotation` tells the caller which, for pageRules and the page size.
 */
export async function pageTextItems(page: PDFPageProxy, layout: { rotation?: number } = {}): Promise<TextItem[]> {
  const content = await page.getTextContent();
  const shown = itemsIn(content.items, page.getViewport({ scale: 1 }).transform as Matrix);
  layout.rotation = page.rotate;
  if (page.rotate % 360 !== 0) {
    const unrotated = itemsIn(content.items, page.getViewport({ scale: 1, rotation: 0 }).transform as Matrix);
    if (unrotated.length > shown.length * 2) {
      layout.rotation = 0;
      return unrotated;
    }
  }
  return shown;
}

function itemsIn(raws: unknown[], vt: Matrix): TextItem[] {
  const items: TextItem[] = [];
  for (const raw of raws as { str?: string; transform: number[]; width: number; height: number }[]) {
    if (typeof raw.str !== 'string') continue;
    const str = normaliseText(raw.str);
    if (!str) continue;
    const [a, b, c, d, e, f] = multiply(vt, raw.transform as Matrix);
    // Font size from the text matrix: robust to pdfjs reporting height 0 for some fonts.
    const size = Math.hypot(c, d) || Math.hypot(a, b) || raw.height || 10;
    // Text not upright on the page (vertical labels, watermarks) is not table content.
    if (Math.abs(b) > 0.01 * size || Math.abs(c) > 0.01 * size || a <= 0 || d >= 0) continue;
    const w = raw.width || str.length * size * 0.5;
    items.push({ str, x: round2(e), y: round2(f - size), w: round2(w), h: round2(size), conf: 1 });
  }
  return items;
}

/** Lines thinner than this (points) count as a ruling line rather than a filled box. */
const RULE_MAX_THICKNESS = 2.5;
/** Ignore specks: a ruling line is at least this long (points). */
const RULE_MIN_LENGTH = 4;

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * Horizontal and vertical ruling lines (table borders), from the page's path operators.
 * Tables are drawn either as stroked lines, as thin filled rectangles, or as stroked cell
 * rectangles; all three become segments here. Curves and large filled areas are ignored.
 */
export async function pageRules(page: PDFPageProxy, rotation: number = page.rotate): Promise<Rule[]> {
  const vt = page.getViewport({ scale: 1, rotation }).transform as Matrix;
  const ops = await page.getOperatorList();
  const OPS = pdfjs.OPS;
  const stack: Matrix[] = [];
  // The current transform starts at the viewport's, so it maps straight to the shown page's
  // coordinates (top-left origin, y down), like the text items.
  let ctm: Matrix = vt;
  const rules: Rule[] = [];
  const add = (x0: number, y0: number, x1: number, y1: number) => {
    const [ax, ay] = apply(ctm, x0, y0);
    const [bx, by] = apply(ctm, x1, y1);
    const dx = Math.abs(ax - bx);
    const dy = Math.abs(ay - by);
    if (dy <= RULE_MAX_THICKNESS && dx >= RULE_MIN_LENGTH) {
      const y = (ay + by) / 2;
      rules.push({ x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y });
    } else if (dx <= RULE_MAX_THICKNESS && dy >= RULE_MIN_LENGTH) {
      const x = (ax + bx) / 2;
      rules.push({ x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by) });
    }
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    if (fn === OPS.showText || fn === OPS.setFont) continue; // the hot path: text, nothing to draw
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? vt;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    // Paths closed with endPath only set a clip region: they are not drawn.
    else if (fn === OPS.constructPath && args[0] !== OPS.endPath) collectPathSegments(args, add);
  }
  return dedupeRules(rules);
}

/** Hundredths of a point are far below any distance the parser compares. */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Cell-by-cell table drawings repeat every border two or four times (each cell strokes its own
 * rectangle): keep one copy of each segment, rounded, so pages.json stays small.
 */
function dedupeRules(rules: Rule[]): Rule[] {
  const seen = new Set<string>();
  const out: Rule[] = [];
  for (const r of rules) {
    const q = { x0: round2(r.x0), y0: round2(r.y0), x1: round2(r.x1), y1: round2(r.y1) };
    const key = `${Math.round(q.x0)},${Math.round(q.y0)},${Math.round(q.x1)},${Math.round(q.y1)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

/**
 * pdfjs 5 packs a path as [paintOp, [Float32Array of drawing ops], bbox]. Drawing ops:
 * 0 moveTo x y, 1 lineTo x y, 2 curveTo 6 numbers, 3 quadraticCurveTo 4 numbers, 4 closePath.
 * A rectangle arrives as moveTo + 3 lineTo + closePath.
 */
function collectPathSegments(args: unknown[], add: (x0: number, y0: number, x1: number, y1: number) => void): void {
  const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
  if (!data) return;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let i = 0;
  while (i < data.length) {
    const op = data[i++];
    if (op === 0) {
      cx = sx = data[i++]!;
      cy = sy = data[i++]!;
    } else if (op === 1) {
      const x = data[i++]!;
      const y = data[i++]!;
      add(cx, cy, x, y);
      cx = x;
      cy = y;
    } else if (op === 2) {
      i += 4;
      cx = data[i++]!;
      cy = data[i++]!;
    } else if (op === 3) {
      i += 2;
      cx = data[i++]!;
      cy = data[i++]!;
    } else if (op === 4) {
      add(cx, cy, sx, sy);
      cx = sx;
      cy = sy;
    } else return; // unknown op: stop rather than misread the rest
  }
}

/**
 * Decide, per page, whether the text layer can be used or the page must be OCR'd.
 *
 * A page goes to OCR when it has no text, when its text is unusable (fonts without a ToUnicode
 * map give private-use code points, U+FFFD or '(cid:123)'; some give Kangxi radicals instead of
 * ideographs; Latin-1 mojibake of GBK bytes), or when a scan covers the page and only a few words
 * of real text sit on it (a stamped header on a scanned table).
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { OPS } from '../pdfjs-lib.ts';
import type { TextItem } from '../../types.ts';

export interface RouteDecision {
  ocr: boolean;
  /**
   * Stable reason, for ExtractedPage.route: 'text-layer', 'no-text-layer', 'garbled-text',
   * 'cid-garbage', 'kangxi-radicals', 'mojibake', 'non-printable', 'image-page', 'blank-page'.
   */
  reason: string;
}

export interface PageInfo {
  width: number;
  height: number;
  /** Share 0–1 of the page area painted by images (see imageCoverage). */
  imageCoverage: number;
  /** False when the page's content paints nothing at all (see pageInk); default true. */
  ink?: boolean;
}

/** Fewer visible characters than this is "no text layer": page numbers and stray marks only. */
export const MIN_TEXT_CHARS = 4;
/**
 * Share of unusable characters (private use, U+FFFD, '(cid:N)', controls) above which the text
 * layer is garbage. Real reports have essentially none; broken fonts make most glyphs unusable,
 * while a few odd symbols (a PUA bullet, a check mark) stay far below 20 %.
 */
export const MAX_BAD_SHARE = 0.2;
/**
 * Kangxi radicals (U+2F00–2FDF) and CJK radical supplements standing in for ideographs: a few are
 * legitimate, but when they are this share of the Chinese text the font's Unicode map is broken
 * and the remaining characters cannot be trusted either. (NFKC would map the radicals back, but
 * the ideographs that have no radical twin come out wrong, so OCR is the safe route.)
 */
export const MAX_KANGXI_SHARE = 0.1;
/**
 * Latin-1 letters (U+00C0–00FF) with no Chinese at all: GBK bytes decoded as Latin-1
 * ('²¿ÃÅ¾öËã'). Genuine Latin-1 accents on a Chinese government page are rare.
 */
export const MAX_LATIN1_SHARE = 0.3;
/** Images painting at least this share of the page make it a scan (or a photo of a table). */
export const SCAN_IMAGE_COVERAGE = 0.5;
/**
 * On a scanned page, a text layer with fewer characters than this is overlay (a page number,
 * a watermark, a stamp), not the page's content: a table page has hundreds.
 */
export const SCAN_MIN_TEXT_CHARS = 40;

const CID = /\(cid:\d+\)/g;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
const KANGXI = /[\u2e80-\u2eff\u2f00-\u2fdf]/u;
const PUA = /[\ue000-\uf8ff\u{f0000}-\u{10ffff}]/u;
const LATIN1_LETTER = /[\u00c0-\u00ff]/u;

interface CharCounts {
  total: number;
  han: number;
  kangxi: number;
  bad: number;
  control: number;
  latin1: number;
}

/** Count the visible characters of a page's text by class. '(cid:N)' counts as one bad character. */
export function countChars(items: TextItem[]): CharCounts {
  const c: CharCounts = { total: 0, han: 0, kangxi: 0, bad: 0, control: 0, latin1: 0 };
  for (const it of items) {
    const cids = it.str.match(CID)?.length ?? 0;
    c.total += cids;
    c.bad += cids;
    for (const ch of it.str.replace(CID, '')) {
      if (/\s/u.test(ch)) continue;
      c.total++;
      if (HAN.test(ch)) c.han++;
      else if (KANGXI.test(ch)) c.kangxi++;
      else if (PUA.test(ch) || ch === '\ufffd') c.bad++;
      else if (/\p{Cc}|\p{Cf}/u.test(ch)) c.control++;
      else if (LATIN1_LETTER.test(ch)) c.latin1++;
    }
  }
  return c;
}

export function decideRoute(items: TextItem[], page: PageInfo): RouteDecision {
  const c = countChars(items);
  // Nothing painted and no text: a blank page (separator, back of a sheet) costs no OCR.
  if (c.total === 0 && page.ink === false) return { ocr: false, reason: 'blank-page' };
  if (c.total < MIN_TEXT_CHARS) return { ocr: true, reason: 'no-text-layer' };
  if (c.bad + c.control > MAX_BAD_SHARE * c.total) {
    const cid = items.some((it) => it.str.includes('(cid:'));
    return { ocr: true, reason: cid ? 'cid-garbage' : c.bad >= c.control ? 'garbled-text' : 'non-printable' };
  }
  if (c.kangxi > MAX_KANGXI_SHARE * (c.han + c.kangxi)) return { ocr: true, reason: 'kangxi-radicals' };
  if (c.han === 0 && c.latin1 > MAX_LATIN1_SHARE * c.total) return { ocr: true, reason: 'mojibake' };
  if (page.imageCoverage >= SCAN_IMAGE_COVERAGE && c.total < SCAN_MIN_TEXT_CHARS) return { ocr: true, reason: 'image-page' };
  return { ocr: false, reason: 'text-layer' };
}

type Matrix = [number, number, number, number, number, number];

/** Operators that paint an image into the unit square of the current transform. */
const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
]);

/**
 * Share of the page area painted by images: walk the operator list tracking the current
 * transform (save/restore/transform, form XObjects) and add up each image's bounding box
 * clipped to the page. Overlapping images count twice, so the sum is capped at 1; tiled
 * stamps (…Repeat) are counted once, which under-counts them — they are never page scans.
 */
export async function imageCoverage(page: PDFPageProxy): Promise<number> {
  return (await pageInk(page)).imageCoverage;
}

/** Operators that put marks on the page (pdfjs 5 folds fill/stroke into constructPath). */
const INK_OPS = new Set<number>([
  ...IMAGE_OPS,
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
  OPS.shadingFill,
  OPS.paintSolidColorImageMask,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
]);

/** Image coverage and whether the page paints anything at all, from one operator-list pass. */
export async function pageInk(page: PDFPageProxy): Promise<{ imageCoverage: number; ink: boolean }> {
  const ops = await page.getOperatorList();
  const ink = ops.fnArray.some((fn, i) => INK_OPS.has(fn) || (fn === OPS.constructPath && (ops.argsArray[i] as unknown[])[0] !== OPS.endPath));
  return { imageCoverage: coverageFromOps(ops.fnArray, ops.argsArray, page.view as [number, number, number, number]), ink };
}

/** The pure part of imageCoverage, on an operator list (testable without a PDF). */
export function coverageFromOps(fnArray: number[], argsArray: unknown[], view: [number, number, number, number]): number {
  const [vx0, vy0, vx1, vy1] = view;
  const pageArea = (vx1 - vx0) * (vy1 - vy0);
  if (!(pageArea > 0)) return 0;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let painted = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args?.[0] as Matrix | null | undefined;
      if (m) ctm = multiply(ctm, Array.from(m) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn !== undefined && IMAGE_OPS.has(fn)) painted += clippedArea(unitSquareBox(ctm), view);
  }
  return Math.min(1, painted / pageArea);
}

/** ctm × m in PDF's row-vector convention: m is applied first. */
function multiply(ctm: Matrix, m: Matrix): Matrix {
  const [a, b, c, d, e, f] = ctm;
  const [a2, b2, c2, d2, e2, f2] = m;
  return [a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d, e2 * a + f2 * c + e, e2 * b + f2 * d + f];
}

function unitSquareBox(m: Matrix): [number, number, number, number] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [u, v] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
    xs.push(m[0] * u + m[2] * v + m[4]);
    ys.push(m[1] * u + m[3] * v + m[5]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function clippedArea(b: [number, number, number, number], v: [number, number, number, number]): number {
  const w = Math.min(b[2], v[2]) - Math.max(b[0], v[0]);
  const h = Math.min(b[3], v[3]) - Math.max(b[1], v[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

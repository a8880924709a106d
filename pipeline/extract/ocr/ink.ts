/**
 * Blank-page checks before OCR: how much ink a rendered page holds, against the paper's own
 * level. A page without ink is not worth a recognition (docs/ocr.md, Bounds).
 */
import type { GrayImage } from './render.ts';

/** Gray level below which a pixel is ink, by default: mid-gray, so paper tone and JPEG noise are not. */
const INK_LEVEL = 128;
/**
 * On the full render a pixel is ink when it is this much darker than the paper (the median
 * level): faint photocopied ink at 55 % gray (~140) counts, a toned blank sheet's grain does not.
 * A fixed mid-gray level took whole faint pages for blank.
 */
export const BLANK_INK_CONTRAST = 60;

/** The paper's gray level: the median of every other pixel of every other row. */
export function paperLevel(img: GrayImage): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let y = 0; y < img.height; y += 2) for (let x = 0, row = y * img.width; x < img.width; x += 2, n++) hist[img.data[row + x]!]!++;
  for (let v = 0, seen = 0; v < 256; v++) if ((seen += hist[v]!) * 2 >= n) return v;
  return 255;
}
/**
 * A page with less ink than this share of its pixels is blank (≈ 0.05 %: a page number or a
 * few specks; one short line of text is ~0.1 %): no table can be on it, so tesseract is skipped.
 */
export const BLANK_MAX_INK_SHARE = 0.0005;

/** The blank-page preview's resolution: an A4 page is 298×421 px. */
export const PREVIEW_DPI = 36;
/** At 36 dpi text is a gray smear: anything short of near-white counts as ink in the preview. */
export const PREVIEW_INK_LEVEL = 240;

/** Share of pixels darker than `level`, counted on every other row and column (fast enough). */
export function inkShare(img: GrayImage, level = INK_LEVEL): number {
  let dark = 0;
  let n = 0;
  for (let y = 0; y < img.height; y += 2) {
    const row = y * img.width;
    for (let x = 0; x < img.width; x += 2, n++) if (img.data[row + x]! < level) dark++;
  }
  return n ? dark / n : 0;
}

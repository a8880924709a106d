/**
 * Text boxes the component layout (layout.ts) made too small: a line's fragments (a lone 一、,
 * the broken pieces of a title glyph) join the line, and a thin leading stroke the threshold
 * lost (the faint 一 of 一、) is taken back into its box from the gray page. Both are why
 * OCR'd labels lost their enumeration prefixes (一、财政拨款 read as 财政拨款).
 */
import { FAINT_CONTRAST } from '../faint.ts';
import type { GrayImage } from '../render.ts';
import type { CropSource, PixelBox } from './items.ts';
import type { Between } from './layout.ts';

/**
 * A fragment of a text line: a box lying within the height of the taller box right of it
 * (± FRAGMENT_SLACK_H of that box's height), at most FRAGMENT_H_SHARE as tall (thin strokes:
 * a run of digits beside a label is taller, ~0.7), at most
 * FRAGMENT_GAP_H of its height away and at least FRAGMENT_MIN_W as wide (not a speck). It is
 * part of the line: a lone 一 or 二、 (thin strokes: no full-height glyph to tie them in) or
 * the broken-off pieces of a large title glyph (一 and half of 般 of a 16-pt title, which
 * the body-text height th kept apart). Never joined across a ruling line.
 */
const FRAGMENT_SLACK_H = 0.1;
const FRAGMENT_H_SHARE = 0.6;
const FRAGMENT_GAP_H = 1;
const FRAGMENT_MIN_W = 0.4;
/** A fragment this close (in its line's heights) touches the line: the pieces of one broken glyph. */
const FRAGMENT_TOUCH_H = 0.15;
/** Tallest line that takes touching fragments (a 16-pt title), and one that takes them across a gap, in text heights. */
const TITLE_LINE_H = 2.5;
const BODY_LINE_H = 1.5;
/** Tallest fragment taken across a gap, in text heights: 一、 or 二、 (~0.55), not a run of digits (~0.75). */
const FRAGMENT_MAX_TH = 0.65;
/** Widest fragment taken across a gap, in text heights (一、 is ~1.5), and how far its centre may sit from its line's (in line heights). */
const FRAGMENT_MAX_W_TH = 2.2;
const FRAGMENT_MID_H = 0.35;

/**
 * A thin horizontal stroke at the start of a line can be lighter than the page's threshold
 * (blur and JPEG lighten a 2-px 一 more than a glyph's crossing strokes): 一、财政拨款 kept only
 * the 、, and the box began there. So a box is extended left over faint ink (FAINT_CONTRAST
 * darker than the paper beside it) in its middle band, reaching at most FAINT_LEAD_MAX_H of its
 * height, starting at most FAINT_LEAD_GAP_H before it (the 、 may be lost too), when that ink
 * fills at least FAINT_LEAD_MIN_H of columns (a stroke, not a speck or a faint border). The recogniser reads the crop's gray pixels, so it
 * then sees the 一.
 */
const FAINT_LEAD_MAX_H = 1.2;
const FAINT_LEAD_GAP_H = 0.4;
/** Gaps inside the stroke itself (JPEG, noise), in box heights. */
const FAINT_STROKE_GAP_H = 0.1;
const FAINT_LEAD_MIN_H = 0.4;
/** The middle band of a box where a 一 or the strokes of 二 lie: this share of its height off the top and bottom. */
const FAINT_LEAD_BAND = 0.2;
/** Faint pixels a column of a leading stroke holds at most, in box heights (一's stroke, both of 二's). */
const FAINT_STROKE_MAX_H = 0.3;
/** Share of a box's height a column of dark pixels covers when it is a column border. */
const BORDER_COVER = 0.5;
/** Components with fewer ink pixels than this are specks (despeckle leaves some). */

/**
 * Fragments of a line (FRAGMENT_H_SHARE) join the taller box right of them, repeatedly: the
 * pieces of a broken title glyph chain into the title, a lone 一、 into its label. `th` is the
 * page's text height: a line may be a title (TITLE_LINE_H text heights) for fragments touching
 * it, but only a body-text line (BODY_LINE_H) takes a fragment across a gap, and only one of
 * thin strokes (FRAGMENT_MAX_TH): a line box made tall by a broken rule's dashes would
 * otherwise take the digits of the cells beside it.
 */
export function joinFragments(boxes: PixelBox[], th: number, ruleBetween: Between): PixelBox[] {
  const out = boxes.map((b) => ({ ...b }));
  let changed = true;
  while (changed) {
    changed = false;
    out.sort((a, b) => a.x0 - b.x0);
    for (let i = 0; i < out.length && !changed; i++) {
      const f = out[i]!;
      const line = out.find((r) => r !== f && isFragmentOf(f, r, th) && !ruleBetween(f, r));
      if (!line) continue;
      // The line keeps its height (a fragment lies within it): a chain of joins never grows it into the next line.
      line.x0 = Math.min(line.x0, f.x0);
      out.splice(i, 1);
      changed = true;
    }
  }
  return out;
}

/** Is `f` a fragment of the line box `r` (FRAGMENT_H_SHARE): within its height, inside it or close on its left? */
function isFragmentOf(f: PixelBox, r: PixelBox, th: number): boolean {
  const rh = r.y1 - r.y0 + 1;
  const fh = f.y1 - f.y0 + 1;
  const slack = FRAGMENT_SLACK_H * rh;
  if (rh > TITLE_LINE_H * th || fh > FRAGMENT_H_SHARE * rh || f.y0 < r.y0 - slack || f.y1 > r.y1 + slack) return false;
  if (f.x1 > r.x1) return false;
  // Inside it or touching it across.
  if (f.x1 >= r.x0 - FRAGMENT_TOUCH_H * rh) return true;
  // Just left of it: thin strokes one or two characters wide, in the middle of one line of body
  // text (a broken rule's dashes run longer, along its top or bottom edge).
  const fw = f.x1 - f.x0 + 1;
  const mid = (f.y0 + f.y1) / 2;
  if (rh > BODY_LINE_H * th || fh > FRAGMENT_MAX_TH * th || fw < FRAGMENT_MIN_W * rh || fw > FRAGMENT_MAX_W_TH * th) return false;
  return r.x0 - f.x1 <= FRAGMENT_GAP_H * rh && Math.abs(mid - (r.y0 + r.y1) / 2) <= FRAGMENT_MID_H * rh;
}

/** The box (one line of body text, `th` the page's text height) extended left over a faint leading stroke (FAINT_LEAD_MAX_H), or the box itself. */
export function withFaintLead(src: CropSource, b: PixelBox, th: number): PixelBox {
  const { gray, bin } = src;
  const h = b.y1 - b.y0 + 1;
  // One line of body text: a box made tall by a broken rule's dashes would follow them.
  if (h > BODY_LINE_H * th) return b;
  const xMin = Math.max(0, b.x0 - Math.round(FAINT_LEAD_MAX_H * h));
  if (xMin >= b.x0) return b;
  const level = median(gray, xMin, b.x0 - 1, b.y0, b.y1) * (1 - FAINT_CONTRAST);
  const y0 = b.y0 + Math.round(FAINT_LEAD_BAND * h);
  const y1 = b.y1 - Math.round(FAINT_LEAD_BAND * h);
  const firstGap = Math.round(FAINT_LEAD_GAP_H * h);
  const innerGap = Math.max(2, Math.round(FAINT_STROKE_GAP_H * h));
  let lead = b.x0;
  let columns = 0;
  for (let x = b.x0 - 1, gap = 0; x >= xMin && gap <= (columns ? innerGap : firstGap); x--) {
    let faint = 0;
    let dark = 0;
    for (let y = b.y0; y <= b.y1; y++) {
      const i = y * gray.width + x;
      // Binary ink here is a piece of the stroke too small to be a box of its own.
      if (gray.data[i]! >= level && !bin.data[i]) continue;
      dark++;
      if (y >= y0 && y <= y1) faint++;
    }
    // A column dark over half the box's height is a border (removed or faint), not a stroke.
    if (dark >= BORDER_COVER * h) break;
    // Thin horizontal strokes only: a glyph's faint halo or a smudge covers more of the column.
    if (faint > 0 && faint <= FAINT_STROKE_MAX_H * h) {
      lead = x;
      columns++;
      gap = 0;
    } else gap++;
  }
  return columns >= FAINT_LEAD_MIN_H * h ? { ...b, x0: lead } : b;
}

/** Median gray level of a rectangle (inclusive bounds). */
function median(g: GrayImage, x0: number, x1: number, y0: number, y1: number): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++, n++) hist[g.data[y * g.width + x]!]!++;
  let seen = 0;
  let v = 0;
  while (v < 255 && seen + hist[v]! < n / 2) seen += hist[v++]!;
  return v;
}

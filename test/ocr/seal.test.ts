import { describe, expect, it } from 'vitest';
import { binarize, otsuThreshold, rotateGray } from '../../pipeline/extract/ocr/preprocess.ts';
import { capUnderSeals, deskewBoxes, grayWithoutSeals, SEAL_MAX_CONF, sealsToPoints } from '../../pipeline/extract/ocr/seal.ts';
import type { TextItem } from '../../pipeline/types.ts';

const SCALE = 200 / 72;
const W = 600;
const H = 400;
const RED = [220, 30, 40];

/** White RGBA page with black digit strokes in a row, and a red seal ring (plus its filled star) stamped over the right ones. */
function page(opts: { seal: boolean; dot?: boolean; paper?: number; red?: number[]; edges?: boolean }): Uint8ClampedArray {
  const px = new Uint8ClampedArray(W * H * 4).fill(opts.paper ?? 255);
  for (let i = 3; i < px.length; i += 4) px[i] = 255;
  const red = opts.red ?? RED;
  const set = (x: number, y: number, c: number[]) => {
    const i = (y * W + x) * 4;
    // multiply, as a stamp on paper: black stays black under red ink
    for (let k = 0; k < 3; k++) px[i + k] = Math.round((px[i + k]! * c[k]!) / 255);
  };
  for (let x = 40; x < 560; x += 40) for (let y = 180; y < 210; y++) for (let dx = 0; dx < 4; dx++) set(x + dx, y, [0, 0, 0]);
  if (opts.seal) {
    const [cx, cy, r] = [420, 200, 110];
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const d = Math.hypot(x - cx, y - cy);
        if ((d > r - 6 && d < r) || d < 25) set(x, y, red);
        // a JPEG's stroke edge: the seal's luma, 3/4 of its chroma (4:2:0 subsampling fades it)
        else if (opts.edges && ((d >= r && d < r + 2) || (d > r - 8 && d <= r - 6))) {
          const i = (y * W + x) * 4;
          const [pr, pg, pb] = [px[i]!, px[i + 1]!, px[i + 2]!].map((v, k) => (v * red[k]!) / 255) as [number, number, number];
          const luma = (77 * pr + 150 * pg + 29 * pb) / 256;
          [px[i], px[i + 1], px[i + 2]] = [pr, pg, pb].map((v) => luma + 0.75 * (v - luma)) as [number, number, number];
        }
      }
  }
  if (opts.dot) for (let y = 50; y < 56; y++) for (let x = 50; x < 56; x++) set(x, y, RED); // a red tick: not a seal
  return px;
}

const ink = (data: Uint8Array) => {
  const bin = binarize({ width: W, height: H, data }, otsuThreshold(data));
  return bin.data.reduce((n, v) => n + v, 0);
};

describe('red seals', () => {
  it('takes the red ink out of the gray page and keeps the black digits under it', () => {
    const clean = grayWithoutSeals(page({ seal: false }), W, H, SCALE);
    const sealed = grayWithoutSeals(page({ seal: true }), W, H, SCALE);
    expect(clean.seals).toEqual([]);
    // the same ink as the unstamped page: the ring is gone, no digit stroke was lost
    expect(Math.abs(ink(sealed.data) - ink(clean.data))).toBeLessThan(ink(clean.data) * 0.02);
    // a digit stroke under the ring's centre stays black
    expect(sealed.data[195 * W + 400]).toBe(0);
  });

  it('turns a dark red seal on toned paper into the paper, stroke edges included, and keeps the digits under it', () => {
    // toned paper (200) under a darker red: the seal's red level is 0.74 of the paper's, below
    // the paper as far as a threshold set between paper and faint ink can tell
    const opts = { seal: true, paper: 200, red: [190, 20, 30], edges: true };
    const { data } = grayWithoutSeals(page(opts), W, H, SCALE);
    // the ring's crossing (x 311–315) is the paper; its faded edges (309–310, 316–317: red 126,
    // gray 126 before) lifted by the same ratio, paper-light
    for (let x = 311; x <= 315; x++) expect(data[200 * W + x]).toBeGreaterThanOrEqual(195);
    for (const x of [309, 310, 316, 317]) expect(data[200 * W + x]).toBeGreaterThanOrEqual(160);
    expect(data[200 * W + 420]).toBeGreaterThanOrEqual(190); // the star
    // the black digit under the star stays black, the paper beside the seal untouched
    expect(data[195 * W + 400]).toBe(0);
    expect(data[20 * W + 20]).toBe(200);
  });

  it('finds the seal box, not a small red mark', () => {
    const { seals } = grayWithoutSeals(page({ seal: true, dot: true }), W, H, SCALE);
    expect(seals).toHaveLength(1);
    const s = seals[0]!;
    expect(s.x0).toBeLessThanOrEqual(310);
    expect(s.x1).toBeGreaterThanOrEqual(530);
    expect(s.y0).toBeLessThanOrEqual(90);
    expect(s.y1).toBeGreaterThanOrEqual(310);
  });

  it('caps the confidence of the words under a seal only', () => {
    const [seal] = sealsToPoints(grayWithoutSeals(page({ seal: true }), W, H, SCALE).seals, SCALE);
    const item = (x: number): TextItem => ({ str: '12.34', x, y: 180 / SCALE, w: 20, h: 10, conf: 0.95 });
    const items = [item(400 / SCALE), item(60 / SCALE)];
    expect(capUnderSeals(items, [seal!])).toBe(1);
    expect(items.map((i) => i.conf)).toEqual([SEAL_MAX_CONF, 0.95]);
  });

  it('moves seal boxes as deskew (rotateGray) moves the page', () => {
    const box = { x0: 500, y0: 100, x1: 510, y1: 110 };
    expect(deskewBoxes([box], W, H, 0)).toEqual([box]);
    const data = new Uint8Array(W * H).fill(255);
    for (let y = box.y0; y < box.y1; y++) for (let x = box.x0; x < box.x1; x++) data[y * W + x] = 0;
    const turned = rotateGray({ width: W, height: H, data }, 3);
    const dark = [...turned.data.keys()].filter((i) => turned.data[i]! < 128);
    const [ys, xs] = [dark.map((i) => Math.floor(i / W)), dark.map((i) => i % W)];
    const [moved] = deskewBoxes([box], W, H, 3);
    expect(moved!.y0).toBeLessThanOrEqual(Math.min(...ys));
    expect(moved!.y1).toBeGreaterThanOrEqual(Math.max(...ys) + 1);
    expect(moved!.x0).toBeLessThanOrEqual(Math.min(...xs));
    expect(moved!.x1).toBeGreaterThanOrEqual(Math.max(...xs) + 1);
    expect(moved!.y0).toBeLessThan(box.y0 - 5); // right of centre, the page turns up there
  });
});

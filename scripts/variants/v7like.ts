/**
 * The `v7like` scan profile: degrades one rendered gray page the way the shared harsh scans
 * (../shared/corpus/scan/*-v7, their .meta.json) were made — faint and broken ruling lines
 * (rules lightened more than text), paper tone, a red seal multiplied over the values, a blue
 * signature, skew 0.4–2.5°, a small shift, an illumination gradient, speckle and dust, Gaussian
 * blur, sensor noise — every parameter drawn per page from a seeded generator within the ranges
 * the v7 metadata lists. make-scans.ts renders the page (150–200 dpi) and writes the JPEG (q45–70).
 *
 * Pure pixel code (no image library): a page is a few million pixels, each pass a loop.
 */
import { createHash } from 'node:crypto';
import { clamp, signature, stampSeal } from './v7-marks.ts';

export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Interleaved RGB, 3 bytes a pixel. */
export interface Rgb {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A seeded generator of numbers in [0, 1) (mulberry32 on a SHA-256 of the key). */
export function seeded(key: string): () => number {
  let s = createHash('sha256').update(key).digest().readUInt32BE(0);
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

/** Ranges from the v7 metadata ("degradation.ranges"); shares of pages from its page lists. */
export const V7_RANGES = {
  dpi: [150, 200],
  rotationDeg: [0.4, 2.5],
  shiftMm: [0, 4],
  illumDarken: [0.05, 0.2],
  illumGamma: [0.6, 2],
  blurPx: [0.3, 0.8],
  pepper: [0.0003, 0.0018],
  salt: [0.0003, 0.0015],
  dust: [5, 40],
  noiseSigma: [1.5, 4],
  paper: [222, 242],
  warm: [0, 8],
  ink: [18, 55],
  jpeg: [45, 70],
  sealMm: [38, 42],
  sealOpacity: [0.55, 0.85],
  lineFade: [0.35, 0.65],
  lineDrop: [0.2, 0.4],
  lineGapPx: [6, 24],
  sigMm: [28, 45],
  sigOpacity: [0.75, 0.95],
} as const;

/**
 * Shares of table pages with faint lines, a seal, a signature. v7 has 2, 3 and 2 of 9; faint
 * lines are drawn on half the pages here, since they are what the reading fails on most.
 */
export const V7_SHARES = { faint: 0.5, seal: 0.34, signature: 0.25 };

/** One page's parameters, drawn once (also written to the scan's .meta.json for reference). */
export interface V7Page {
  dpi: number;
  jpeg: number;
  rotationDeg: number;
  shiftPx: [number, number];
  paper: number;
  warm: number;
  ink: number;
  faint: { fade: number; drop: number; gapPx: number } | null;
  seal: { diameterPx: number; opacity: number; rgb: [number, number, number] } | null;
  signature: { widthPx: number; opacity: number; rgb: [number, number, number] } | null;
  illum: { side: 'left' | 'right' | 'top' | 'bottom'; darken: number; gamma: number };
  pepper: number;
  salt: number;
  dust: number;
  blurPx: number;
  noiseSigma: number;
}

export function drawPage(r: () => number): V7Page {
  const R = V7_RANGES;
  const dpi = Math.round(between(r, ...R.dpi));
  const mm = dpi / 25.4;
  const sign = () => (r() < 0.5 ? -1 : 1);
  return {
    dpi,
    jpeg: Math.round(between(r, ...R.jpeg)),
    rotationDeg: sign() * between(r, ...R.rotationDeg),
    shiftPx: [sign() * between(r, ...R.shiftMm) * mm, sign() * between(r, ...R.shiftMm) * mm],
    paper: Math.round(between(r, ...R.paper)),
    warm: Math.round(between(r, ...R.warm)),
    ink: Math.round(between(r, ...R.ink)),
    faint: r() < V7_SHARES.faint ? { fade: between(r, ...R.lineFade), drop: between(r, ...R.lineDrop), gapPx: between(r, ...R.lineGapPx) } : null,
    seal:
      r() < V7_SHARES.seal
        ? { diameterPx: between(r, ...R.sealMm) * mm, opacity: between(r, ...R.sealOpacity), rgb: [Math.round(between(r, 205, 225)), Math.round(between(r, 20, 56)), Math.round(between(r, 28, 40))] }
        : null,
    signature:
      r() < V7_SHARES.signature
        ? { widthPx: between(r, ...R.sigMm) * mm, opacity: between(r, ...R.sigOpacity), rgb: [Math.round(between(r, 18, 45)), Math.round(between(r, 34, 66)), Math.round(between(r, 134, 166))] }
        : null,
    illum: { side: (['left', 'right', 'top', 'bottom'] as const)[Math.floor(r() * 4)]!, darken: between(r, ...R.illumDarken), gamma: between(r, ...R.illumGamma) },
    pepper: between(r, ...R.pepper),
    salt: between(r, ...R.salt),
    dust: Math.round(between(r, ...R.dust)),
    blurPx: between(r, ...R.blurPx),
    noiseSigma: between(r, ...R.noiseSigma),
  };
}

/** Gray level below which a pixel counts as ink when looking for ruling lines (anti-aliased edges included). */
const RULE_INK = 200;
/** A straight run of ink this long (inches) is a ruling line: no glyph stroke at report sizes is. */
const RULE_MIN_IN = 0.3;

/**
 * Ruling-line pixels: 1 for pixels in horizontal or vertical runs of ink at least RULE_MIN_IN
 * long, 2 for vertical ones (so breaks can be cut along the right axis).
 */
export function ruleMask(g: Gray, dpi: number): Uint8Array {
  const { width: w, height: h, data } = g;
  const min = Math.round(RULE_MIN_IN * dpi);
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) longRuns(w, min, (x) => data[y * w + x]! < RULE_INK, (a, b) => mask.fill(1, y * w + a, y * w + b));
  for (let x = 0; x < w; x++) {
    longRuns(h, min, (y) => data[y * w + x]! < RULE_INK, (a, b) => {
      for (let k = a; k < b; k++) mask[k * w + x] = 2;
    });
  }
  return mask;
}

/** Calls `run(start, end)` for every run of ink (`ink(i)`, i < n) at least `min` long. */
function longRuns(n: number, min: number, ink: (i: number) => boolean, run: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const on = i < n && ink(i);
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      if (i - start >= min) run(start, i);
      start = -1;
    }
  }
}

/**
 * Fade the ruling lines (not the text) towards paper by `fade`, and cut gaps of ~gapPx into
 * them over a share `drop` of their length, the same gaps across a line's thickness.
 */
export function fadeRules(g: Gray, mask: Uint8Array, f: { fade: number; drop: number; gapPx: number }, r: () => number): void {
  const { width: w, height: h, data } = g;
  // A gap pattern along each axis: a run of paper of ~gapPx, then ink for gapPx·(1−drop)/drop.
  const pattern = (n: number) => {
    const out = new Uint8Array(n);
    let i = Math.floor(r() * f.gapPx * 3);
    while (i < n) {
      const gap = Math.max(2, Math.round(f.gapPx * between(r, 0.6, 1.4)));
      out.fill(1, i, Math.min(n, i + gap));
      // Exponential spacing: breaks fall irregularly, some close together, some far apart.
      i += gap + Math.max(2, Math.round(((f.gapPx * (1 - f.drop)) / f.drop) * -Math.log(1 - r())));
    }
    return out;
  };
  // One pattern per line: consecutive rows (columns) with rule pixels are one line.
  const rowPattern: (Uint8Array | null)[] = new Array(h).fill(null);
  for (let y = 0; y < h; y++) {
    let any = false;
    for (let x = 0; x < w && !any; x++) any = mask[y * w + x] === 1;
    if (any) rowPattern[y] = y > 0 && rowPattern[y - 1] ? rowPattern[y - 1]! : pattern(w);
  }
  const colPattern: (Uint8Array | null)[] = new Array(w).fill(null);
  for (let x = 0; x < w; x++) {
    let any = false;
    for (let y = 0; y < h && !any; y++) any = mask[y * w + x] === 2;
    if (any) colPattern[x] = x > 0 && colPattern[x - 1] ? colPattern[x - 1]! : pattern(h);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const m = mask[y * w + x]!;
      if (!m) continue;
      const i = y * w + x;
      const cut = m === 1 ? rowPattern[y]![x] : colPattern[x]![y];
      data[i] = cut ? 255 : Math.round(data[i]! + (255 - data[i]!) * f.fade);
    }
  }
}

/** Gray page → RGB with paper tone (white → paper, black → ink level) and a warm cast. */
export function tone(g: Gray, p: V7Page): Rgb {
  const out = new Uint8Array(g.width * g.height * 3);
  for (let i = 0; i < g.data.length; i++) {
    const v = p.ink + ((p.paper - p.ink) * g.data[i]!) / 255;
    const paperShare = g.data[i]! / 255;
    out[3 * i] = clamp(v + (p.warm / 2) * paperShare);
    out[3 * i + 1] = clamp(v);
    out[3 * i + 2] = clamp(v - p.warm * paperShare);
  }
  return { width: g.width, height: g.height, data: out };
}


/** Rotate by `deg` about the centre and shift, bilinear, filling with the paper colour. */
export function rotateShift(img: Rgb, deg: number, [sx, sy]: [number, number], fill: [number, number, number]): Rgb {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data.length);
  const c = Math.cos((deg * Math.PI) / 180);
  const s = Math.sin((deg * Math.PI) / 180);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Inverse map: where this output pixel comes from.
      const dx = x - cx - sx;
      const dy = y - cy - sy;
      const u = c * dx + s * dy + cx;
      const v = -s * dx + c * dy + cy;
      const o = 3 * (y * w + x);
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[o] = fill[0];
        out[o + 1] = fill[1];
        out[o + 2] = fill[2];
        continue;
      }
      const fx = u - x0;
      const fy = v - y0;
      const a = 3 * (y0 * w + x0);
      const b = a + 3 * w;
      for (let ch = 0; ch < 3; ch++) {
        const top = data[a + ch]! * (1 - fx) + data[a + 3 + ch]! * fx;
        const bot = data[b + ch]! * (1 - fx) + data[b + 3 + ch]! * fx;
        out[o + ch] = Math.round(top * (1 - fy) + bot * fy);
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Light falling off towards one side: factor 1 − darken·(distance share from the lit side)^gamma. */
export function illuminate(img: Rgb, il: V7Page['illum']): void {
  const { width: w, height: h, data } = img;
  const across = il.side === 'left' || il.side === 'right';
  const n = across ? w : h;
  // The factor depends on one coordinate only.
  const f = Float32Array.from({ length: n }, (_, k) => 1 - il.darken * (il.side === 'left' || il.side === 'top' ? 1 - k / n : k / n) ** il.gamma);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = f[across ? x : y]!;
      const i = 3 * (y * w + x);
      data[i] = clamp(data[i]! * k);
      data[i + 1] = clamp(data[i + 1]! * k);
      data[i + 2] = clamp(data[i + 2]! * k);
    }
  }
}

/** Pepper (dark pixels), salt (paper pixels) and dust (small dark blobs). */
export function speckle(img: Rgb, p: V7Page, r: () => number): void {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const set = (i: number, v: number) => data.fill(v, 3 * i, 3 * i + 3);
  for (let k = 0; k < n * p.pepper; k++) set(Math.floor(r() * n), p.ink + Math.floor(r() * 40));
  for (let k = 0; k < n * p.salt; k++) set(Math.floor(r() * n), p.paper);
  for (let k = 0; k < p.dust; k++) {
    const cx = r() * w;
    const cy = r() * h;
    const rad = 1 + r() * 2.5;
    for (let y = Math.floor(cy - rad); y <= cy + rad; y++)
      for (let x = Math.floor(cx - rad); x <= cx + rad; x++)
        if (x >= 0 && y >= 0 && x < w && y < h && Math.hypot(x - cx, y - cy) <= rad) set(y * w + x, p.ink + 30);
  }
}

/** Separable Gaussian blur of sigma `sigma` pixels. */
export function blur(img: Rgb, sigma: number): void {
  const rad = Math.max(1, Math.ceil(sigma * 3));
  const k = Array.from({ length: 2 * rad + 1 }, (_, i) => Math.exp(-((i - rad) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const kern = k.map((v) => v / sum);
  const { width: w, height: h, data } = img;
  const tmp = new Float32Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < 3; ch++) {
        let acc = 0;
        for (let j = -rad; j <= rad; j++) acc += kern[j + rad]! * data[3 * (y * w + Math.min(w - 1, Math.max(0, x + j))) + ch]!;
        tmp[3 * (y * w + x) + ch] = acc;
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < 3; ch++) {
        let acc = 0;
        for (let j = -rad; j <= rad; j++) acc += kern[j + rad]! * tmp[3 * (Math.min(h - 1, Math.max(0, y + j)) * w + x) + ch]!;
        data[3 * (y * w + x) + ch] = clamp(acc);
      }
}

/** Gaussian sensor noise (Box–Muller), per channel. */
export function noise(img: Rgb, sigma: number, r: () => number): void {
  const d = img.data;
  for (let i = 0; i < d.length; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    d[i] = clamp(d[i]! + z * sigma);
  }
}

/** Share of the page height at top and bottom holding titles and page numbers, not the table. */
const PAGE_FURNITURE = 0.08;

/**
 * The table's box, to put seals and signatures on it as v7 does: the extent of the ruling
 * lines, or without lines, of the ink between the page's top and bottom furniture.
 */
export function tableBox(g: Gray, mask: Uint8Array): [number, number, number, number] {
  let x0 = g.width;
  let y0 = g.height;
  let x1 = 0;
  let y1 = 0;
  const ruled = mask.some((m) => m !== 0);
  for (let y = Math.round(g.height * PAGE_FURNITURE); y < g.height * (1 - PAGE_FURNITURE); y++)
    for (let x = 0; x < g.width; x++)
      if (ruled ? mask[y * g.width + x] : g.data[y * g.width + x]! < 128) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return x1 > x0 ? [x0, y0, x1, y1] : [0, 0, g.width, g.height];
}

/** Degrade one rendered gray page (rendered at `p.dpi`) into the RGB scan. `g` is changed in place. */
export function degradeV7(g: Gray, p: V7Page, r: () => number): Rgb {
  const mask = ruleMask(g, p.dpi);
  const [ix0, iy0, ix1, iy1] = tableBox(g, mask);
  if (p.faint) fadeRules(g, mask, p.faint, r);
  let img = tone(g, p);
  // The seal sits over the value columns (right part of the table), anywhere down the table.
  if (p.seal) stampSeal(img, between(r, ix0 + 0.6 * (ix1 - ix0), ix1), between(r, iy0 + 0.15 * (iy1 - iy0), iy1), p.seal, r);
  // The signature below the table when there is room, else over its lower part.
  if (p.signature) {
    const y = Math.min(g.height - p.signature.widthPx * 0.3, iy1 + p.signature.widthPx * 0.25);
    signature(img, between(r, ix0 + 0.4 * (ix1 - ix0), Math.max(ix0 + 0.4 * (ix1 - ix0), ix1 - p.signature.widthPx)), y, p.signature, p.dpi, r);
  }
  const paperRgb: [number, number, number] = [clamp(p.paper + p.warm / 2), p.paper, clamp(p.paper - p.warm)];
  img = rotateShift(img, p.rotationDeg, p.shiftPx, paperRgb);
  illuminate(img, p.illum);
  speckle(img, p, r);
  blur(img, p.blurPx);
  noise(img, p.noiseSigma, r);
  return img;
}

/** PGM (P5, 8-bit) bytes → gray image. */
export function readPgm(buf: Buffer): Gray {
  const header = /^P5\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 200).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('expected an 8-bit binary PGM (P5)');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, data: new Uint8Array(buf.subarray(header[0].length, header[0].length + width * height)) };
}

/** RGB image → PPM (P6) bytes. */
export function toPpm(img: Rgb): Buffer {
  return Buffer.concat([Buffer.from(`P6\n${img.width} ${img.height}\n255\n`, 'latin1'), Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}

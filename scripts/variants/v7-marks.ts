/**
 * The marks the v7like profile puts on a page (v7like.ts): a red official seal and a blue pen
 * signature, multiplied over the toned page as ink over paper.
 */
import type { Rgb, V7Page } from './v7like.ts';

export function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Multiply `rgb` by colour `c` with coverage `a(x, y)` (0–1) inside a box. */
function multiply(img: Rgb, box: [number, number, number, number], c: [number, number, number], a: (x: number, y: number) => number): void {
  const [x0, y0, x1, y1] = box.map(Math.round) as [number, number, number, number];
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) {
      const k = a(x, y);
      if (k <= 0) continue;
      const i = 3 * (y * img.width + x);
      for (let ch = 0; ch < 3; ch++) img.data[i + ch] = clamp(img.data[i + ch]! * (1 - k * (1 - c[ch]! / 255)));
    }
  }
}

/** Soft coverage of a stroke: 1 inside half-width `hw` of the distance, fading over one pixel. */
const cover = (d: number, hw: number) => Math.max(0, Math.min(1, hw + 0.5 - d));

/**
 * A round official seal: a thick outer ring, a thin inner ring, a five-pointed star and a band
 * of glyph-like strokes along the top arc, centred at (cx, cy).
 */
export function stampSeal(img: Rgb, cx: number, cy: number, s: NonNullable<V7Page['seal']>, r: () => number): void {
  const R = s.diameterPx / 2;
  const ring = R * 0.045;
  // Glyph strokes: short segments inside cells along the arc from 200° to 340° (the top).
  const segs: [number, number, number, number][] = [];
  const glyphs = 9 + Math.floor(r() * 4);
  for (let g = 0; g < glyphs; g++) {
    const t = ((200 + (140 * (g + 0.5)) / glyphs) * Math.PI) / 180 + (r() - 0.5) * 0.02;
    const gx = cx + Math.cos(t) * R * 0.72;
    const gy = cy + Math.sin(t) * R * 0.72;
    const size = R * 0.12;
    for (let k = 0; k < 4; k++) {
      const ax = gx + (r() - 0.5) * size;
      const ay = gy + (r() - 0.5) * size;
      const horiz = r() < 0.5;
      segs.push([ax, ay, ax + (horiz ? size * 0.8 : 0), ay + (horiz ? 0 : size * 0.8)]);
    }
  }
  const star = (x: number, y: number) => {
    const dx = x - cx;
    const dy = y - cy;
    const d = Math.hypot(dx, dy);
    if (d > R * 0.22) return 0;
    const t = Math.atan2(dy, dx) + Math.PI / 2;
    const k = ((t / (2 * Math.PI)) * 5) % 1;
    const edge = R * (0.09 + 0.13 * Math.abs(1 - 2 * ((k + 1) % 1)));
    return d <= edge ? 1 : 0;
  };
  multiply(img, [cx - R - 2, cy - R - 2, cx + R + 2, cy + R + 2], s.rgb, (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    let k = Math.max(cover(Math.abs(d - (R - ring)), ring), cover(Math.abs(d - R * 0.86), ring * 0.35), star(x, y));
    if (k < 1) for (const sg of segs) k = Math.max(k, cover(segDist(x, y, sg), ring * 0.55));
    // Uneven ink: a stamp never inks evenly.
    return k * s.opacity * (0.8 + 0.2 * Math.sin(x * 0.13 + y * 0.07));
  });
}

function segDist(x: number, y: number, [ax, ay, bx, by]: [number, number, number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy || 1;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** A blue pen signature: a few joined loops and an underline, about widthPx wide, at (x, y). */
export function signature(img: Rgb, x: number, y: number, s: NonNullable<V7Page['signature']>, dpi: number, r: () => number): void {
  const pen = ((3 + 1.5 * r()) * dpi) / 200 / 2;
  const pts: [number, number][] = [];
  const loops = 5 + Math.floor(r() * 5);
  const hgt = s.widthPx * 0.22;
  for (let i = 0; i <= loops * 12; i++) {
    const t = i / 12;
    pts.push([x + (t / loops) * s.widthPx + Math.sin(t * 2 * Math.PI) * hgt * 0.25, y + Math.cos(t * 2 * Math.PI + r() * 0.3) * hgt * (0.4 + 0.3 * r())]);
  }
  pts.push([x, y + hgt * 0.8], [x + s.widthPx, y + hgt * 0.7]);
  const segs: [number, number, number, number][] = [];
  for (let i = 1; i < pts.length; i++) segs.push([pts[i - 1]![0], pts[i - 1]![1], pts[i]![0], pts[i]![1]]);
  multiply(img, [x - hgt, y - hgt, x + s.widthPx + hgt, y + hgt * 1.2], s.rgb, (px, py) => {
    let k = 0;
    for (const sg of segs) if (Math.abs(py - sg[1]) < hgt && Math.abs(px - sg[0]) < hgt) k = Math.max(k, cover(segDist(px, py, sg), pen));
    return k * s.opacity;
  });
}

/**
 * The v7like scan profile (scripts/variants/v7like.ts): ruling lines are found and faded more
 * than text, every parameter is drawn per page within the shared harsh scans' ranges, and the
 * same key gives the same page.
 */
import { describe, expect, it } from 'vitest';
import { degradeV7, drawPage, fadeRules, ruleMask, seeded, V7_RANGES, type Gray } from '../../scripts/variants/v7like.ts';

/** A 200×120 white page at 100 dpi: a 2 px horizontal rule at y 20, a vertical one at x 150, a 12 px glyph block. */
function page(): Gray {
  const w = 200;
  const h = 120;
  const data = new Uint8Array(w * h).fill(255);
  for (let x = 10; x < 190; x++) data[20 * w + x] = data[21 * w + x] = 0;
  for (let y = 10; y < 110; y++) data[y * w + 150] = 0;
  for (let y = 50; y < 62; y++) for (let x = 40; x < 52; x++) if ((x + y) % 3) data[y * w + x] = 0;
  return { width: w, height: h, data };
}

describe('v7like scans', () => {
  it('finds the ruling lines, not the glyphs', () => {
    const g = page();
    const mask = ruleMask(g, 100);
    expect(mask[20 * 200 + 100]).toBe(1);
    expect(mask[60 * 200 + 150]).toBe(2);
    expect(mask[55 * 200 + 41]).toBe(0);
  });

  it('fades and breaks the rules and leaves the text as it was', () => {
    const g = page();
    const before = g.data.slice();
    fadeRules(g, ruleMask(g, 100), { fade: 0.5, drop: 0.3, gapPx: 6 }, seeded('t'));
    const line = Array.from({ length: 180 }, (_, i) => g.data[20 * 200 + 10 + i]!);
    expect(line.filter((v) => v === 255).length).toBeGreaterThan(10); // breaks
    expect(line.filter((v) => v > 100 && v < 160).length).toBeGreaterThan(60); // faded, not gone
    for (let y = 50; y < 62; y++) for (let x = 40; x < 52; x++) expect(g.data[y * 200 + x]).toBe(before[y * 200 + x]);
  });

  it('draws each page within the v7 ranges, the same for the same key', () => {
    for (let i = 0; i < 20; i++) {
      const p = drawPage(seeded(`k${i}`));
      expect(p.dpi).toBeGreaterThanOrEqual(V7_RANGES.dpi[0]);
      expect(p.dpi).toBeLessThanOrEqual(V7_RANGES.dpi[1]);
      expect(Math.abs(p.rotationDeg)).toBeGreaterThanOrEqual(V7_RANGES.rotationDeg[0]);
      expect(Math.abs(p.rotationDeg)).toBeLessThanOrEqual(V7_RANGES.rotationDeg[1]);
      expect(p.jpeg).toBeGreaterThanOrEqual(45);
    }
    expect(drawPage(seeded('a'))).toEqual(drawPage(seeded('a')));
    expect(drawPage(seeded('a'))).not.toEqual(drawPage(seeded('b')));
  });

  it('degrades a page into toned, skewed colour with a seal when drawn', () => {
    const p = { ...drawPage(seeded('s')), dpi: 100, seal: { diameterPx: 60, opacity: 0.8, rgb: [220, 40, 30] as [number, number, number] } };
    const a = degradeV7(page(), p, seeded('x'));
    const b = degradeV7(page(), p, seeded('x'));
    expect(a.data).toEqual(b.data);
    expect(a.data.length).toBe(200 * 120 * 3);
    // Paper is toned below white; some pixels are clearly red (the seal).
    let red = 0;
    let max = 0;
    for (let i = 0; i < a.data.length; i += 3) {
      max = Math.max(max, a.data[i + 1]!);
      if (a.data[i]! > a.data[i + 1]! + 60) red++;
    }
    expect(max).toBeLessThan(252);
    expect(red).toBeGreaterThan(20);
  });
});

/**
 * OCR of one real scanned table page (000-v5 page 5, table 02, image-only): the numbers of the
 * truth rows must come back as items, with either engine. Slow (~5–10 s each): one page only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { OcrPool } from '../../pipeline/extract/ocr/pool.ts';
import { openPdf } from '../../pipeline/extract/ocr/pdfjs.ts';
import type { OcrPageResult } from '../../pipeline/extract/ocr/pool.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ocr/${name}`, import.meta.url));

/** The page prints 万元 with two decimals; truth is in 元. */
function truthNumbers(): string[] {
  const rows = readFileSync(fixture('000-v5-table02.truth.csv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => new Decimal(r.split(',').at(-1)!).div(10000).toFixed(2));
}

describe.each(['paddle', 'tesseract'] as const)('OcrPool (%s) on a scanned table page', (engine) => {
  let pool: OcrPool;
  let result: OcrPageResult;

  beforeAll(async () => {
    pool = await OcrPool.create({ workers: 1, engine });
    const doc = await openPdf(fixture('000-v5-p5-table02.pdf'));
    try {
      result = await pool.ocrPage(await doc.getPage(1));
    } finally {
      await doc.destroy();
    }
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('reads ≥ 98 % of the table numbers as separate items', () => {
    const bag = new Map<string, number>();
    for (const it of result.items) bag.set(it.str.replace(/,/g, ''), (bag.get(it.str.replace(/,/g, '')) ?? 0) + 1);
    const want = truthNumbers();
    let found = 0;
    for (const v of want) {
      const n = bag.get(v) ?? 0;
      if (n > 0) {
        found++;
        bag.set(v, n - 1);
      }
    }
    expect(want.length).toBe(154);
    expect(found / want.length).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps Chinese labels whole and places items on the page in points', () => {
    const strs = result.items.map((i) => i.str);
    expect(strs).toContain('社会保障和就业支出');
    expect(strs).toContain('2080505');
    expect(result.width).toBeCloseTo(595.2, 0);
    for (const it of result.items) {
      expect(it.x).toBeGreaterThanOrEqual(0);
      expect(it.x + it.w).toBeLessThanOrEqual(result.width + 1);
      expect(it.y).toBeGreaterThanOrEqual(0);
      expect(it.y + it.h).toBeLessThanOrEqual(result.height + 1);
      expect(it.conf).toBeGreaterThanOrEqual(0);
      expect(it.conf).toBeLessThanOrEqual(1);
    }
    // The row '208 社会保障和就业支出 83.45 …' lies on one line, code left of label left of amount.
    const code = result.items.find((i) => i.str === '208')!;
    const label = result.items.find((i) => i.str === '社会保障和就业支出')!;
    const amount = result.items.find((i) => i.str === '83.45' && Math.abs(i.y - label.y) < label.h)!;
    expect(Math.abs(code.y - label.y)).toBeLessThan(label.h);
    expect(code.x + code.w).toBeLessThan(label.x);
    expect(label.x + label.w).toBeLessThan(amount.x);
    expect(result.confidence).toBeGreaterThan(0.7);
    expect(result.rules.length).toBeGreaterThan(10);
  });

  it('fails cleanly after close', async () => {
    const p = await OcrPool.create({ workers: 1, engine });
    await p.close();
    const doc = await openPdf(fixture('000-v5-p5-table02.pdf'));
    try {
      await expect(p.ocrPage(await doc.getPage(1))).rejects.toThrow(/closed/);
    } finally {
      await doc.destroy();
    }
  });
});

/**
 * The PaddleOCR engine (pipeline/extract/ocr/paddle/): CTC decoding and the component layout on
 * synthetic pixels, then a whole generated table image (drawn here with @napi-rs/canvas: ruled
 * cells, a Chinese label, amounts) read through OcrPool with engine 'paddle'. No shared corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';
import { OcrPool, type OcrPageResult } from '../../pipeline/extract/ocr/pool.ts';
import { ctcDecode, PaddleRecognizer } from '../../pipeline/extract/ocr/paddle/rec.ts';
import { textBoxes } from '../../pipeline/extract/ocr/paddle/layout.ts';
import { splitAmounts, withoutSpecks } from '../../pipeline/extract/ocr/paddle/items.ts';
import { joinFragments, withFaintLead } from '../../pipeline/extract/ocr/paddle/fragments.ts';
import { resolveEngine } from '../../pipeline/extract/ocr/paddle/engine.ts';
import type { BinaryImage } from '../../pipeline/extract/ocr/preprocess.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';

describe('ctcDecode', () => {
  it('collapses repeats, drops blanks and keeps a repeat split by a blank', () => {
    const charset = ['', 'a', 'b'];
    // steps: a a _ a b b _  → "aab"
    const best = [1, 1, 0, 1, 2, 2, 0];
    const probs = new Float32Array(best.length * 3);
    best.forEach((c, t) => {
      probs[t * 3 + c] = 0.9;
      probs[t * 3 + ((c + 1) % 3)] = 0.1;
    });
    const r = ctcDecode(probs, best.length, 3, charset);
    expect(r.text).toBe('aab');
    expect(r.conf).toBeCloseTo(0.9, 5);
    expect(r.chars.map((c) => c.x)).toEqual([0.5 / 7, 3.5 / 7, 4.5 / 7]);
  });
});

/** A page-sized blank binary image and glyph-like ink blocks. */
function page(w: number, h: number): { bin: BinaryImage; gray: GrayImage } {
  return { bin: { width: w, height: h, data: new Uint8Array(w * h) }, gray: { width: w, height: h, data: new Uint8Array(w * h).fill(255) } };
}
function glyph(p: { bin: BinaryImage; gray: GrayImage }, x0: number, y0: number, w: number, h: number, removed = false): void {
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) {
      p.gray.data[y * p.gray.width + x] = 0;
      if (!removed) p.bin.data[y * p.bin.width + x] = 1;
    }
}

describe('textBoxes', () => {
  it('joins glyphs of one line, keeps lines apart and never joins across a removed ruling line', () => {
    const p = page(400, 120);
    // Line 1: four glyphs, then a removed vertical line, then two more glyphs close by.
    for (const x of [20, 36, 52, 68]) glyph(p, x, 20, 12, 20);
    glyph(p, 92, 0, 2, 120, true);
    for (const x of [100, 116]) glyph(p, x, 20, 12, 20);
    // Line 2 below, with a decimal point (a small mark) between two digit runs.
    for (const x of [20, 36]) glyph(p, x, 60, 12, 20);
    glyph(p, 50, 76, 3, 3);
    for (const x of [56, 72]) glyph(p, x, 60, 12, 20);
    const boxes = textBoxes({ ...p, threshold: 128 });
    expect(boxes).toEqual([
      { x0: 20, y0: 20, x1: 80, y1: 40 },
      { x0: 100, y0: 20, x1: 128, y1: 40 },
      { x0: 20, y0: 60, x1: 84, y1: 80 },
    ]);
  });

  it('drops a lone bar left of a broken vertical line and does not bridge over it', () => {
    const p = page(300, 60);
    for (const x of [20, 34]) glyph(p, x, 20, 12, 20);
    glyph(p, 58, 18, 2, 22); // the bar: 2 px wide, clear of ink on both sides
    for (const x of [72, 86]) glyph(p, x, 20, 12, 20);
    const boxes = textBoxes({ ...p, threshold: 128 });
    expect(boxes).toEqual([
      { x0: 20, y0: 20, x1: 46, y1: 40 },
      { x0: 72, y0: 20, x1: 98, y1: 40 },
    ]);
  });
});

describe('textBoxes: fragments of a line', () => {
  it('joins a lone 一、 (thin strokes, no full glyph) to its label, but not a speck or a fragment beyond a column border', () => {
    const p = page(400, 200);
    // 一、 : a flat stroke and a comma, then (0.8 h further on) the label's glyphs.
    glyph(p, 20, 29, 16, 3);
    glyph(p, 38, 35, 3, 3);
    for (const x of [56, 72, 88]) glyph(p, x, 20, 12, 20);
    // A speck, narrower than a character, just left of a label: left alone.
    glyph(p, 36, 84, 3, 7);
    for (const x of [56, 72]) glyph(p, x, 80, 12, 20);
    // 一 left of a removed column border that runs through the rows above and below: not joined.
    glyph(p, 20, 149, 16, 3);
    glyph(p, 44, 110, 2, 90, true);
    for (const x of [56, 72]) glyph(p, x, 140, 12, 20);
    const boxes = textBoxes({ ...p, threshold: 128 });
    expect(boxes).toContainEqual({ x0: 20, y0: 20, x1: 100, y1: 40 });
    expect(boxes).toContainEqual({ x0: 56, y0: 80, x1: 84, y1: 100 });
    expect(boxes).toContainEqual({ x0: 56, y0: 140, x1: 84, y1: 160 });
  });

  it('keeps 二、 (two thin strokes further apart than a line\'s slack, then its comma) with its label', () => {
    const p = page(300, 60);
    glyph(p, 20, 14, 17, 3); // the upper stroke of 二
    glyph(p, 21, 29, 19, 3); // the lower stroke
    glyph(p, 47, 27, 5, 6); // 、
    for (const x of [73, 89, 105]) glyph(p, x, 10, 12, 25); // the label, 21 px after the comma
    expect(textBoxes({ ...p, threshold: 128 })).toEqual([{ x0: 20, y0: 10, x1: 117, y1: 35 }]);
  });

  it('lets a decimal point or 、 right after a glyph carry the box on, but not a mark high in the line', () => {
    const p = page(300, 120);
    // 12.34: the point close after '2', the next digit 0.8 h past the last full glyph.
    for (const x of [20, 36]) glyph(p, x, 20, 12, 20);
    glyph(p, 50, 37, 3, 3);
    for (const x of [66, 82]) glyph(p, x, 20, 12, 20);
    // The same with the mark at the top of the line (a speck): two boxes.
    for (const x of [20, 36]) glyph(p, x, 70, 12, 20);
    glyph(p, 50, 71, 3, 3);
    for (const x of [66, 82]) glyph(p, x, 70, 12, 20);
    const boxes = textBoxes({ ...p, threshold: 128 });
    expect(boxes).toContainEqual({ x0: 20, y0: 20, x1: 94, y1: 40 });
    expect(boxes).toContainEqual({ x0: 66, y0: 70, x1: 94, y1: 90 });
  });

  it('extends a box left over a faint leading stroke the threshold lost (一 of 一、), not over a speck or a faint border', () => {
    const p = page(300, 100);
    p.gray.data.fill(212);
    const paint = (x0: number, y0: number, w: number, h: number, v: number) => {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) p.gray.data[y * 300 + x] = v;
    };
    for (const x of [60, 76]) glyph(p, x, 10, 12, 20); // the label's glyphs (ink in both images)
    paint(38, 19, 18, 3, 176); // a faint 一, its 、 lost: 0.3 h before them
    for (const x of [60, 76]) glyph(p, x, 60, 12, 20);
    paint(52, 69, 3, 3, 176); // a speck
    paint(40, 55, 2, 30, 176); // a faint vertical border
    const src = { ...p, threshold: 172 };
    expect(withFaintLead(src, { x0: 60, y0: 10, x1: 88, y1: 30 }, 21)).toEqual({ x0: 38, y0: 10, x1: 88, y1: 30 });
    // The same box taken for two lines' height (a rule's dashes in it): left alone.
    expect(withFaintLead(src, { x0: 60, y0: 10, x1: 88, y1: 30 }, 12)).toEqual({ x0: 60, y0: 10, x1: 88, y1: 30 });
    expect(withFaintLead(src, { x0: 60, y0: 60, x1: 88, y1: 80 }, 21)).toEqual({ x0: 60, y0: 60, x1: 88, y1: 80 });
  });

  it('joins no digit run beside a label, nor a broken rule\'s dashes along its bottom edge', () => {
    const none = () => false;
    const label = { x0: 100, y0: 0, x1: 200, y1: 24 };
    // '302' (digits, 0.8 of the text height) and a 170-px dash run flush with the label's bottom edge.
    for (const f of [{ x0: 60, y0: 4, x1: 90, y1: 22 }, { x0: 0, y0: 21, x1: 92, y1: 24 }]) {
      expect(joinFragments([label, f], 25, none)).toHaveLength(2);
    }
    // 一、 in the middle of the line joins it.
    expect(joinFragments([label, { x0: 70, y0: 8, x1: 92, y1: 18 }], 25, none)).toEqual([{ ...label, x0: 70 }]);
  });

  it('takes in a 一 the clean-up removed (dark, not binary ink) or left as a piece too small for a box', () => {
    const p = page(300, 40);
    p.gray.data.fill(212);
    for (const x of [60, 76]) glyph(p, x, 10, 12, 20);
    for (let x = 40; x < 56; x++) p.gray.data[20 * 300 + x] = 150; // 1-px stroke darker than the threshold, removed
    for (let x = 44; x < 50; x++) p.bin.data[20 * 300 + x] = 1; // a piece of it left in the binary page
    expect(withFaintLead({ ...p, threshold: 172 }, { x0: 60, y0: 10, x1: 88, y1: 30 }, 21)).toEqual({ x0: 40, y0: 10, x1: 88, y1: 30 });
  });

  it('joins the broken-off pieces of a large title glyph to the title without growing it into the next line', () => {
    const boxes = joinFragments(
      [
        { x0: 60, y0: 10, x1: 300, y1: 60 }, // the title (twice the body text height)
        { x0: 10, y0: 30, x1: 55, y1: 45 }, // its first glyph's lower half, broken off
        { x0: 40, y0: 12, x1: 52, y1: 28 }, // and a piece of its upper half
        { x0: 20, y0: 62, x1: 58, y1: 80 }, // the line below: not within the title's height
      ],
      25, // the body text height: the title is twice that
      () => false,
    );
    expect(boxes).toContainEqual({ x0: 10, y0: 10, x1: 300, y1: 60 });
    expect(boxes).toContainEqual({ x0: 20, y0: 62, x1: 58, y1: 80 });
    expect(boxes).toHaveLength(2);
  });
});

describe('splitAmounts', () => {
  /** A reading's characters at evenly spaced positions, with an extra gap before character `gapAt`. */
  const run = (text: string, gapAt = -1, gap = 0) => [...text].map((ch, i) => ({ ch, x: (i + (i >= gapAt && gapAt >= 0 ? gap : 0)) / 20 }));
  const split = (r: { ch: string }[][]) => r.map((p) => p.map((c) => c.ch).join(''));

  it('splits two amounts run together', () => {
    expect(split(splitAmounts(run('1,213.40289.95')))).toEqual(['1,213.40', '289.95']);
  });

  it('splits an amount from the next cell\'s digits glued on after a separator', () => {
    expect(split(splitAmounts(run('1.62,3999')))).toEqual(['1.62', '3999']);
    expect(split(splitAmounts(run('1,162.39')))).toEqual(['1,162.39']);
  });

  it('keeps an amount whose thousands comma was read as a dot together unless a cell gap lies inside it', () => {
    // '2,353.76' read '2.353.76' (a speckled scan): one amount, evenly spaced (fixSeparators regroups it)
    expect(split(splitAmounts(run('2.353.76', 4, 0.4)))).toEqual(['2.353.76']);
    // the same characters with the space between two cells after '2.35': two amounts
    expect(split(splitAmounts(run('2.353.76', 4, 1.5)))).toEqual(['2.35', '3.76']);
  });
});

describe('withoutSpecks', () => {
  const it6 = (str: string, h = 6) => ({ str, x: 300, y: 100, w: 20, h, conf: 0.3 });
  it('drops one- or two-digit readings much lower than the page digits, not a low label or a full-height digit', () => {
    const page = ['812.03', '45.02', '940.49', '2080505', '83.45'].map((s) => it6(s));
    const got = withoutSpecks([...page, it6('3', 4), it6('64', 3), it6('41'), it6('1', 5), it6('元', 3)]);
    expect(got.map((i) => i.str)).toEqual(['812.03', '45.02', '940.49', '2080505', '83.45', '41', '1', '元']);
    // too few numbers to know the page's digit height: nothing dropped
    expect(withoutSpecks([it6('83.45'), it6('3', 2)])).toHaveLength(2);
  });
});

describe('resolveEngine', () => {
  it('names the choices when the engine is unknown', () => {
    expect(resolveEngine('paddle')).toBe('paddle');
    expect(() => resolveEngine('easyocr')).toThrow(/tesseract, hybrid, paddle/);
  });
});

/** A 3-row ruled table drawn at 200 dpi: header label, two amounts per row. */
function drawTable(): { image: GrayImage; scale: number; widthPt: number; heightPt: number } {
  const canvasLib = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))('@napi-rs/canvas') as typeof NapiCanvas;
  const scale = 200 / 72;
  const widthPt = 300;
  const heightPt = 110;
  const W = Math.round(widthPt * scale);
  const H = Math.round(heightPt * scale);
  const canvas = canvasLib.createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#000';
  ctx.lineWidth = 2;
  const cols = [10, 110, 200, 290].map((x) => x * scale);
  const rows = [10, 40, 70, 100].map((y) => y * scale);
  for (const x of cols) ctx.strokeRect(x, rows[0]!, 0, rows[3]! - rows[0]!);
  for (const y of rows) ctx.strokeRect(cols[0]!, y, cols[3]! - cols[0]!, 0);
  ctx.fillStyle = '#000';
  ctx.font = `${Math.round(11 * scale)}px "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif`;
  const cells = [
    ['合计', '940.49', '685.21'],
    ['医疗保障', '83.45', '1,309.90'],
    ['住房公积金', '45.02', '0.00'],
  ];
  cells.forEach((row, r) =>
    row.forEach((text, c) => {
      const w = ctx.measureText(text).width;
      const x = c === 0 ? cols[0]! + 6 * scale : cols[c + 1]! - 6 * scale - w;
      ctx.fillText(text, x, rows[r]! + 21 * scale);
    }),
  );
  const rgba = ctx.getImageData(0, 0, W, H).data;
  const gray = new Uint8Array(W * H);
  for (let i = 0; i < gray.length; i++) gray[i] = rgba[i * 4 + 1]!; // black on white: any channel
  return { image: { width: W, height: H, data: gray }, scale, widthPt, heightPt };
}

describe('OcrPool with the paddle engine on a generated table', () => {
  let pool: OcrPool;
  let result: OcrPageResult;
  beforeAll(async () => {
    pool = await OcrPool.create({ engine: 'paddle' });
    result = await pool.ocrRendered(drawTable());
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
  });

  it('reads every amount as its own item, in its cell', () => {
    const strs = result.items.map((i) => i.str);
    for (const v of ['940.49', '685.21', '83.45', '1,309.90', '45.02', '0.00']) expect(strs).toContain(v);
    const a = result.items.find((i) => i.str === '1,309.90')!;
    expect(a.x).toBeGreaterThan(200);
    expect(a.x + a.w).toBeLessThan(290);
    expect(a.y).toBeGreaterThan(40);
    expect(a.y + a.h).toBeLessThan(70);
    expect(a.conf).toBeGreaterThan(0.8);
    // The lines were removed before reading and go on to the parser as the table grid.
    expect(result.rules.length).toBeGreaterThan(4);
  });

  it('reads the Chinese labels', () => {
    const strs = result.items.map((i) => i.str);
    expect(strs).toEqual(expect.arrayContaining(['合计', '医疗保障', '住房公积金']));
  });
});

describe('PaddleRecognizer on worker threads', () => {
  const recs: PaddleRecognizer[] = [];
  afterAll(async () => {
    await Promise.all(recs.map((r) => r.close()));
  });

  it('reads the same on two worker threads as on the calling thread, and refuses work once closed', async () => {
    const { image } = drawTable();
    // Crops of several widths (more than one batch): a label, amounts, a whole row.
    const s = 200 / 72;
    const boxes = [[14, 20, 80, 38], [120, 20, 198, 38], [205, 50, 288, 68], [14, 50, 288, 68], [14, 80, 110, 98], [120, 80, 198, 98]];
    const crops = boxes.map(([x0, y0, x1, y1]) => crop(image, Math.round(x0! * s), Math.round(y0! * s), Math.round(x1! * s), Math.round(y1! * s)));
    const [here, threads] = await Promise.all([PaddleRecognizer.create({ workers: 0 }), PaddleRecognizer.create({ workers: 2 })]);
    recs.push(here, threads);
    expect([here.threads, threads.threads, threads.threadsFailed]).toEqual([0, 2, null]);
    const want = await here.recognise(crops);
    expect(want.map((r) => r.text)).toContain('1,309.90');
    expect(await threads.recognise(crops)).toEqual(want);
    await threads.close();
    await expect(threads.recognise(crops)).rejects.toThrow(/closed/);
  }, 60_000);
});

function crop(img: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
  const w = x1 - x0;
  const data = new Uint8Array(w * (y1 - y0));
  for (let y = y0; y < y1; y++) data.set(img.data.subarray(y * img.width + x0, y * img.width + x1), (y - y0) * w);
  return { width: w, height: y1 - y0, data };
}

import { describe, expect, it } from 'vitest';
import { better, cropPgm, doubtful, oneOddChar, rereadOffFormat } from '../../pipeline/extract/ocr/reread.ts';
import type { TextItem } from '../../pipeline/types.ts';
import { OFF_FORMAT_CONF } from '../../pipeline/extract/ocr/repair.ts';

const item = (str: string, x: number, conf = 0.9): TextItem => ({ str, x, y: 100, w: 30, h: 10, conf });

describe('doubtful', () => {
  const page = [item('83.45', 300), item('51.43', 300), item('32.01', 300), item('812.03', 300), item('9.64', 400)];
  it('picks amounts that lost the point on a page of 2-decimal amounts, and low-confidence ones', () => {
    const got = doubtful([...page, item('8345', 400), item('22.51', 400, 0.3)], 595);
    expect(got.map((i) => i.str).sort()).toEqual(['22.51', '8345']);
  });
  it('leaves subject codes and 行次 alone', () => {
    expect(doubtful([...page, item('2080505', 40), item('12', 400), item('208', 30, 0.2)], 595)).toEqual([]);
  });
});

describe('better', () => {
  it('takes a well-formed amount over a malformed reading, and a more confident one', () => {
    expect(better(item('8345', 300), '83.45\n', 0.5)?.str).toBe('83.45');
    expect(better(item('22.51', 300, 0.4), '22.51', 0.9)).toBeNull();
    expect(better(item('22.57', 300, 0.4), '22.51', 0.9)?.str).toBe('22.51');
    expect(better(item('22.57', 300, 0.95), '22.51', 0.9)).toBeNull();
    expect(better(item('8345', 300), '8345', 0.9)).toBeNull();
  });
});

describe('cropPgm', () => {
  it('crops the item with a margin, enlarges 2× and binarises on the crop', () => {
    const page = { width: 200, height: 200, data: new Uint8Array(200 * 200).fill(200) };
    for (let y = 100; y < 110; y++) for (let x = 50; x < 80; x++) page.data[y * 200 + x] = 120; // faint ink
    const pgm = cropPgm(page, { str: '1.00', x: 50, y: 100, w: 30, h: 10, conf: 0.5 }, 1);
    const header = new TextDecoder().decode(pgm.slice(0, 13));
    expect(header).toMatch(/^P5\n\d+ \d+\n255\n/);
    const [, w, h] = /^P5\n(\d+) (\d+)/.exec(header)!.map(Number);
    expect([w, h]).toEqual([2 * 38, 2 * 18]);
    const body = pgm.slice(pgm.length - w! * h!);
    expect(body.filter((v) => v === 0).length).toBeGreaterThan(0.4 * 60 * 20);
  });
});

describe('cropPgm and ruling lines', () => {
  it('whitens the removed ruling lines inside the crop', () => {
    const page = { width: 200, height: 200, data: new Uint8Array(200 * 200).fill(250) };
    for (let y = 90; y < 120; y++) page.data.fill(0, y * 200 + 51, y * 200 + 54); // a 3-px border beside the digits
    for (let y = 100; y < 110; y++) for (let x = 55; x < 80; x++) page.data[y * 200 + x] = 0;
    const it = { str: '1.00', x: 55, y: 100, w: 25, h: 10, conf: 0.5 };
    const dark = (pgm: Uint8Array) => pgm.filter((v) => v === 0).length;
    const withLine = dark(cropPgm(page, it, 1));
    const without = dark(cropPgm(page, it, 1, [{ x0: 51, y0: 90, x1: 53, y1: 119 }]));
    expect(withLine - without).toBeGreaterThanOrEqual(2 * 17);
  });
});

describe('re-reading against the page format', () => {
  const whole = [item('4,212,300', 300), item('1,633,000', 300), item('9,500', 300), item('100,000', 300), item('877,080', 400)];
  it('doubts amounts whose shape does not fit the page, and takes whole-元 re-reads on a whole-元 page', () => {
    const got = doubtful([...whole, item('4,212,00', 300), item('8,882.99', 400), item('2080505', 40)], 595, 'integers');
    expect(got.map((i) => i.str).sort()).toEqual(['4,212,00', '8,882.99']);
    expect(better(item('4,212,00', 300, 0.4), '4,212,300', 0.6, 'integers')?.str).toBe('4,212,300');
    expect(better(item('8,882.99', 300, 0.4), '8,882,399', 0.3, 'integers')?.str).toBe('8,882,399');
    // the old rule preferred any 2-decimal reading: on a whole-元 page it is the malformed one
    expect(better(item('4,212,300', 300, 0.5), '4,212.00', 0.9, 'integers')).toBeNull();
  });
  it('a seal-capped confidence does not let a less sure reading win', () => {
    // read 0.95, capped to 0.5 under a seal; the re-read (0.6) is less sure than the first reading
    expect(better(item('22.57', 300, 0.5), '22.51', 0.6, 'decimals', 0.95)).toBeNull();
    expect(better(item('22.57', 300, 0.5), '22.51', 0.97, 'decimals', 0.95)?.str).toBe('22.51');
  });
});

describe('rereadOffFormat (paddle)', () => {
  const gray = { width: 800, height: 300, data: new Uint8Array(800 * 300).fill(230) };
  const reader = (text: string) => ({
    crops: 0,
    async recognise(crops: unknown[]) {
      this.crops += crops.length;
      return crops.map(() => ({ text, chars: [...text].map(() => ({ p: 0.9 })) }));
    },
  });
  const page = () => [item('4,212,300', 300), item('1,633,000', 300), item('2080705', 40), item('4,212,00', 400, 0.4)];
  it('reads again only the amounts off the page format, and takes a well-formed reading', async () => {
    const items = page();
    const rec = reader('4,212,300');
    expect(await rereadOffFormat(rec, items, gray, 1, 'integers')).toEqual({ read: 1, changed: 1 });
    expect(rec.crops).toBe(1);
    expect(items[3]).toMatchObject({ str: '4,212,300', conf: 0.9 });
  });
  it('on a two-decimal page reads again an amount that lost its point, not a code with its name', async () => {
    const dec = () => [item('83.45', 300), item('51.43', 300), item('32.01', 300), item('812.03', 300), item('5143', 400, 0.5), { ...item('30101', 400), y: 120 }, { ...item('基本工资', 432), y: 120, w: 40 }, item('2080505', 40)];
    const items = dec();
    const rec = reader('51.43');
    expect(await rereadOffFormat(rec, items, gray, 1, 'decimals', 595)).toEqual({ read: 1, changed: 1 });
    expect(items[4]).toMatchObject({ str: '51.43', conf: 0.9 });
    // a second reading no better: the first stays, doubtful
    const kept = dec();
    expect(await rereadOffFormat(reader('5143'), kept, gray, 1, 'decimals', 595)).toEqual({ read: 1, changed: 0 });
    expect(kept[4]).toMatchObject({ str: '5143', conf: OFF_FORMAT_CONF });
    expect(kept[5]!.conf).toBe(0.9);
  });
  it('reads again an amount with one foreign character, and takes only a reading as long', async () => {
    const dec = () => [item('83.45', 300), item('51.43', 300), item('32.01', 300), item('812.03', 300), item('#33.90', 400, 0.4), item('基本工资', 100)];
    const items = dec();
    expect(await rereadOffFormat(reader('433.90'), items, gray, 1, 'decimals', 595)).toEqual({ read: 1, changed: 1 });
    expect(items[4]!.str).toBe('433.90');
    // a reading that dropped the character is no proof of the digits: kept as read
    const kept = dec();
    expect(await rereadOffFormat(reader('33.90'), kept, gray, 1, 'decimals', 595)).toEqual({ read: 1, changed: 0 });
    expect(kept[4]!.str).toBe('#33.90');
    expect(['#33.90', '10t.82', '1,2A4,300'].map((s) => oneOddChar(s, s.includes('A') ? 'integers' : 'decimals'))).toEqual([true, true, true]);
    expect(['基本工资', '33.90', '#3#.90', '2024年', '#3.9'].map((s) => oneOddChar(s, 'decimals'))).toEqual([false, false, false, false, false]);
  });
  it('keeps the first reading when the second fits no better', async () => {
    const items = page();
    expect(await rereadOffFormat(reader('4,212.00'), items, gray, 1, 'integers')).toEqual({ read: 1, changed: 0 });
    expect(items[3]!.str).toBe('4,212,00');
    expect(await rereadOffFormat(reader('4,212,300'), page(), gray, 1, null)).toEqual({ read: 0, changed: 0 });
  });
});

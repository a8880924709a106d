import { describe, expect, it } from 'vitest';
import { parseTsv, wordsToItems } from '../../pipeline/extract/ocr/items.ts';

/** A tesseract TSV word row: level 5, block 1, par 1, line, word, box, conf, text. */
const row = (line: number, word: number, left: number, top: number, width: number, height: number, conf: number, text: string) =>
  ['5', '1', '1', '1', String(line), String(word), String(left), String(top), String(width), String(height), String(conf), text].join('\t');

const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  '4\t1\t1\t1\t1\t0\t100\t200\t900\t30\t-1\t',
  row(1, 1, 100, 200, 95, 24, 96, '2101501'),
  row(1, 2, 228, 200, 6, 24, 70, '“'), // border ghost
  row(1, 3, 240, 200, 24, 24, 96, '行'),
  row(1, 4, 270, 186, 24, 50, 94, '政'), // a loose, too-tall CJK box
  row(1, 5, 299, 200, 24, 24, 90, '运'),
  row(1, 6, 328, 200, 24, 24, 92, '行'),
  row(1, 7, 700, 200, 80, 24, 93, '“443.23'),
  row(1, 8, 800, 200, 14, 24, 80, '1'),
  row(1, 9, 818, 200, 80, 24, 91, '629.00'),
  row(2, 1, 100, 260, 24, 24, 95, '项'),
  row(2, 2, 130, 260, 24, 24, 95, '目'),
  row(2, 3, 170, 260, 24, 24, 95, '金'),
  row(2, 4, 200, 260, 24, 24, 95, '额'),
  row(2, 5, 300, 260, 54, 24, 95, '2024'),
  row(2, 6, 360, 260, 24, 24, 95, '年'),
].join('\n');

describe('parseTsv', () => {
  it('keeps word rows with text and drops border ghosts', () => {
    const words = parseTsv(TSV);
    expect(words).toHaveLength(14);
    expect(words[0]).toEqual({ line: '1.1.1', left: 100, top: 200, width: 95, height: 24, conf: 96, text: '2101501' });
  });
});

describe('wordsToItems', () => {
  const scale = 2; // pixels per point
  it('joins Chinese runs, repairs and joins numbers, converts pixels to points', () => {
    const items = wordsToItems(parseTsv(TSV), scale);
    expect(items.map((i) => i.str)).toEqual(['2101501', '行政运行', '443.23', '1,629.00', '项目金额', '2024年']);
    const label = items[1]!;
    expect(label).toMatchObject({ x: 120, y: 100, w: 56, h: 12 });
    expect(label.conf).toBeCloseTo(0.93, 2);
  });
  it('never joins across a removed vertical ruling line', () => {
    const rule = { x0: 160, y0: 150, x1: 161, y1: 400 };
    const items = wordsToItems(parseTsv(TSV), scale, [rule]);
    expect(items.map((i) => i.str)).toContain('项目');
    expect(items.map((i) => i.str)).toContain('金额');
  });
});

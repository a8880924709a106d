import { describe, expect, it } from 'vitest';
import { cellPgm, cellsToReread, gridCells, keepCellReading, replaceCellItems, type CellBox } from '../../pipeline/extract/ocr/cellgrid.ts';
import { toRule } from '../../pipeline/extract/ocr/rules.ts';
import type { PixelRule } from '../../pipeline/extract/ocr/preprocess.ts';
import type { TextItem } from '../../pipeline/types.ts';

const h = (x0: number, x1: number, y: number): PixelRule => ({ x0, y0: y, x1, y1: y });
const v = (x: number, y0: number, y1: number): PixelRule => ({ x0: x, y0, x1: x, y1 });
const item = (str: string, x: number, y: number, w: number, conf = 0.9): TextItem => ({ str, x, y, w, h: 10, conf });

/**
 * A header like a 收入决算表's: '项目' spans columns 0–1 in the top row; below it two cells;
 * columns 2 and 3 are one tall header cell each; then one body row.
 *   0   100   200   300   400
 *   | 项目      | 本年 | 财政 |   y 0
 *   |-----------|  …  |  …   |   y 40
 *   | 编码 | 名称|     |      |
 *   |-----|-----|-----|------|   y 80
 *   | 201 | 一般| 1.00| 2.00 |   y 120
 */
const rules = [h(0, 400, 0), h(0, 200, 40), h(0, 400, 80), h(0, 400, 120), v(0, 0, 120), v(100, 40, 120), v(200, 0, 120), v(300, 0, 120), v(400, 0, 120)];

describe('gridCells', () => {
  it('finds atomic and merged bordered cells, none outside the frame', () => {
    const cells = gridCells(rules, 1000, 1000).map((c) => [c.x0, c.y0, c.x1, c.y1].map(Math.round));
    expect(cells).toEqual([
      [0, 0, 200, 40], // 项目, over two columns
      [200, 0, 300, 80], // tall header cell
      [300, 0, 400, 80],
      [0, 40, 100, 80],
      [100, 40, 200, 80],
      [0, 80, 100, 120],
      [100, 80, 200, 120],
      [200, 80, 300, 120],
      [300, 80, 400, 120],
    ]);
  });
  it('is empty without a closed grid', () => {
    expect(gridCells([h(0, 400, 0), v(0, 0, 100)], 1000, 1000)).toEqual([]);
  });
});

describe('cellsToReread', () => {
  const cells = gridCells(rules, 1000, 1000);
  it('picks the cells an item runs across, wrapped labels and doubtful labels, never amount cells', () => {
    const items = [
      item('事业收经营收', 210, 10, 180), // runs over columns 2 and 3
      item('编', 10, 45, 10),
      item('码', 10, 60, 10), // two lines in one cell
      item('名称', 110, 50, 20, 0.4), // doubtful
      item('201', 10, 90, 20, 0.3), // a code, not Han: left alone
      item('1.00', 260, 90, 30),
      item('2.00', 360, 90, 30),
    ];
    const picked = cellsToReread(cells, items, 1).map((r) => [Math.round(r.cell.x0), Math.round(r.cell.y0), r.crossed]);
    expect(picked).toEqual([
      [200, 0, true],
      [300, 0, true],
      [0, 40, false],
      [100, 40, false],
    ]);
  });
  it('keeps a cell reading where the page crossed the border, else only when surer', () => {
    const cell: CellBox = { x0: 0, y0: 0, x1: 100, y1: 40 };
    expect(keepCellReading({ cell, crossed: true, pageConf: 0.95 }, [item('本年', 5, 5, 20, 0.5)])).toBe(true);
    expect(keepCellReading({ cell, crossed: false, pageConf: 0.6 }, [item('本年', 5, 5, 20, 0.9)])).toBe(true);
    expect(keepCellReading({ cell, crossed: false, pageConf: 0.95 }, [item('本牛', 5, 5, 20, 0.7)])).toBe(false);
    expect(keepCellReading({ cell, crossed: true, pageConf: 0.5 }, [])).toBe(false);
  });
  it('replaces the page items inside and across re-read cells', () => {
    const cell = cells.find((c) => Math.round(c.x0) === 200 && Math.round(c.y0) === 0)!;
    const page = [item('事业收经营收', 210, 10, 180), item('1.00', 260, 90, 30)];
    const out = replaceCellItems(page, [{ cell, items: [item('事业收入', 220, 10, 40)] }], 1);
    expect(out.map((i) => i.str)).toEqual(['1.00', '事业收入']);
  });
});

describe('cellPgm', () => {
  it('crops the interior with a white margin and reports its origin', () => {
    const bin = { width: 50, height: 50, data: new Uint8Array(2500) };
    bin.data[20 * 50 + 20] = 1;
    const { pgm, left, top } = cellPgm(bin, { x0: 10, y0: 10, x1: 40, y1: 40 });
    const header = new TextDecoder().decode(pgm.slice(0, 15));
    expect(header.startsWith('P5\n46 46\n255\n')).toBe(true); // 26 px interior + 2 × 10 margin
    expect([left, top]).toEqual([2, 2]);
    const body = pgm.slice('P5\n46 46\n255\n'.length);
    expect(body[(20 - top) * 46 + (20 - left)]).toBe(0);
    expect(body.filter((p) => p === 0).length).toBe(1);
  });
});

describe('toRule', () => {
  it('turns a removed line into the zero-thickness centre line the parser reads as a rule', () => {
    expect(toRule({ x0: 0, y0: 9, x1: 199, y1: 10 }, 2)).toEqual({ x0: 0, y0: 5, x1: 100, y1: 5 });
    expect(toRule({ x0: 49, y0: 0, x1: 50, y1: 99 }, 2)).toEqual({ x0: 25, y0: 0, x1: 25, y1: 50 });
  });
});

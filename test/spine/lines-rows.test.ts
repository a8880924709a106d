/**
 * Geometry details that real producers vary: tight cell padding (text of two cells a couple of
 * points apart, a ruling line between), one text item spanning two cells, and tables without
 * any ruling lines whose blank template rows must not be glued to their neighbours.
 */
import { describe, expect, it } from 'vitest';
import { buildLines } from '../../pipeline/parse/lines.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedDoc, Rule, TextItem } from '../../pipeline/types.ts';

const item = (str: string, x: number, y: number, w: number, h = 9): TextItem => ({ str, x, y, w, h, conf: 1 });
const vrule = (x: number, y0 = 0, y1 = 800): Rule => ({ x0: x, y0, x1: x, y1 });

describe('cells and ruling lines', () => {
  it('two items 2 pt apart are one cell without a rule between them and two with one', () => {
    const items = [item('940.49', 248, 100, 33), item('一、一般公共服务支出', 283, 100, 90)];
    expect(buildLines(items, 1)[0]!.cells.map((c) => c.text)).toEqual(['940.49一、一般公共服务支出']);
    expect(buildLines(items, 1, [vrule(282)])[0]!.cells.map((c) => c.text)).toEqual(['940.49', '一、一般公共服务支出']);
  });

  it('numbers touching across a rule stay two numbers', () => {
    const items = [item('2,984.80', 100, 100, 38), item('2,984.80', 139.5, 100, 38)];
    expect(buildLines(items, 1, [vrule(139)])[0]!.cells.map((c) => c.text)).toEqual(['2,984.80', '2,984.80']);
  });

  it('two whole amounts touching without a rule between them stay two cells', () => {
    // OCR boxes widened by a seal meet: joined they read '2,940.052,336.91' and both are lost.
    const items = [item('2,940.05', 377.6, 100, 56.9), item('2,336.91', 435.6, 100, 55.8)];
    expect(buildLines(items, 1)[0]!.cells.map((c) => c.text)).toEqual(['2,940.05', '2,336.91']);
    // A number split into fragments still joins.
    const parts = [item('1,629', 100, 100, 20), item('.00', 120.5, 100, 10)];
    expect(buildLines(parts, 1)[0]!.cells.map((c) => c.text)).toEqual(['1,629.00']);
  });

  it('one text item spanning two cells is cut at the rule between them', () => {
    const items = [item('940.49 一、一般公共服务支出', 236, 100, 135.7)];
    const cells = buildLines(items, 1, [vrule(270.2)])[0]!.cells;
    expect(cells.map((c) => c.text)).toEqual(['940.49', '一、一般公共服务支出']);
    expect(cells[0]!.x1).toBeLessThan(270.2);
    expect(cells[1]!.x0).toBeGreaterThan(270.2);
  });
});

describe('tables without ruling lines', () => {
  /** Table 01 without rules or 行次: a blank template row sits a full row pitch below its neighbour. */
  function table01(pitch: number): ExtractedDoc {
    const rows: [string, string | null][] = [
      ['一、一般公共预算财政拨款收入', '940.49'],
      ['本年收入合计', '940.50'],
      ['使用非财政拨款结余(含专用结余)', null],
      ['年初结转和结余', '0.01'],
      ['总计', '940.51'],
    ];
    const items: TextItem[] = [
      item('收入支出决算总表', 200, 40, 120, 15),
      item('单位：万元', 480, 70, 50),
      item('项目', 100, 90, 18),
      item('金额', 260, 90, 18),
    ];
    rows.forEach(([label, value], i) => {
      const y = 110 + i * pitch;
      items.push(item(label, 60, y, label.length * 9));
      if (value) items.push(item(value, 300 - value.length * 5, y, value.length * 5));
    });
    return { report_id: 't', kind: 'pdf', ocr_pages: [], warnings: [], pages: [{ page: 1, width: 595, height: 842, method: 'text', route: 'text-layer', confidence: 1, items, rules: [] }] };
  }

  it('keeps a blank template row apart from the row above (row pitch 1.7 em)', () => {
    const t = parse(table01(15.3)).tables.find((x) => x.table_code === '01')!;
    const labels = t.rows.map((r) => r.cells[0]);
    expect(labels).toContain('本年收入合计');
    expect(labels).toContain('使用非财政拨款结余(含专用结余)');
  });
});

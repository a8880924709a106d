/**
 * Tightly padded or narrow columns under a harsh scan (issue 11): OCR reads a row's label and
 * its amounts as one item, amounts run together over a faint rule, and the rules between the
 * label and amount columns are lost, so one ruled column holds labels and two amount columns.
 * The cells come apart (glued.ts) and the column is split (columns.ts) on OCR'd pages; a text
 * layer reads as printed.
 */
import { describe, expect, it } from 'vitest';
import { splitGlued } from '../../pipeline/parse/glued.ts';
import { buildLines } from '../../pipeline/parse/lines.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedPage, Rule, TextItem } from '../../pipeline/types.ts';

const item = (str: string, x: number, y: number, w: number, h = 9, conf = 0.9): TextItem => ({ str, x, y, w, h, conf });
const texts = (items: TextItem[]) => items.map((i) => i.str);

describe('one OCR item holding several cells', () => {
  it('cuts a label and its amounts apart, left to right, and leaves text layers alone', () => {
    const glued = item('社会保障和就业支出433.90 231.07', 80, 100, 250);
    const out = splitGlued([glued], true);
    expect(texts(out)).toEqual(['社会保障和就业支出', '433.90', '231.07']);
    // Han characters are twice as wide as digits: the label takes most of the width.
    expect(out[0]!.x + out[0]!.w).toBeGreaterThan(80 + 250 * 0.5);
    expect(out[1]!.x).toBeLessThan(out[2]!.x);
    expect(texts(splitGlued([glued], false))).toEqual(['社会保障和就业支出433.90 231.07']);
  });

  it('cuts amounts run together over a faint rule, a border read as 1 after the decimals dropped', () => {
    expect(texts(splitGlued([item('—49.33—-- 49.33', 200, 100, 80)], true))).toEqual(['49.33', '49.33']);
    expect(texts(splitGlued([item('107.821-107.821', 200, 100, 80)], true))).toEqual(['107.82', '107.82']);
    // A thousands group after the decimals is the next amount's, not a border.
    expect(texts(splitGlued([item('12.341,107.82', 200, 100, 80)], true))).toEqual(['12.34', '1,107.82']);
  });

  it('leaves alone what is no run of amounts: one amount, junk between words, a lone label', () => {
    for (const s of ['2,984.80', '96.00.', '合计', '2024年度', '公开03表']) expect(texts(splitGlued([item(s, 100, 100, 60)], true))).toEqual([s]);
    // A label whose amount is not well formed stays whole (the value reader flags it).
    expect(texts(splitGlued([item('行政运行2283', 100, 100, 90)], true))).toEqual(['行政运行2283']);
  });
});

describe('OCR items that touch', () => {
  it('stay two cells when an amount (rule junk beside it) meets another amount or the end of a label', () => {
    const cells = (items: TextItem[], ocr: boolean) => buildLines(items, 1, [], ocr)[0]!.cells.map((c) => c.text);
    const amounts = [item('—49.33—--', 215.6, 100, 63), item('49.33', 282.2, 100, 23.8)];
    expect(cells(amounts, true)).toEqual(['—49.33—--', '49.33']);
    const wrapped = [item('社会保障和就业支', 116.3, 100, 102.2), item('433.90', 218.2, 100, 29.5)];
    expect(cells(wrapped, true)).toEqual(['社会保障和就业支', '433.90']);
    expect(cells(wrapped, false)).toEqual(['社会保障和就业支433.90']);
    const panels = [item('940.49', 236, 100, 30), item('一、一般公共服务支出', 266.5, 100, 90)];
    expect(cells(panels, true)).toEqual(['940.49', '一、一般公共服务支出']);
    expect(cells(panels, false)).toEqual(['940.49一、一般公共服务支出']);
  });
});

/** A 支出决算表 page whose only inner rule runs left of the names, as a faint scan leaves it. */
function page(method: 'ocr' | 'text'): ExtractedPage {
  const items: TextItem[] = [item('支出决算表', 250, 40, 60, 12)];
  items.push(item('科目编码', 40, 80, 40), item('科目名称', 130, 80, 40), item('本年支出合计', 250, 80, 54), item('基本支出', 330, 80, 36));
  const rows: [string, string, string, string][] = [
    ['201', '一般公共服务支出', '22.83', '22.83'],
    ['20105', '统计信息事务', '22.83', '22.83'],
    ['2010501', '行政运行', '22.83', '22.83'],
    ['208', '社会保障和就业支出', '433.90', '231.07'],
    ['20805', '行政事业单位养老支出', '327.07', '231.07'],
  ];
  rows.forEach(([code, name, total, basic], k) => {
    const y = 110 + k * 18;
    items.push(item(code, 40, y, code.length * 5), item(name, 100, y, name.length * 9));
    items.push(item(total, 300 - total.length * 5, y, total.length * 5));
    // One box widened over both amount cells (a seal): it starts left of the first column's amounts.
    items.push(k === 2 ? item(basic, 290, y, 60) : item(basic, 350 - basic.length * 5, y, basic.length * 5));
  });
  const v = (x: number): Rule => ({ x0: x, y0: 70, x1: x, y1: 210 });
  const h = (y: number): Rule => ({ x0: 35, y0: y, x1: 360, y1: y });
  const rules = [v(35), v(95), v(360), h(70), h(100), ...rows.map((_, k) => h(118 + k * 18))];
  return { page: 1, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules };
}

describe('a ruled column holding the labels and two amount columns', () => {
  it('is split left of the amounts and between them on an OCR page', () => {
    const t = parse({ report_id: 'x', kind: 'pdf', pages: [page('ocr')], ocr_pages: [1], warnings: [] } as never).tables[0]!;
    expect(t.columns).toHaveLength(4);
    expect(t.rows.map((r) => r.cells)).toContainEqual(['208', '社会保障和就业支出', '433.90', '231.07']);
    expect(t.rows.map((r) => r.cells)).toContainEqual(['2010501', '行政运行', '22.83', '22.83']);
  });

  it('is read as ruled on a text layer', () => {
    const t = parse({ report_id: 'x', kind: 'pdf', pages: [page('text')], ocr_pages: [], warnings: [] } as never).tables[0]!;
    expect(t.columns.length).toBeLessThan(4);
  });
});

/**
 * A 财政拨款收支总表 (B04) as a harsh scan leaves it: rules only at the frame and between the two
 * sides, so each side's labels and amounts share a ruled column; the income side prints two amounts.
 */
function twoSided(): ExtractedPage {
  const items: TextItem[] = [item('财政拨款收支总表', 230, 40, 100, 12)];
  items.push(item('收入', 160, 70, 20), item('支出', 400, 70, 20));
  items.push(item('项目名称', 100, 88, 40), item('金额', 240, 88, 20), item('项目名称', 340, 88, 40), item('金额', 470, 88, 20));
  const rows: [string, string, string, string][] = [
    ['一、一般公共预算', '37,188.34', '一、基本支出', '21,968.00'],
    ['二、政府性基金预算', '', '二、项目支出', '10,208.94'],
    ['', '', '三、单位预留机动经费', '5,011.40'],
    ['收入合计', '37,188.34', '支出合计', '37,188.34'],
  ];
  rows.forEach(([inLabel, inAmount, outLabel, outAmount], k) => {
    const y = 110 + k * 18;
    if (inLabel) items.push(item(inLabel, 62, y, inLabel.length * 9));
    if (inAmount) items.push(item(inAmount, 296 - inAmount.length * 5, y, inAmount.length * 5));
    items.push(item(outLabel, 306, y, outLabel.length * 9), item(outAmount, 530 - outAmount.length * 5, y, outAmount.length * 5));
  });
  const v = (x: number): Rule => ({ x0: x, y0: 60, x1: x, y1: 185 });
  const h = (y: number): Rule => ({ x0: 58, y0: y, x1: 535, y1: y });
  const rules = [v(58), v(302), v(535), h(60), h(100), ...rows.map((_, k) => h(118 + k * 18))];
  return { page: 1, width: 595, height: 842, method: 'ocr', route: 'no-text-layer', confidence: 0.9, items, rules };
}

describe('a two-sided summary table whose inner rules the scan lost', () => {
  it('splits the labels off the amounts on both sides, the short income side too', () => {
    const t = parse({ report_id: 'x', kind: 'pdf', pages: [twoSided()], ocr_pages: [1], warnings: [] } as never).tables[0]!;
    expect(t.columns).toHaveLength(4);
    const cells = t.rows.flatMap((r) => r.cells).filter((c) => c);
    expect(cells).toContain('一、一般公共预算');
    expect(cells).toContain('收入合计');
    expect(cells.filter((c) => c === '37,188.34')).toHaveLength(3);
  });
});

describe('an OCR amount whose box a seal widened', () => {
  /** 05-like page: two amount columns ending at x 360 and 453; row 2's 基本支出 box runs on to 532, mostly over 项目支出. */
  function sealed(method: 'ocr' | 'text'): ExtractedPage {
    const items: TextItem[] = [item('一般公共预算财政拨款支出决算表', 200, 40, 150, 12)];
    items.push(item('科目编码', 40, 80, 40), item('科目名称', 100, 80, 40), item('本年支出合计', 310, 80, 54), item('基本支出', 410, 80, 36), item('项目支出', 500, 80, 36));
    const rows = [['2101101', '行政单位医疗', '17.16', '17.16', ''], ['2101102', '事业单位医疗', '49.33', '49.33', ''], ['21015', '医疗保障管理事务', '2,353.76', '1,148.09', '1,205.67'], ['2101501', '行政运行', '289.95', '289.95', '']];
    rows.forEach((r, k) => {
      const y = 110 + k * 18;
      items.push(item(r[0]!, 40, y, r[0]!.length * 5), item(r[1]!, 90, y, r[1]!.length * 9));
      [360, 453, 545].forEach((right, j) => {
        const v = r[2 + j]!;
        if (!v) return;
        const w = v.length * 5.3;
        items.push(k === 1 && j === 1 ? item(v, right - w, y, 532 - (right - w)) : item(v, right - w, y, w));
      });
    });
    return { page: 1, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules: [] };
  }

  it('goes to the column whose amounts end where one end of the box does', () => {
    const t = parse({ report_id: 'x', kind: 'pdf', pages: [sealed('ocr')], ocr_pages: [1], warnings: [] } as never).tables[0]!;
    expect(t.rows.map((r) => r.cells.slice(1))).toContainEqual(['事业单位医疗', '49.33', '49.33', '']);
  });
});

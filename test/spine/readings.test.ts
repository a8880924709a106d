/**
 * A scanned report is read twice, with and without the ruling lines found on the scan, and
 * each table comes from the reading whose validation finds fewer problems (parse/readings.ts).
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../pipeline/parse/index.ts';
import { chooseTables, textReadsBetter, withoutScannedRules } from '../../pipeline/parse/readings.ts';
import type { ExtractedDoc, ExtractedPage, ParsedDoc, RawTable, Rule, TextItem } from '../../pipeline/types.ts';

const item = (str: string, x: number, y: number): TextItem => ({ str, x, y, w: str.length * 6, h: 10, conf: 0.95 });

/** A small 部门决算 table 05 page: title, header, two rows of values. */
function page(method: 'ocr' | 'text', rules: Rule[]): ExtractedPage {
  const items = [
    item('一般公共预算财政拨款支出决算表', 150, 40),
    item('公开05表', 480, 60),
    item('单位：万元', 480, 80),
    item('科目编码', 40, 100),
    item('科目名称', 120, 100),
    item('合计', 300, 100),
    item('基本支出', 380, 100),
    item('项目支出', 460, 100),
    item('合计', 120, 120),
    item('10.00', 300, 120),
    item('6.00', 380, 120),
    item('4.00', 460, 120),
    item('208', 40, 140),
    item('社会保障和就业支出', 120, 140),
    item('10.00', 300, 140),
    item('6.00', 380, 140),
    item('4.00', 460, 140),
  ];
  return { page: 1, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules };
}

const doc = (p: ExtractedPage): ExtractedDoc => ({ report_id: 'r', kind: 'pdf', pages: [p], ocr_pages: p.method === 'ocr' ? [1] : [], warnings: [] });
const rule: Rule = { x0: 370, y0: 95, x1: 370, y1: 160 };
const table = (code: string | null, title: string): RawTable => ({ id: 't01', table_code: code, title, label: null, pages: [1], unit_as_printed: null, columns: ['a'], panels: [[0]], rows: [], empty: false, notes: [] });
const parsed = (tables: RawTable[]): ParsedDoc => ({ report_id: 'r', tables, text: [], warnings: [] });

describe('two readings of a scanned report', () => {
  it('takes the scanned rules off OCR pages only, and only when there are some', () => {
    expect(withoutScannedRules(doc(page('ocr', [rule])))!.pages[0]!.rules).toEqual([]);
    expect(withoutScannedRules(doc(page('ocr', [])))).toBeNull();
    expect(withoutScannedRules(doc(page('text', [rule])))).toBeNull();
  });

  it('swaps a table for the text reading only when that reading has clearly fewer findings, or the grid lost half its values', () => {
    const v = (findings: number, values = 20) => ({ findings, values });
    expect(textReadsBetter(v(10), v(5))).toBe(true);
    expect(textReadsBetter(v(8), v(7))).toBe(false); // one finding apart: noise
    expect(textReadsBetter(v(40), v(37))).toBe(false); // under 15 %
    expect(textReadsBetter(v(0), v(0))).toBe(false);
    // The grid reading placed 1 value where the text reading placed 52, with fewer findings than values.
    expect(textReadsBetter(v(13, 1), v(39, 52))).toBe(true);
    expect(textReadsBetter(v(13, 1), v(60, 52))).toBe(false);
    // A finding or two beyond its values is noise: 32 findings on 31 values beats a grid reading of none.
    expect(textReadsBetter(v(4, 0), v(32, 31))).toBe(true);
  });

  it('merges per table code: the better reading of each, the grid reading elsewhere', () => {
    const grid = parsed([table('02', 'grid 02'), table('03', 'grid 03'), table(null, 'grid other')]);
    const text = parsed([table('03', 'text 03'), table('02', 'text 02'), table(null, 'text other')]);
    const n = (findings: number) => ({ findings, values: 10 });
    const judge = (p: ParsedDoc) => (p === grid ? new Map([['02', n(3)], ['03', n(12)]]) : new Map([['02', n(2)], ['03', n(1)]]));
    const { parsed: out, fromText } = chooseTables(grid, text, judge);
    expect(out.tables.map((t) => t.title)).toEqual(['grid 02', 'text 03', 'grid other']);
    expect(fromText).toEqual(['03']);
  });

  it('parse reads an OCR page both ways when given a judge, and says which tables came from the text', () => {
    let calls = 0;
    // The first reading judged is the grid one: make it look worse.
    const judge = () => new Map([['05', { findings: calls++ === 0 ? 9 : 1, values: 3 }]]);
    const out = parse(doc(page('ocr', [rule])), { judge });
    expect(calls).toBe(2);
    expect(out.text_reading).toEqual(['05']);
    expect(out.tables.find((t) => t.table_code === '05')!.rows.length).toBeGreaterThan(0);
    // Without a judge, or on a text layer, one reading as before.
    expect(parse(doc(page('ocr', [rule]))).text_reading).toBeUndefined();
    calls = 0;
    parse(doc(page('text', [rule])), { judge });
    expect(calls).toBe(0);
  });
});

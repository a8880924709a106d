/**
 * An OCR'd table whose title was lost does not become more rows of the table before it: a
 * function-coded table (2xx) does not go on with economic codes (3xx). The new rows start an
 * untitled table, taking their header along; text layers keep their printed titles' regions.
 */
import { describe, expect, it } from 'vitest';
import { segment } from '../../pipeline/parse/segment.ts';
import type { ExtractedPage, TextItem } from '../../pipeline/types.ts';

const item = (str: string, x: number, y: number): TextItem => ({ str, x, y, w: str.length * (/\d/.test(str[0]!) ? 5 : 9), h: 9, conf: 0.9 });

function page(n: number, method: 'ocr' | 'text', title: string | null, header: string[], rows: string[][]): ExtractedPage {
  const items: TextItem[] = title ? [item(title, 150, 40)] : [item('一舫公共预笃基本支山', 150, 40)];
  header.forEach((h, i) => items.push(item(h, [40, 110, 250, 360, 460][i]!, 80)));
  rows.forEach((r, k) => r.forEach((t, i) => t && items.push(item(t, i < 2 ? [40, 110][i]! : [300, 400, 500][i - 2]! - t.length * 5, 100 + k * 20))));
  return { page: n, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules: [] };
}

const functionPage = (method: 'ocr' | 'text') =>
  page(1, method, '一般公共预算支出功能分类预算表', ['科目编码', '科目名称', '合计', '基本支出', '项目支出'], [
    ['201', '一般公共服务支出', '10.00', '6.00', '4.00'],
    ['20106', '财政事务', '10.00', '6.00', '4.00'],
    ['2010601', '行政运行', '10.00', '6.00', '4.00'],
    ['', '合计', '10.00', '6.00', '4.00'],
  ]);
const economicPage = (method: 'ocr' | 'text') =>
  page(2, method, null, ['科目编码', '科目名称', '合计', '人员经费', '公用经费'], [
    ['301', '工资福利支出', '6.00', '6.00', ''],
    ['30101', '基本工资', '4.00', '4.00', ''],
    ['30102', '津贴补贴', '2.00', '2.00', ''],
  ]);

describe('a lost title between a function table and an economic one', () => {
  it('starts an untitled table where economic codes follow function codes on OCR pages', () => {
    const { regions } = segment([functionPage('ocr'), economicPage('ocr')]);
    expect(regions.map((r) => r.table_code)).toEqual(['B05', null]);
    // The header (and the garbled title) go with the new table; the old one keeps its 合计 row.
    expect(regions[1]!.lines.some((l) => l.text.includes('人员经费'))).toBe(true);
    expect(regions[1]!.lines.filter((l) => /^30/.test(l.cells[0]!.text))).toHaveLength(3);
    expect(regions[0]!.lines.at(-1)!.text).toContain('合计');
  });

  it('leaves text-layer pages in the region their printed title opened', () => {
    expect(segment([functionPage('text'), economicPage('text')]).regions.map((r) => r.table_code)).toEqual(['B05']);
  });
});

/**
 * Tables on OCR'd pages whose titles were misread: a wording with a misread character still
 * names its table (一舫 for 一般 must not make table 05 a second table 03), two claims on one
 * code are settled by the closer title with a warning, and a table whose title is hopeless
 * takes the one code its place between the report's other tables leaves open, when its content
 * fits. Text-layer pages keep the exact matching.
 */
import { describe, expect, it } from 'vitest';
import { fuzzyTitle, suffixDistance, tolerantTitle } from '../../pipeline/parse/fuzzy-title.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedDoc, ExtractedPage, TextItem } from '../../pipeline/types.ts';

describe('tolerant title matching', () => {
  it('measures a wording against the end of the line, the start free', () => {
    expect(suffixDistance('支出决算表', 'XX局支出决算表')).toBe(0);
    expect(suffixDistance('支出决算表', 'XX局支出决箅表')).toBe(1);
    expect(suffixDistance('支出决算表', '支出决算表续')).toBe(1);
  });

  it('prefers a long wording with a misread over a short exact one', () => {
    expect(tolerantTitle('一舫公共预算财政拨款支出决算表')).toMatchObject({ code: '05', distance: 1 });
    expect(tolerantTitle('一舱公共预算财政拨款基本支出决算表')?.code).toBe('06');
    expect(tolerantTitle('财政拔款收入支出决算总表')?.code).toBe('04');
    expect(tolerantTitle('国有资本经营预算财政拔款支出决算表')?.code).toBe('08');
  });

  it('keeps exact titles as the exact matcher reads them', () => {
    for (const [t, code] of [
      ['XX局2024年度一般公共预算财政拨款支出决算表', '05'],
      ['支出决算表', '03'],
      ['收入支出决算总表', '01'],
      ['政府性基金预算财政拨款收入支出决算表', '07'],
      ['一般公共预算支出预算表', 'B05'],
    ] as const) expect(tolerantTitle(t)?.code).toBe(code);
  });

  it('matches nothing too far from every wording, and no prose', () => {
    expect(fuzzyTitle('一般公共预算财政拨款支出决算表的情况说明')).toBeNull();
    expect(fuzzyTitle('政府采购情况表')).toBeNull();
    expect(fuzzyTitle('部门整体支出绩效自评表')).toBeNull();
  });
});

const H = 9;
const item = (str: string, x: number, y: number): TextItem => ({ str, x, y, w: str.length * (/\d/.test(str[0]!) ? 5 : 9), h: H, conf: 0.9 });

/** A function-coded table page: title, header, two 类 rows and the total. */
function page(n: number, title: string, method: 'ocr' | 'text', code = '2'): ExtractedPage {
  const items: TextItem[] = [item(title, 150, 40), item('单位：万元', 450, 60)];
  ['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'].forEach((h, i) => items.push(item(h, [40, 110, 250, 360, 460][i]!, 80)));
  const rows = [
    ['', '合计', '30.00', '18.00', '12.00'],
    [`${code}01`, '一般公共服务支出', '10.00', '6.00', '4.00'],
    [`${code}08`, '社会保障和就业支出', '20.00', '12.00', '8.00'],
  ];
  rows.forEach((r, k) => r.forEach((t, i) => t && items.push(item(t, i < 2 ? [40, 110][i]! : [300, 400, 500][i - 2]! - t.length * 5, 100 + k * 20))));
  return { page: n, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules: [] };
}

function doc(pages: ExtractedPage[]): ExtractedDoc {
  return { report_id: 't', kind: 'pdf', ocr_pages: pages.filter((p) => p.method === 'ocr').map((p) => p.page), warnings: [], pages };
}

describe('one table per code on OCR pages', () => {
  it('reads a misread 05 title as 05, not as a second 03', () => {
    const parsed = parse(doc([page(1, '支出决算表', 'ocr'), page(2, '一舫公共预算财政拨款支出决算表', 'ocr')]));
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['03', '05']);
    expect(parsed.warnings).toEqual([]);
  });

  it('settles two claims on one code by the closer title, keeps the other as cells and says so', () => {
    // '一般公共预笃财政拨款支出决箅表' is too far from 05's wording (3 misreads in 15) and ends in …决箅表.
    const parsed = parse(doc([page(1, '支出决算表', 'ocr'), page(2, 'XX支出决算表', 'ocr'), page(3, '国有资本经营预算财政拨款支出决算表', 'ocr')]));
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['03', null, '08']);
    expect(parsed.warnings.join('\n')).toMatch(/both read as table 03/);
    expect(parsed.warnings.join('\n')).toMatch(/kept without a table code/);
  });

  it('places a table whose title is hopeless in the one code its neighbours leave open, when its content fits', () => {
    const parsed = parse(doc([page(1, '收入决算表', 'ocr'), page(2, '支出传算表', 'ocr'), page(3, '财政拨款收入支出决算总表', 'ocr')]));
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['02', '03', '04']);
    expect(parsed.warnings.join('\n')).toMatch(/taken as table 03 by its place/);
    // Economic codes (30x) do not fit the function-coded 03.
    const economic = parse(doc([page(1, '收入决算表', 'ocr'), page(2, '支出传算表', 'ocr', '3'), page(3, '财政拨款收入支出决算总表', 'ocr')]));
    expect(economic.tables.map((t) => t.table_code)).toEqual(['02', null, '04']);
  });

  it('leaves text-layer pages to the exact matcher', () => {
    const parsed = parse(doc([page(1, '支出决算表', 'text'), page(2, '一舫公共预算财政拨款支出决算表', 'text')]));
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['03']);
  });
});

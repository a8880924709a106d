/**
 * A 公开NN表 label is the 决算 template's number; a budget numbers its tables otherwise (a
 * Jiangsu 公开07表 is B05). In a report whose readable titles are all budget tables, a table
 * known only by its label must not become a 决算 table (its figures would be filed as 决算
 * facts of a budget); in a 决算 report the label still gives the code.
 */
import { describe, expect, it } from 'vitest';
import { resolveCodes, type Found } from '../../pipeline/parse/resolve.ts';
import { tolerantTitle } from '../../pipeline/parse/fuzzy-title.ts';
import { isTableTitle, tableCodeFromTitle } from '../../pipeline/parse/titles.ts';
import type { RawTable } from '../../pipeline/types.ts';

function table(table_code: string | null, title: string, label: string | null, page: number): RawTable {
  return { id: '', table_code, title, label, pages: [page], unit_as_printed: '万元', columns: [], panels: [], rows: [], empty: false, notes: [] };
}
const found = (tables: RawTable[], ocr = true): Found[] => tables.map((table, order) => ({ table, order, ocr }));
const codes = (kept: Found[]) => kept.map((f) => f.table.table_code);

describe('codes read off a 公开NN表 label alone', () => {
  it('are dropped, with a warning, in a report whose titled tables are budget tables', () => {
    const warnings: string[] = [];
    const kept = resolveCodes(found([
      table('B01', '收支预算总表', '公开01表', 1),
      table('B02', '收入预算总表', '公开02表', 2),
      table('04', '公开04表支真总排总财政发款', '公开04表', 3),
    ]), warnings);
    expect(codes(kept)).toEqual(['B01', 'B02', null]);
    expect(warnings.join('\n')).toMatch(/label reads as table 04, but the report's titled tables are 预算 tables/);
  });

  it('stand in a 决算 report, and where no title was read at all', () => {
    const juesuan = resolveCodes(found([table('01', '收入支出决算总表', '公开01表', 1), table('02', '公开02表', '公开02表', 2)]), []);
    expect(codes(juesuan)).toEqual(['01', '02']);
    const unread = resolveCodes(found([table('01', '公开01表', '公开01表', 1), table('02', '公开02表', '公开02表', 2)]), []);
    expect(codes(unread)).toEqual(['01', '02']);
  });
});

describe('an OCR\'d table placed by its position', () => {
  it('takes a classification table\'s code only when its rows print subject codes', () => {
    const row = (cells: string[]) => ({ page: 9, cells, method: 'ocr' as const, confidence: 0.9 });
    const procurement = table(null, '政府采购支出预算表', '公开12表', 9);
    procurement.rows = [row(['办公设备', '12.00']), row(['合计', '12.00'])];
    const warnings: string[] = [];
    const kept = resolveCodes(found([table('B07', '“三公”经费支出预算表', '公开09表', 7), table('B08', '政府性基金预算财政拨款支出预算表', '公开10表', 8), procurement]), warnings);
    expect(codes(kept)).toEqual(['B07', 'B08', null]);
    procurement.table_code = null;
    procurement.rows = [row(['223', '国有资本经营预算支出', '12.00']), row(['合计', '', '12.00'])];
    // A title that reads as another table (an uncoded one here) is never placed, whatever its rows.
    expect(codes(resolveCodes(found([table('B08', '政府性基金预算财政拨款支出预算表', '公开10表', 8), procurement]), []))).toEqual(['B08', null]);
    const untitled = { ...procurement, title: '公开12表', table_code: null };
    expect(codes(resolveCodes(found([table('B08', '政府性基金预算财政拨款支出预算表', '公开10表', 8), untitled]), []))).toEqual(['B08', 'B09']);
  });
});

describe('a title whose brackets OCR lost', () => {
  it('still names its table, exactly and tolerantly, and is still a title', () => {
    for (const tolerant of [false, true]) {
      expect(tableCodeFromTitle('一般公共预算支出预算表（功能科目', tolerant)).toBe('B05');
      expect(tableCodeFromTitle('一般公共预算基本支出预算表（经济科目', tolerant)).toBe('B06');
    }
    expect(tableCodeFromTitle('一般公共预算支出预算表功能科目')).toBe('B05');
    expect(isTableTitle('财政拨款基本支出预算表（经济科目')).toBe(true);
    expect(isTableTitle('财政拨款支出预算表功能科目')).toBe(true);
    expect(tableCodeFromTitle('一般公共预算支出预算表（功能科目）的说明')).toBeNull();
  });
});

describe('a misread budget title', () => {
  it('does not become a 决算 table one character away (预算表 / 决算表)', () => {
    expect(tolerantTitle('一公共预算基本支出预算表（经')?.code ?? null).not.toBe('06');
    expect(tolerantTitle('一舫公共预算财政拨款支出决算表')?.code).toBe('05');
  });
});

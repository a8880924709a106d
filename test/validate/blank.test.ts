/**
 * Cells OCR read nothing for on rows it read (validate/blank.ts): filled in when two identities
 * give the same non-zero value, logged as ocr.repaired; left blank when only one does, when
 * they disagree, or when one rounded sum (万元) is all that gives it.
 */
import { describe, expect, it } from 'vitest';
import { validate } from '../../pipeline/validate/index.ts';
import { COLUMNS_05 as columns, copiedAcrossPages, normaliseTables, validateTable } from '../helpers/tables.ts';

/** A 类 over its one 款 over its one 项, and a second 类; the first two rows' 合计 lost. */
const lost = [
  ['205', '教育支出', '', '', '250,000.00'],
  ['20599', '其他教育支出', '', '', '250,000.00'],
  ['2059999', '其他教育支出', '250,000.00', '', '250,000.00'],
  ['210', '卫生健康支出', '1,234,567.00', '1,200,000.00', '34,567.00'],
  ['21011', '行政事业单位医疗', '1,234,567.00', '1,200,000.00', '34,567.00'],
];

const TOTAL = ['', '合计', '1,484,567.00', '1,200,000.00', '284,567.00'];

function run(rows: string[][], total: string[][] = [TOTAL], unit = '元') {
  const { q, cell } = validateTable('05', { columns, rows: [...total, ...rows], unit, method: 'ocr' });
  return { cell: (code: string, measure = '本年支出合计') => cell(code, measure), repaired: q.findings.filter((f) => f.check_id === 'ocr.repaired') };
}

describe('fillBlankCells', () => {
  it('fills a lost total that its row and its column both give, then its parent from it', () => {
    const { cell, repaired } = run(lost);
    expect(cell('20599')?.value_yuan).toBe('250000.00');
    expect(cell('205')?.value_yuan).toBe('250000.00');
    expect(cell('205')!.confidence).toBeLessThan(0.5);
    expect(cell('205')!.value_text).toBe('');
    expect(repaired.map((f) => [f.severity, f.item_code, f.expected, f.actual])).toEqual([
      ['warning', '20599', '250000.00', null],
      ['warning', '205', '250000.00', null],
    ]);
  });

  it('leaves a cell blank that only one identity gives', () => {
    // 2059999's own 合计 is lost too, and no 合计 row gives 205: each has its row only.
    const rows = lost.map((r) => (r[0] === '2059999' ? [r[0]!, r[1]!, '', '', r[4]!] : r));
    const { cell, repaired } = run(rows, []);
    expect(cell('20599')).toBeUndefined();
    expect(cell('205')).toBeUndefined();
    expect(repaired).toEqual([]);
  });

  it('leaves a cell blank when two identities give it different values', () => {
    const rows = lost.map((r) => (r[0] === '2059999' ? [r[0]!, r[1]!, '260,000.00', '', '250,000.00'] : r));
    const { cell } = run(rows);
    expect(cell('20599')).toBeUndefined();
  });

  it('leaves a blank part alone: the identities through a cell printed blank give 0', () => {
    const { cell } = run(lost);
    expect(cell('205', '基本支出')).toBeUndefined();
    expect(cell('2059999', '基本支出')).toBeUndefined();
  });

  it('in 万元 fills from two rounded sums that agree, never from one', () => {
    const rows = [
      ['205', '教育支出', '', '', '25.00'],
      ['20599', '其他教育支出', '', '', '25.00'],
      ['2059999', '其他教育支出', '25.00', '', '25.00'],
      ['210', '卫生健康支出', '', '120.00', '3.46'],
      ['21011', '行政事业单位医疗', '123.46', '120.00', '3.46'],
      ['211', '节能环保支出', '', '10.00', '2.01'],
      ['21101', '环境保护管理事务', '12.02', '10.00', '2.01'],
    ];
    const { cell } = run(rows, [], '万元');
    expect(cell('205')?.value_yuan).toBe('250000.00');
    expect(cell('210')?.value_yuan).toBe('1234600.00');
    // 12.01 by its row, 12.02 by its column: a hundredth apart, as rounding allows, but no agreement.
    expect(cell('211')).toBeUndefined();
  });

  it('fills a total from its row alone (in 元) when every part is confirmed by another identity', () => {
    const rows = (project: string) => [
      ['201', '一般公共服务支出', '', '200,000.00', project],
      ['20106', '财政事务', '', '200,000.00', project],
      ['2010601', '行政运行', '200,000.00', '200,000.00', ''],
      ['2010602', '一般行政管理事务', '', '', '100,000.00'],
      ['2010603', '机关服务', '', '', '50,000.00'],
    ];
    // Two totals of the column lost: Σ 项 rows gives neither; each row's 项目支出 is confirmed by Σ 项 rows of 项目支出.
    const confirmed = run(rows('150,000.00'), []);
    expect([confirmed.cell('2010602')?.value_yuan, confirmed.cell('2010603')?.value_yuan]).toEqual(['100000.00', '50000.00']);
    // 项目支出 down the column no longer adds up (its 类 and 款 agree on another sum): unconfirmed, left blank.
    const unconfirmed = run(rows('190,000.00'), []);
    expect([unconfirmed.cell('2010602'), unconfirmed.cell('2010603')]).toEqual([undefined, undefined]);
  });

  it('takes a part read alike in another table on another page as confirmed', () => {
    const doc = normaliseTables(copiedAcrossPages(''));
    validate(doc);
    expect(doc.facts.find((f) => f.table_code === 'B04' && f.item_code === '221' && f.measure === '合计')?.value_yuan).toBe('8882399.00');
  });

  it('in 万元 fills a total over one confirmed part as read, not one over two rounded parts', () => {
    const rows = [
      ['201', '一般公共服务支出', '', '25.00', '15.00'],
      ['20106', '财政事务', '', '25.00', '15.00'],
      ['2010601', '行政运行', '', '20.00', ''],
      ['2010602', '一般行政管理事务', '', '5.00', '10.00'],
      ['2010603', '机关服务', '', '', '5.00'],
    ];
    const { cell } = run(rows, [], '万元');
    const total = (code: string) => cell(code)?.value_yuan;
    expect([total('2010601'), total('2010602'), total('2010603')]).toEqual(['200000.00', undefined, '50000.00']);
  });
});


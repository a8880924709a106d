/**
 * A coded table's 合计 row whose label OCR garbled (validate/relabel.ts): found by its sums,
 * filed as 合计 with an ocr.label_repaired warning; a row that does not add up is left alone.
 */
import { describe, expect, it } from 'vitest';
import { validate } from '../../pipeline/validate/index.ts';
import { COLUMNS_05 as columns, normaliseTables, rawTable } from '../helpers/tables.ts';

const body = [
  ['208', '社会保障和就业支出', '834,512.00', '834,512.00', ''],
  ['20805', '行政事业单位养老支出', '834,512.00', '834,512.00', ''],
  ['210', '卫生健康支出', '100,000.00', '', '100,000.00'],
  ['21011', '行政事业单位医疗', '100,000.00', '', '100,000.00'],
];

function run(label: string, total: string[]) {
  const doc = normaliseTables([rawTable('05', { columns, rows: [['', label, ...total], ...body], unit: '元', method: 'ocr' })]);
  const q = validate(doc);
  return { names: [...new Set(doc.facts.filter((f) => !f.item_code).map((f) => f.item_name))], q };
}

describe('relabelTotals', () => {
  it('files a short garbled label whose values are Σ 类 rows as the 合计 row', () => {
    const { names, q } = run('一', ['934,512.00', '834,512.00', '100,000.00']);
    expect(names).toEqual(['合计']);
    expect(q.findings.filter((f) => f.check_id === 'ocr.label_repaired').map((f) => [f.severity, f.table_code, f.item_name])).toEqual([['warning', '05', '合计']]);
  });

  it('leaves a row whose values do not add up to the 类 rows', () => {
    const { names, q } = run('一', ['934,512.00', '834,512.00', '55.00']);
    expect(names).toEqual(['一']);
    expect(q.findings.filter((f) => f.check_id === 'ocr.label_repaired')).toEqual([]);
  });

  it('leaves a longer name alone, even when it adds up', () => {
    const { names } = run('人员经费合计', ['934,512.00', '834,512.00', '100,000.00']);
    expect(names).toEqual(['人员经费合计']);
  });

  it.each([
    ['公', ['公用经费合计']],
    ['公用纟', ['公用经费合计']],
    ['公用其他', []],
  ])('files a garbled label (%s) as another row an identity names, when its values complete that identity', (label, relabelled) => {
    const t05 = rawTable('05', { columns, rows: [['', '合计', '934,512.00', '834,512.00', '100,000.00'], ...body], unit: '元', method: 'ocr' });
    const t06 = rawTable('06', {
      columns: ['科目编码', '科目名称', '决算数'],
      rows: [['', '人员经费合计', '800,000.00'], ['301', '工资福利支出', '800,000.00'], ['30101', '基本工资', '800,000.00'], ['', label, '34,512.00'], ['302', '商品和服务支出', '34,512.00'], ['30201', '办公费', '34,512.00']],
      unit: '元',
      method: 'ocr',
    });
    const doc = normaliseTables([t05, t06]);
    const q = validate(doc);
    expect(doc.facts.filter((f) => f.table_code === '06' && !f.item_code).map((f) => f.item_name)).toEqual(['人员经费合计', relabelled[0] ?? label]);
    expect(q.findings.filter((f) => f.check_id === 'ocr.label_repaired').map((f) => f.item_name)).toEqual(relabelled);
  });
});

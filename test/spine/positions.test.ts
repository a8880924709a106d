/**
 * Value columns whose header OCR could not read: placed by the template's column order
 * (whole panel by count, or anchored between the columns that were read) and confirmed by
 * the table's row identities, or flagged.
 */
import { describe, expect, it } from 'vitest';
import { alignOn, panelMeasures } from '../../pipeline/normalise/positions.ts';
import { factsOf, normaliseTables, rawTable } from '../helpers/tables.ts';

const clues = (read: (string | null)[]) => read.map((r) => ({ read: r }));

const M03 = ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];

describe('alignOn: unread columns between read anchors', () => {
  it('fills a gap holding as many unread columns as the layout has measures there', () => {
    // 03 with 上缴上级支出 merged into 项目支出's header: 5 columns, the first unread.
    const read = [null, '基本支出', '项目支出', '经营支出', '对附属单位补助支出'];
    expect(alignOn(clues(read), M03)).toEqual({ measures: ['本年支出合计', '基本支出', '项目支出', '经营支出', '对附属单位补助支出'], placed: [0] });
  });

  it('leaves a gap alone when the counts differ (which measure is missing is a guess)', () => {
    const read = [null, '项目支出', '经营支出'];
    expect(alignOn(clues(read), M03)!.placed).toEqual([]);
    // Two unread columns for one slot between 项目支出 and 经营支出.
    expect(alignOn(clues(['本年支出合计', '基本支出', '项目支出', null, null, '经营支出']), M03)!.placed).toEqual([]);
  });

  it('rejects a layout the read measures contradict (out of order, or not in it)', () => {
    expect(alignOn(clues(['基本支出', '本年支出合计', null]), M03)).toBeNull();
    expect(alignOn(clues(['年初结转和结余', null]), M03)).toBeNull();
  });
});

describe('alignOn: what else a column says', () => {
  it('does not count a blank column a stray rule split off, when that makes the counts meet', () => {
    const r = alignOn([{ read: null, blank: true }, { read: null }, { read: '基本支出' }], M03)!;
    expect(r).toEqual({ measures: [null, '本年支出合计', '基本支出'], placed: [1] });
  });

  it('anchors an unread header that names two neighbouring measures (merged cells) across both', () => {
    const FUNDS = ['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];
    const r = alignOn([{ read: '合计' }, { read: null }, { read: null, named: ['政府性基金预算财政拨款', '国有资本经营预算财政拨款'] }], FUNDS)!;
    expect(r).toEqual({ measures: ['合计', '一般公共预算财政拨款', null], placed: [1] });
    // A header read as one measure that names two is tried as such a span too.
    const p = panelMeasures([{ read: '合计' }, { read: null }, { read: '国有资本经营预算财政拨款', named: ['政府性基金预算财政拨款', '国有资本经营预算财政拨款'] }], [FUNDS]);
    expect(p).toMatchObject({ measures: ['合计', '一般公共预算财政拨款', null], placed: [1], how: 'anchored' });
  });

  it('places unread headers by the 栏次 numbers OCR glued to them', () => {
    const r = panelMeasures([{ read: null }, { read: null, number: 2 }, { read: null, number: 3 }, { read: null, number: 4 }, { read: null, number: 5 }, { read: null, number: 6 }, { read: null, blank: true }], [M03, M03.slice(0, 3)]);
    expect(r).toMatchObject({ measures: [...M03, null], placed: [0, 1, 2, 3, 4, 5], how: 'anchored' });
  });
});

describe('panelMeasures', () => {
  it('reads a fully readable header as printed', () => {
    expect(panelMeasures(clues(['本年支出合计', '基本支出', '项目支出']), [M03, M03.slice(0, 3)])).toEqual({ measures: ['本年支出合计', '基本支出', '项目支出'], placed: [], how: 'header' });
  });

  it('takes a whole panel by position when its column count is a layout', () => {
    expect(panelMeasures(clues([null, null, '项目支出']), [M03, M03.slice(0, 3)])).toMatchObject({ measures: M03.slice(0, 3), placed: [0, 1, 2], how: 'layout' });
  });

  it('anchors when no layout has the column count, choosing the layout that places most', () => {
    const r = panelMeasures(clues([null, '基本支出', '项目支出', '经营支出', '对附属单位补助支出']), [M03, M03.slice(0, 3)]);
    expect(r).toMatchObject({ how: 'anchored', placed: [0] });
    expect(r.measures[0]).toBe('本年支出合计');
  });

  it('keeps a measure read twice only in its first column when nothing places the second', () => {
    expect(panelMeasures(clues(['基本支出', '基本支出']), [M03])).toMatchObject({ measures: ['基本支出', null], how: 'header' });
  });
});

describe('positional columns through normalise', () => {
  const header = ['科目编码', '科目名称', '市伟宇出', '基本支出', '一炳一级/项目支出', '经营支出', '对附属单位祖阮文'];
  const rows = [
    ['210', '卫生健康支出', '812.03', '556.74', '255.28', '', ''],
    ['21015', '医疗保障管理事务', '767.79', '512.51', '255.28', '', ''],
    ['2101599', '其他医疗保障管理事务支出', '117.55', '3.24', '114.31', '', ''],
  ];

  it('loads the unread total column of 03 and says the row identities confirm it', () => {
    const doc = normaliseTables([rawTable('03', { columns: header, rows })]);
    const facts = factsOf(doc, '03').filter((f) => f.measure === '本年支出合计');
    expect(facts.map((f) => [f.item_code, f.value_yuan])).toEqual([
      ['210', '8120300.00'],
      ['21015', '7677900.00'],
      ['2101599', '1175500.00'],
    ]);
    const f = doc.findings.filter((x) => x.check_id === 'measure.by_position');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'info', table_code: '03' });
    expect(doc.findings.filter((x) => x.check_id === 'measure.unknown')).toEqual([]);
  });

  it('warns when the row identities contradict or cannot confirm the positional columns', () => {
    const wrong = rows.map((r) => [r[0]!, r[1]!, '1.00', r[3]!, r[4]!, '', '']);
    const doc = normaliseTables([rawTable('03', { columns: header, rows: wrong, method: 'ocr' })]);
    expect(doc.findings.filter((x) => x.check_id === 'measure.by_position').map((x) => x.severity)).toEqual(['warning']);
    expect(doc.findings.find((x) => x.check_id === 'measure.by_position')!.message).toMatch(/fail on most rows/);
  });

  it('only notes a text layer header the template does not know: its wording is exact, not misread', () => {
    const wrong = rows.map((r) => [r[0]!, r[1]!, '1.00', r[3]!, r[4]!, '', '']);
    const doc = normaliseTables([rawTable('03', { columns: header, rows: wrong })]);
    const f = doc.findings.filter((x) => x.check_id === 'measure.by_position');
    expect(f.map((x) => x.severity)).toEqual(['info']);
    expect(f[0]!.message).not.toMatch(/check the columns/);
  });
});

import { describe, expect, it } from 'vitest';
import { extractNarrative, type FindFunctionCode } from '../../pipeline/normalise/narrative.ts';
import { classifyHeading, headingLevel } from '../../pipeline/normalise/narrative/paragraphs.ts';
import { factKey } from './helpers.ts';

/** Run on lines of one page (or pages given as arrays). */
function read(pages: string[][], fiscal_year: number | null = 2024, findCode?: FindFunctionCode) {
  const text = pages.map((lines, i) => ({ page: i + 1, lines }));
  return extractNarrative(text, { report_id: 't', fiscal_year, ...(findCode ? { findCode } : {}) });
}
const values = (facts: ReturnType<typeof read>) => Object.fromEntries(facts.map((f) => [factKey(f), f.value_yuan]));

describe('narrative rules', () => {
  it('converts 万元 and 元 exactly, keeping the number as printed', () => {
    const facts = read([['二、支出决算情况说明', '本年支出合计1,234.5678万元，结余分配12.34元。']]);
    expect(facts.map((f) => [f.value_text, f.unit_as_printed, f.value_yuan])).toEqual([
      ['1,234.5678', '万元', '12345678.00'],
      ['12.34', '元', '12.34'],
    ]);
  });

  it('reads a total stated after the department name and year', () => {
    // The real 上海市普陀区财政局 report's prose (its 0.3 is a slip the checks flag against table 04).
    const facts = read([['四、财政拨款收入支出决算总体情况说明', '上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。']]);
    expect(values(facts)).toEqual({ '04||32||金额': '3000.00', '04||64||合计': '3000.00' });
  });

  it('rejects change figures, explanations and other years', () => {
    const facts = read([[
      '一、收入决算情况说明',
      '本年收入合计100.00万元，比上年减少10.00万元，下降9%，主要原因：事业收入5.00万元划转。',
      '2023年度上级补助收入7.00万元。',
      '与上年相比，经营收入增加3.00万元。',
    ]]);
    expect(values(facts)).toEqual({ '01||27||金额': '1000000.00' });
  });

  it('reads a figure only in the section that gives it meaning', () => {
    // 基本支出 is table 03 in 支出决算, table 05 in 一般公共预算…基本支出, nothing in 机关运行经费.
    const facts = read([[
      '三、支出决算情况说明', '基本支出10.00万元。',
      '六、一般公共预算财政拨款基本支出决算情况说明', '基本支出8.00万元，其中：人员经费6.00万元，日常公用经费2.00万元。',
      '十、其他重要事项的情况说明', '(一)机关运行经费支出情况', '基本支出9.00万元，机关运行经费2.00万元。',
    ]]);
    expect(values(facts)).toEqual({
      '03|||合计|基本支出': '100000.00',
      '05|||合计|基本支出': '80000.00',
      '06|||人员经费合计|决算数': '60000.00',
      '06|||公用经费合计|决算数': '20000.00',
    });
  });

  it('carries a subject over to the figures of the next statement and joins wrapped lines', () => {
    const facts = read([
      ['五、一般公共预算财政拨款支出决算情况说明', '3、社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）。年初预算为 17.89 万元，支出决算为'],
      ['17.14 万元，完成年初预算的 95.81%。'],
    ]);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ item_code: '2080502', item_level: '项', measure: '本年支出合计', value_yuan: '171400.00', page: 2 });
  });

  it('maps 三公 wording to the 09 measures and leaves a bare 预算数 alone', () => {
    const facts = read([[
      '九、财政拨款“三公”经费支出决算情况说明',
      '2024年度财政拨款“三公”经费支出全年预算为 5.86 万元，支出决算为 5.86 万元。',
      '因公出国（境）费年初预算数1.00万元，预算数2.00万元。',
      '公务用车运行维护费 0.5 万元，国内公务接待支出0.30万元，外事接待支出0.10万元。',
    ]]);
    expect(values(facts)).toEqual({
      '09|||合计|全年预算数': '58600.00',
      '09|||合计|决算数': '58600.00',
      '09|||因公出国（境）费|年初预算数': '10000.00',
      '09|||公务用车运行维护费|决算数': '5000.00',
      '09|||国内接待费|决算数': '3000.00',
    });
  });

  it('maps 类 figures of the 财政拨款 section to table 04 lines and skips its 项', () => {
    const facts = read([[
      '三、财政拨款支出决算情况说明',
      '财政拨款本年支出年初预算数 839.32 万元，决算数 940.49 万元。',
      '(一)社会保障和就业支出（类）年初预算数 77.15 万元，决算数 83.45 万元。',
      '(二)卫生健康支出（类）医疗保障管理事务（款）行政运行（项）决算数 9.00 万元。',
    ]]);
    expect(values(facts)).toEqual({ '04||59||合计': '9404900.00', '04||40||合计': '834500.00' });
  });

  it('drops a cell stated twice with different values', () => {
    const facts = read([['二、支出决算情况说明', '基本支出10.00万元。', '1、基本支出11.00万元。', '项目支出5.00万元。', '2、项目支出5.00万元。']]);
    expect(values(facts)).toEqual({ '03|||合计|项目支出': '50000.00' });
  });

  it('skips a 项 the subject reference cannot resolve', () => {
    const none: FindFunctionCode = () => null;
    const lines = ['五、一般公共预算财政拨款支出决算情况说明', '1.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）支出决算为297.34万元。'];
    expect(read([lines], 2024, none)).toEqual([]);
    expect(read([lines])[0]).toMatchObject({ item_code: '2101501', item_name: '行政运行' });
  });

  it('recognises headings and their sections', () => {
    expect(headingLevel('五、一般公共预算财政拨款支出决算情况说明')).toBe('top');
    expect(headingLevel('1、收入支出决算总体情况说明')).toBe('top');
    expect(headingLevel('(一)一般公共预算财政拨款支出决算总体情况')).toBe('sub');
    expect(headingLevel('1、基本支出 1,576.3 万元。')).toBeNull();
    expect(headingLevel('9.完成区委和区政府交办的其他任务。')).toBeNull();
    expect(classifyHeading('二、收入决算情况说明')).toBe('income');
    expect(classifyHeading('三、支出决算情况说明')).toBe('expenditure');
    expect(classifyHeading('四、财政拨款收入支出决算总体情况说明')).toBe('fin_total');
    expect(classifyHeading('三、财政拨款支出决算情况说明')).toBe('fin_exp');
    expect(classifyHeading('六、一般公共预算财政拨款基本支出决算情况说明')).toBe('gpb_basic');
    expect(classifyHeading('七、“三公”经费财政拨款支出决算情况说明')).toBe('sangong');
    expect(classifyHeading('八、政府性基金预算支出决算情况说明')).toBe('other');
    expect(classifyHeading('二、收入决算表')).toBe('other');
  });
});

import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../pipeline/extract/textnorm.ts';

describe('normaliseText', () => {
  it.each([
    ['', ''],
    ['  行政运行  ', '行政运行'],
    // Han runs spaced out by the producer are joined…
    ['卫 生 健 康', '卫生健康'],
    ['项\u3000目', '项目'],
    ['卫生健康支出 （类）', '卫生健康支出(类)'],
    ['“三公” 经费', '“三公”经费'],
    // …but a wide gap between two fields stays a separator.
    ['部门：某局\u3000\u3000\u3000\u3000金额单位：万元', '部门:某局  金额单位:万元'],
    // Numbers keep their spaces.
    ['1.00  2.00', '1.00  2.00'],
    ['1.00 \t 2.00', '1.00  2.00'],
    ['1.00 2.00', '1.00 2.00'],
    ['行政运行 289.95', '行政运行 289.95'],
    ['2024 年度', '2024 年度'],
    // NFKC: full-width forms and Kangxi radicals.
    ['１，６２９．００', '1,629.00'],
    ['（1,629.00）', '(1,629.00)'],
    ['\u2FA6额', '金额'],
    // CJK Radicals Supplement look-alikes.
    ['\u2ED3期', '长期'],
    ['\u2EA0生', '民生'],
    ['\u2ED4诊', '门诊'],
    ['\u2ECB辆', '车辆'],
    ['\u2EC5', '见'],
    ['\u2EDB险', '风险'],
    // Invisible characters and odd spaces.
    ['行政\u200B运行', '行政运行'],
    ['\uFEFF合计', '合计'],
    ['a\u00A0b', 'a b'],
    ['合\t计', '合计'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normaliseText('卫 生\u3000\u3000健 康 １２ \u2ED3');
    expect(normaliseText(once)).toBe(once);
  });
});

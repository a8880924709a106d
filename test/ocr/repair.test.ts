import { describe, expect, it } from 'vitest';
import { fitPageFormat, isNumeric, joinNumberFragments, joinedNumber, OFF_FORMAT_CONF, pageNumberFormat, repairNumber } from '../../pipeline/extract/ocr/repair.ts';
import type { TextItem } from '../../pipeline/types.ts';

describe('repairNumber', () => {
  it.each([
    ['940.49', '940.49'],
    ['“940.49', '940.49'],
    ['83.45”', '83.45'],
    ['。940', '940'],
    ['T67.79', '767.79'],
    ['1O.06', '10.06'],
    ['l,629.00', '1,629.00'],
    ['4S.02', '45.02'],
    ['2B.10', '28.10'],
    ['1|2.50', '112.50'],
    ['|83.45', '83.45'],
    ['3.675.93', '3,675.93'],
    ['1.234.567.00', '1,234,567.00'],
    // a comma before a last group of two is the page's to decide (fitPageFormat)
    ['940,49', '940,49'],
    ['1,629,00', '1,629,00'],
    ['1,629..00', '1,629.00'],
    // a colon, semicolon or middle dot before two final digits is the point (a speck over it)
    ['8:66', '8.66'],
    ['140:04', '140.04'],
    ['1,234;56', '1,234.56'],
    ['0·10', '0.10'],
    ['：8:66', '8.66'],
    // three digits after it are a whole-元 page's groups (regroup); a time or a ratio is no amount
    ['834:500', '834:500'],
    // a '0' whose right side broke off; a speck after the decimals
    ['0.1C', '0.10'],
    ['1C6.30', '106.30'],
    ['0.06.', '0.06'],
    ['CCTV', 'CCTV'],
    ['2024:12', '2024:12'],
    // groups ending in their comma keep it: the next group was cut into a box of its own
    ['243,', '243,'],
    ['4,608,', '4,608,'],
    ['12.5,', '12.5'],
    ['１，６２９．００', '1,629.00'],
    ['1 629.00', '1629.00'],
    ['(3.20)', '(3.20)'],
    ['-5', '-5'],
    // not numbers: left alone
    ['2024年度', '2024年度'],
    ['公开02表', '公开02表'],
    ['SOS', 'SOS'],
    ['Ol', 'Ol'],
    ['—', '—'],
    ['1因公出国(境)费', '1因公出国(境)费'],
  ])('%s → %s', (input, want) => {
    expect(repairNumber(input)).toBe(want);
  });
});

describe('isNumeric', () => {
  it.each([
    ['1,629.00', true],
    ['0.00', true],
    ['（12.5）', true],
    ['12a', false],
    ['', false],
  ])('%s → %s', (s, want) => expect(isNumeric(s)).toBe(want));
});

describe('joinedNumber', () => {
  it.each([
    ['1', '629.00', '1,629.00'],
    ['1,', '629.00', '1,629.00'],
    ['12.', '345,678.00', '12,345,678.00'],
    ['3,675', '.93', '3,675.93'],
    ['0.00', '0.00', null],
    ['1', '62.00', null],
    ['2101501', '443.23', null],
  ])('%s + %s → %s', (l, r, want) => expect(joinedNumber(l, r)).toBe(want));
});

describe('joinNumberFragments', () => {
  const item = (str: string, x: number, y = 100, w = 20): TextItem => ({ str, x, y, w, h: 10, conf: 0.9 });
  it('joins close fragments on one line, even out of order, and keeps separate columns apart', () => {
    const out = joinNumberFragments([item('629.00', 108, 101, 30), item('0.00', 200), item('1', 100, 100, 5)]);
    expect(out.map((i) => i.str).sort()).toEqual(['0.00', '1,629.00']);
    expect(out.find((i) => i.str === '1,629.00')).toMatchObject({ x: 100, w: 38, conf: 0.9 });
  });
  it('does not join across a column gap or across rows', () => {
    expect(joinNumberFragments([item('1', 100, 100, 5), item('629.00', 130)]).length).toBe(2);
    expect(joinNumberFragments([item('1', 100, 100, 5), item('629.00', 106, 120)]).length).toBe(2);
  });
});

describe('fitPageFormat', () => {
  const it0 = (str: string, conf = 0.9): TextItem => ({ str, x: 300, y: 100, w: 40, h: 10, conf });
  const decimals = ['1,234.56', '83.45', '0.00', '12,000.00', '5.10'];
  const whole = ['4,212,300', '1,633,000', '9,500', '100,000', '25,121,091'];
  it('knows the format from most amounts, and not from codes or 行次', () => {
    expect(pageNumberFormat(decimals.map((s) => it0(s)))).toBe('decimals');
    expect(pageNumberFormat(whole.map((s) => it0(s)))).toBe('integers');
    expect(pageNumberFormat(['2010101', '12', '500', '1,234.56'].map((s) => it0(s)))).toBeNull();
  });
  it('reads a comma before two digits as the decimal point on a page of decimals', () => {
    const items = [...decimals, '940,49', '9,220', '13,012,.0', '2101501'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBe('decimals');
    expect(items.map((i) => i.str).slice(-4)).toEqual(['940.49', '9,220', '13,012,.0', '2101501']);
    expect(items.map((i) => i.conf).slice(-4)).toEqual([0.9, OFF_FORMAT_CONF, OFF_FORMAT_CONF, 0.9]);
  });
  it('keeps a lost digit on a whole-元 page doubtful instead of making it decimals', () => {
    const items = [...whole, '4,212,00', '8,882.99', '940,49'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBe('integers');
    expect(items.map((i) => i.str).slice(-3)).toEqual(['4,212,00', '8,882.99', '940,49']);
    expect(items.slice(-3).every((i) => i.conf === OFF_FORMAT_CONF)).toBe(true);
    expect(items.slice(0, 5).every((i) => i.conf === 0.9)).toBe(true);
  });
  it('reads a dot or colon before three digits as the thousands comma on a whole-元 page', () => {
    const items = [...whole, '834.500', '4.432,200', '9,405.000', '834:500', '1.609.332.600', '4.43200', '834.50'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBe('integers');
    expect(items.map((i) => i.str).slice(-7)).toEqual(['834,500', '4,432,200', '9,405,000', '834,500', '1,609,332,600', '4.43200', '834.50']);
    expect(items.slice(-7).map((i) => i.conf)).toEqual([0.9, 0.9, 0.9, 0.9, 0.9, OFF_FORMAT_CONF, OFF_FORMAT_CONF]);
    const dec = [...decimals, '834.500'].map((s) => it0(s));
    fitPageFormat(dec);
    expect(dec[5]!.str).toBe('834.500');
  });
  it('keeps the old reading where the format is unknown', () => {
    const items = ['940,49', '12'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBeNull();
    expect(items.map((i) => [i.str, i.conf])).toEqual([['940.49', 0.9], ['12', 0.9]]);
  });
});

describe('joinGroups on a whole-元 page', () => {
  const at = (str: string, x: number, w: number, y = 495): TextItem => ({ str, x, y, w, h: 9.7, conf: 0.96 });
  it("joins the groups of one amount the layout split where the comma was lost", () => {
    const whole = ['1,633,000', '9,500', '100,000', '877,080'].map((s, k) => at(s, 300, 40, 100 + 20 * k));
    const row = [at('302', 78, 16), at('4,755', 519.5, 31.7), at('518', 555.5, 16.9), at('0', 670, 5), at('4', 725, 7.6), at('755', 737.3, 19.4), at('518', 761, 16.6)];
    const items = [...whole, ...row];
    expect(fitPageFormat(items)).toBe('integers');
    expect(items.slice(4).map((i) => i.str)).toEqual(['302', '4,755,518', '0', '4,755,518']);
  });
  it('leaves values of neighbouring cells apart, and decimals pages alone', () => {
    const whole = ['1,633,000', '9,500', '100,000', '877,080'].map((s, k) => at(s, 300, 40, 100 + 20 * k));
    const items = [...whole, at('0', 500, 5), at('518', 508, 17), at('4,755', 600, 31), at('518', 660, 17)];
    fitPageFormat(items);
    expect(items.slice(4).map((i) => i.str)).toEqual(['0', '518', '4,755', '518']);
    const dec = ['1.00', '2.00', '3.00', '4.00', '4,755', '518'].map((s, k) => at(s, 300 + (k > 4 ? 36 : 0), 31, k < 4 ? 100 + 20 * k : 300));
    fitPageFormat(dec);
    expect(dec.map((i) => i.str)).toEqual(['1.00', '2.00', '3.00', '4.00', '4,755', '518']);
  });
});

describe('groups cut at their comma', () => {
  const at = (str: string, x: number, w: number): TextItem => ({ str, x, y: 186, w, h: 8.3, conf: 0.98 });
  it('joins them on any page, and drops a comma nothing follows', () => {
    const items = [at('208', 66, 17), at('05', 106, 10), at('4,', 492, 10), at('608,', 504, 23), at('515', 529, 17), at('76,', 600, 15), at('0', 773, 5)];
    expect(fitPageFormat(items)).toBeNull();
    expect(items.map((i) => i.str)).toEqual(['208', '05', '4,608,515', '76', '0']);
  });
});

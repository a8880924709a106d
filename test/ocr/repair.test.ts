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
    const items = [...decimals, '940,49', '9,220'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBe('decimals');
    expect(items.map((i) => i.str).slice(-2)).toEqual(['940.49', '9,220']);
    expect(items.map((i) => i.conf).slice(-2)).toEqual([0.9, OFF_FORMAT_CONF]);
  });
  it('keeps a lost digit on a whole-元 page doubtful instead of making it decimals', () => {
    const items = [...whole, '4,212,00', '8,882.99', '940,49'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBe('integers');
    expect(items.map((i) => i.str).slice(-3)).toEqual(['4,212,00', '8,882.99', '940,49']);
    expect(items.slice(-3).every((i) => i.conf === OFF_FORMAT_CONF)).toBe(true);
    expect(items.slice(0, 5).every((i) => i.conf === 0.9)).toBe(true);
  });
  it('keeps the old reading where the format is unknown', () => {
    const items = ['940,49', '12'].map((s) => it0(s));
    expect(fitPageFormat(items)).toBeNull();
    expect(items.map((i) => [i.str, i.conf])).toEqual([['940.49', 0.9], ['12', 0.9]]);
  });
});

/**
 * Reading printed amounts (parseAmount) and converting them exactly to 元 (toYuan).
 * Values are compared as strings: a float anywhere would show up as a wrong fen.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseAmount, toYuan, UNIT_FACTOR } from '../../pipeline/normalise/numbers.ts';
import { normaliseTables, rawTable } from '../helpers/tables.ts';

/** parseAmount as a short string: 'number 1629.00', 'na', 'empty', 'invalid'. */
function read(text: string | null | undefined): string {
  const r = parseAmount(text);
  return r.kind === 'number' ? `number ${r.value.toFixed(2)}` : r.kind;
}

describe('parseAmount', () => {
  it.each([
    // As printed by most producers.
    ['2,984.80', 'number 2984.80'],
    ['0.00', 'number 0.00'],
    ['12', 'number 12.00'],
    ['940.49', 'number 940.49'],
    ['1,234,567.89', 'number 1234567.89'],
    ['.5', 'number 0.50'],
    // Spaced out by the PDF producer, padded by the cell.
    ['1, 629. 00', 'number 1629.00'],
    [' 12 ', 'number 12.00'],
    ['\u00a01,629.00', 'number 1629.00'],
    ['1\u3000629.00', 'number 1629.00'],
    // Full-width digits and punctuation (NFKC).
    ['１，６２９．００', 'number 1629.00'],
    ['１２', 'number 12.00'],
    ['1，629', 'number 1629.00'],
    // Negatives: brackets (full- and half-width) and every minus sign in use.
    ['（1,629.00）', 'number -1629.00'],
    ['(1,629.00)', 'number -1629.00'],
    ['（ 1,629.00 ）', 'number -1629.00'],
    ['−5', 'number -5.00'],
    ['-5', 'number -5.00'],
    ['－5', 'number -5.00'],
    ['–3.10', 'number -3.10'],
    ['-.5', 'number -0.50'],
    ['-0.00', 'number 0.00'],
    // Thousands separators in odd places still read as the digits they hold.
    ['1,2345.00', 'number 12345.00'],
    // Printed, but no value applies.
    ['—', 'na'],
    ['——', 'na'],
    ['-', 'na'],
    ['---', 'na'],
    ['－', 'na'],
    ['–', 'na'],
    ['/', 'na'],
    ['／', 'na'],
    ['无', 'na'],
    ['不适用', 'na'],
    // Nothing printed.
    ['', 'empty'],
    ['   ', 'empty'],
    [null, 'empty'],
    [undefined, 'empty'],
    // Not a number: reported, never guessed.
    ['abc', 'invalid'],
    ['12.3.4', 'invalid'],
    ['1..2', 'invalid'],
    ['1.2万', 'invalid'],
    ['1e5', 'invalid'],
    ['0x10', 'invalid'],
    ['NaN', 'invalid'],
    ['∞', 'invalid'],
    ['1,629.00-', 'invalid'],
    ['-(5)', 'invalid'],
    ['()', 'invalid'],
    ['.', 'invalid'],
    ['12.00 34.00', 'invalid'],
  ] as [string | null | undefined, string][])('%j → %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('keeps every digit: no float rounding', () => {
    const r = parseAmount('123,456,789,012,345.67');
    expect(r.kind).toBe('number');
    if (r.kind === 'number') expect(r.value.toFixed(2)).toBe('123456789012345.67');
  });

  it('says what it could not read', () => {
    expect(parseAmount('abc')).toEqual({ kind: 'invalid', reason: "'abc' is not a number" });
  });

  // BUG (pipeline/normalise/numbers.ts, parseAmount): a cell holding only commas (',' ',,'
  // '-,' '(,)') passes LOOSE_NUMBER (/^[-]?[\d,]+(\.\d+)?$/ accepts a string of commas), the
  // commas are stripped and `new Decimal('')` throws "[DecimalError] Invalid argument: ".
  // Expected { kind: 'invalid' }; actual: an exception. Through normalise a stray ',' in any
  // value cell makes the whole report fail with "unexpected error" (see the next test).
  it.each([',', ',,', '-,', '(,)'])('a cell of commas only (%j) is invalid, not an exception', (text) => {
    expect(read(text)).toBe('invalid');
  });

  // Same bug seen from the normalise stage: expected one value.unreadable finding for the
  // cell and the other facts kept; actual: normalise() throws, the report fails as a whole.
  it('a stray comma in a value cell does not abort the report', () => {
    const doc = normaliseTables([
      rawTable('05', {
        columns: ['项目/科目编码', '项目/科目名称', '本年支出合计', '基本支出', '项目支出'],
        rows: [
          ['', '合计', '1.00', ',', ''],
          ['208', '社会保障和就业支出', '1.00', '1.00', ''],
        ],
      }),
    ]);
    expect(doc.findings.filter((f) => f.check_id === 'value.unreadable')).toHaveLength(1);
    expect(doc.facts).toHaveLength(3);
  });

  it('a lone digit OCR read in a table of two-decimal amounts is no amount: not loaded, flagged on its row', () => {
    const spec = {
      columns: ['项目/科目编码', '项目/科目名称', '本年支出合计', '基本支出', '项目支出'],
      rows: [
        ['', '合计', '10.00', '6.00', '4.00'],
        ['208', '社会保障和就业支出', '10.00', '6.00', '4.00'],
        ['20805', '行政事业单位养老支出', '10.00', '6.00', '4.00'],
        ['2080505', '机关事业单位基本养老保险缴费支出', '10.00', '6.00', '1'],
      ],
    };
    const ocr = normaliseTables([{ ...rawTable('05', spec), rows: rawTable('05', spec).rows.map((r) => ({ ...r, method: 'ocr' as const })) }]);
    const stray = ocr.findings.filter((f) => f.check_id === 'value.unreadable');
    expect(stray.map((f) => [f.severity, f.item_code])).toEqual([['warning', '2080505']]);
    expect(ocr.facts).toHaveLength(11);
    // A text layer prints what it prints: the '1' is loaded.
    expect(normaliseTables([rawTable('05', spec)]).facts).toHaveLength(12);
  });

  it("a border read with a dash ('-1') is no amount of a two-decimal table either", () => {
    const spec = {
      columns: ['项目/科目编码', '项目/科目名称', '本年支出合计', '基本支出', '项目支出'],
      rows: [['', '合计', '10.00', '6.00', '4.00'], ['208', '社会保障和就业支出', '10.00', '6.00', '4.00'], ['20805', '行政事业单位养老支出', '10.00', '6.00', '4.00'], ['2080505', '机关事业单位', '10.00', '6.00', '-1']],
    };
    const ocr = normaliseTables([{ ...rawTable('05', spec), rows: rawTable('05', spec).rows.map((r) => ({ ...r, method: 'ocr' as const })) }]);
    expect(ocr.findings.filter((f) => f.check_id === 'value.unreadable').map((f) => f.item_code)).toEqual(['2080505']);
    expect(ocr.facts).toHaveLength(11);
  });

  // One unreadable cell is a misread; several in a table mean its cells ran together (a second
  // panel's code and name read into the value column): the rows of that panel are missing
  // without a row finding of their own, so the table as a whole carries one.
  it('three or more unreadable values in one table add a table-level finding', () => {
    const table = (bad: number) =>
      rawTable('05', {
        columns: ['项目/科目编码', '项目/科目名称', '本年支出合计', '基本支出', '项目支出'],
        rows: [
          ['', '合计', '3.00', '3.00', ''],
          ...Array.from({ length: 3 }, (_, i) => [`20${i + 1}`, '支出', i < bad ? `1.00 30${i + 1}办公费` : '1.00', '1.00', '']),
        ],
      });
    const tableLevel = (bad: number) => normaliseTables([table(bad)]).findings.filter((f) => f.check_id === 'table.values_unreadable');
    expect(tableLevel(2)).toHaveLength(0);
    const [f] = tableLevel(3);
    expect(f).toMatchObject({ severity: 'warning', table_code: '05', item_code: null });
    expect(f!.message).toMatch(/3 values of table 05 .* are not numbers: its cells ran together/);
  });

  // BUG (pipeline/normalise/numbers.ts, NA): a lone U+2212 MINUS SIGN '−' is read as
  // { kind: 'invalid', reason: "'−' is not a number" } although '-', '–', '—' and '－' alone
  // are 'na' and '−5' is read as a minus. Expected 'na' (a dash meaning "not applicable");
  // actual 'invalid', which becomes a value.unreadable *error* in the quality log.
  it("a lone '−' (U+2212) is a dash like '-'", () => {
    expect(read('−')).toBe('na');
  });
});

describe('toYuan', () => {
  it.each([
    ['2984.80', '万元', '29848000.00'],
    ['940.49', '万元', '9404900.00'],
    ['0.01', '万元', '100.00'],
    ['0.001', '万元', '10.00'],
    ['-12.34', '万元', '-123400.00'],
    ['123456789012.34', '万元', '1234567890123400.00'],
    ['123.456', '千元', '123456.00'],
    ['0.01', '千元', '10.00'],
    ['1.23456789', '亿元', '123456789.00'],
    ['0.0001', '亿元', '10000.00'],
    ['9404900.00', '元', '9404900.00'],
    ['9404900', '元', '9404900.00'],
    ['0.07', '元', '0.07'],
    ['0', '万元', '0.00'],
  ])('%s %s → %s 元', (value, unit, yuan) => {
    expect(toYuan(new Decimal(value), unit)).toBe(yuan);
  });

  it('is exact where binary floating point is not', () => {
    // 1.005 万元 and 0.07 元 are not exact doubles: 1.005 * 10000 = 10049.999999999998.
    expect(toYuan(new Decimal('1.005'), '万元')).toBe('10050.00');
    expect(1.005 * 10000).not.toBe(10050);
    expect(toYuan(new Decimal('4.35'), '元')).toBe('4.35');
    expect(toYuan(new Decimal('0.29'), '万元')).toBe('2900.00');
  });

  it('reads the parsed amount end to end', () => {
    const r = parseAmount('１，６２９．０１');
    if (r.kind !== 'number') throw new Error('not a number');
    expect(toYuan(r.value, '万元')).toBe('16290100.00');
  });

  it('knows 元, 千元, 万元 and 亿元, and rejects any other unit', () => {
    expect(UNIT_FACTOR).toEqual({ 元: 1, 千元: 1_000, 万元: 10_000, 亿元: 100_000_000 });
    expect(() => toYuan(new Decimal(1), '美元')).toThrow(/unknown money unit '美元'/);
  });
});

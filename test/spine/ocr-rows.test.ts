/**
 * Row keys of OCR'd rows: a 行次 lost or misread is taken from the numbered rows around it, a
 * 三公 row label with a misread character still names its item, punctuation OCR puts before a
 * label is not part of it. Text-layer rows are read as printed.
 */
import { describe, expect, it } from 'vitest';
import { linesByNeighbours } from '../../pipeline/normalise/line-numbers.ts';
import { sangongItem, sangongItemTolerant } from '../../pipeline/normalise/sangong.ts';
import type { TableRow, TemplateTable } from '../../pipeline/types.ts';
import { factsOf, normaliseTables, rawTable } from '../helpers/tables.ts';

const ocr = (t: TemplateTable): TemplateTable => ({ ...t, rows: t.rows.map((r) => ({ ...r, method: 'ocr' as const })) });
const row = (cells: string[], method: 'ocr' | 'text' = 'ocr'): TableRow => ({ page: 1, cells, method, confidence: 0.9 });

describe('linesByNeighbours', () => {
  it('numbers a row whose 行次 was misread from the printed lines around it', () => {
    const rows = [row(['A', '1', '5.00']), row(['B', '了', '']), row(['C', '3', ''])];
    expect([...linesByNeighbours(rows, 1, [2]).entries()].map(([r, n]) => [r.cells[0], n])).toEqual([['B', 2]]);
  });

  it('numbers the first row from the line below it, when no labelled row lies between', () => {
    const rows = [row(['一般公共…', '目', '940.49']), row(['', '', '']), row(['二、…', '2', ''])];
    expect([...linesByNeighbours(rows, 1, [2], [0]).values()]).toEqual([1]);
    // Rows 2 and 3 lost their 行次 entirely: they look like wrapped label lines, so no guess.
    const lost = [row(['一般公共…', 'L', '2,984.80']), row(['二、政府性基金…', '', '']), row(['三、国有资本…', '', '']), row(['四、上级补助收入', '4', ''])];
    expect(linesByNeighbours(lost, 1, [2], [0]).size).toBe(0);
  });

  it('guesses nothing when the gap does not fit, or on text-layer rows', () => {
    expect(linesByNeighbours([row(['A', '1', '']), row(['B', '?', '']), row(['C', '4', ''])], 1, [2]).size).toBe(0);
    expect(linesByNeighbours([row(['A', '1', '']), row(['B', '?', ''], 'text'), row(['C', '3', ''])], 1, [2]).size).toBe(0);
  });
});

describe('OCR row labels', () => {
  it('names a 三公 row with a misread character by its item', () => {
    expect(sangongItemTolerant('“万公经费支出')).toBe('合计');
    expect(sangongItemTolerant('公务接侍费')).toBe('公务接待费');
    expect(sangongItemTolerant('其中：外事接待费')).toBe(sangongItem('其中：外事接待费'));
    expect(sangongItem('“万公经费支出')).toBe('“万公经费支出');
  });

  it('reads 01 line 1 and 09 合计 through normalise on OCR rows only', () => {
    const t04 = rawTable('04', {
      columns: ['收入/项目', '行炎', '金颖', '支出/项目', '行次', '合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'],
      rows: [
        ['颂仪仁关页前日政', '目', '940.49'],
        ['二、政府性基金预算财政拨款', '2', ''],
        ['三、国有资本经营预算财政拨款', '3', ''],
        ['', '', '', '九、卫生健康支出', '4', '812.03', '812.03'],
      ],
    });
    const facts = factsOf(normaliseTables([ocr(t04)]), '04');
    expect(facts.map((f) => [f.line_no, f.measure, f.value_yuan])).toEqual([
      [1, '金额', '9404900.00'],
      [41, '合计', '8120300.00'],
      [41, '一般公共预算财政拨款', '8120300.00'],
    ]);
    const t09 = rawTable('09', { columns: ['项目', '年初预算数', '全年预算数', '决算数'], rows: [['一、“万公经费支出', '13.22', '1.02', '1.02'], ['\\合计', '1.00', '', '']] });
    const names = factsOf(normaliseTables([ocr(t09)]), '09').map((f) => f.item_name);
    expect(names).toEqual(['合计', '合计', '合计', '合计']);
    expect(factsOf(normaliseTables([t09]), '09').map((f) => f.item_name)).toEqual(['“万公经费支出', '“万公经费支出', '“万公经费支出', '\\合计']);
  });

  it('takes a 行次 read into the label column, alone or after the name, for the line', () => {
    const t04 = rawTable('04', {
      columns: ['收入/项目', '收入/金额', '支出/项目', '支出/合计', '支出/一般公共预算财政拨款'],
      rows: [
        ['1', '940.49', '', '', ''],
        ['本年收入合计27', '940.49', '', '', ''],
        ['', '', '本年支出合计12', '940.49', '940.49'], // the name says 59 (12 is an income line)
        ['', '', '45', '1.00', '1.00'],
      ],
    });
    const facts = factsOf(normaliseTables([ocr(t04)]), '04');
    expect(facts.map((f) => [f.line_no, f.measure])).toEqual([[1, '金额'], [27, '金额'], [59, '合计'], [59, '一般公共预算财政拨款'], [45, '合计'], [45, '一般公共预算财政拨款']]);
  });

  it('says once for the whole table that values under unknown columns were not loaded', () => {
    const t01 = rawTable('04', {
      columns: ['收入/项目', '收入/金额', '支出/项目', '支出/合计', '支出/一般公共预持射政设款'],
      rows: [['', '', '八、社会保障和就业支出', '83.45', '83.45'], ['', '', '九、卫生健康支出', '812.03', '812.03']],
    });
    const doc = normaliseTables([ocr(t01)]);
    const unknown = doc.findings.filter((f) => f.check_id === 'measure.unknown');
    expect(unknown.filter((f) => f.line_no === null && f.item_name === null)).toHaveLength(1);
  });

  it('repairs a misread digit of an economic code by the printed name', () => {
    const t06 = rawTable('06', { columns: ['科目编码', '科目名称', '决算数'], rows: [['301', '工资福利支出', '117.94'], ['30402', '津贴补贴', '117.94']] });
    const doc = normaliseTables([ocr(t06)]);
    expect(factsOf(doc, '06').map((f) => f.item_code)).toEqual(['301', '30102']);
    expect(doc.findings.filter((f) => f.check_id === 'ocr.code_repaired').map((f) => f.item_code)).toEqual(['30102']);
    expect(factsOf(normaliseTables([t06]), '06').map((f) => f.item_code)).toEqual(['301', '30402']);
  });

  it('gives a row whose code OCR lost the code its name has, when the parent is printed', () => {
    const rows = [['301', '工资福利支出', '2.00'], ['', '其他社会保障缴费', '1.61'], ['', '人员经费合计', '2.00'], ['', '不是科目', '0.39']];
    const t06 = rawTable('06', { columns: ['科目编码', '科目名称', '决算数'], rows });
    const doc = normaliseTables([ocr(t06)]);
    expect(factsOf(doc, '06').map((f) => [f.item_code, f.item_name])).toEqual([
      ['301', '工资福利支出'],
      ['30112', '其他社会保障缴费'],
      [null, '人员经费合计'],
      [null, '不是科目'],
    ]);
    expect(doc.findings.filter((f) => f.check_id === 'ocr.code_repaired').map((f) => f.item_code)).toEqual(['30112']);
    // Without its parent 301 printed, or on a text layer, the row keeps its name only.
    const orphan = rawTable('06', { columns: ['科目编码', '科目名称', '决算数'], rows: rows.slice(1) });
    expect(factsOf(normaliseTables([ocr(orphan)]), '06').map((f) => f.item_code)).toEqual([null, null, null]);
    expect(factsOf(normaliseTables([t06]), '06').map((f) => f.item_code)).toEqual(['301', null, null, null]);
  });

  it('reads a code glued to its name with a faint 0 read as C:', () => {
    const rows = [['', '2C:1一般公共服务支出', '22.83'], ['', '2C:105统计信息事务', '22.83'], ['', '2C:10501行政运行', '22.83']];
    const doc = normaliseTables([ocr(rawTable('02', { columns: ['科目编码', '科目名称', '本年收入合计'], rows }))]);
    expect(factsOf(doc, '02').map((f) => [f.item_code, f.item_name, f.item_level])).toEqual([
      ['201', '一般公共服务支出', '类'],
      ['20105', '统计信息事务', '款'],
      ['2010501', '行政运行', '项'],
    ]);
    expect(doc.findings.filter((f) => f.check_id === 'ocr.code_repaired').map((f) => f.message)).toContainEqual(expect.stringContaining("read the code '2C:10501'"));
  });

  it("reads a value whose row label was glued before it into the value cell ('办公费7.96')", () => {
    const columns = ['经济分类科目编码', '公用经费科目名称/决算数'];
    const rows = [['302', '商品和服务支出10.96'], ['30201', '办公费7.96'], ['30202', '印刷费3.00']];
    const doc = normaliseTables([ocr(rawTable('06', { columns, rows }))]);
    expect(factsOf(doc, '06').map((f) => [f.item_code, f.value_yuan])).toEqual([
      ['302', '109600.00'],
      ['30201', '79600.00'],
      ['30202', '30000.00'],
    ]);
    expect(doc.facts.map((f) => f.value_text)).toEqual(['10.96', '7.96', '3.00']);
    // A text layer prints what it prints.
    expect(factsOf(normaliseTables([rawTable('06', { columns, rows })]), '06')).toEqual([]);
  });

  it("drops a cell border read as a leading '1' before a glued code or a total's name", () => {
    const rows = [['', '1221住房保障支出', '473.70'], ['', '1合计', '473.70']];
    const doc = normaliseTables([ocr(rawTable('05', { columns: ['科目编码', '科目名称', '合计'], rows }))]);
    expect(factsOf(doc, '05').map((f) => [f.item_code, f.item_name])).toEqual([
      ['221', '住房保障支出'],
      [null, '合计'],
    ]);
  });

  it('restores a 类 code lost but for digits glued to the name, then the 款 under it, and a truncated total', () => {
    const rows = [['', '01工资福利支出', '2.00'], ['01', '基本工资', '2.00'], ['', '公用经费合', '0.50']];
    const doc = normaliseTables([ocr(rawTable('06', { columns: ['科目编码', '科目名称', '决算数'], rows }))]);
    expect(factsOf(doc, '06').map((f) => [f.item_code, f.item_name])).toEqual([
      ['301', '工资福利支出'],
      ['30101', '基本工资'],
      [null, '公用经费合计'],
    ]);
  });
});

describe('OCR column headers', () => {
  // 普陀 2025 B02 on a harsh scan: 拨 read as 投, and the 合计 cell under 收入预算 lost.
  const columns = ['科目编码', '科目名称', '收入预算', '收入预算/财政投款收入', '收入预算/事业收入', '收入预算/其他收入'];
  const rows = [
    ['201', '一般公共服务支出', '12.00', '10.00', '2.00', ''],
    ['208', '社会保障和就业支出', '5.00', '5.00', '', ''],
  ];

  it('reads a header one character from a measure, and a lost total first column by position', () => {
    const doc = normaliseTables([ocr(rawTable('B02', { columns, rows }))]);
    expect(factsOf(doc, 'B02').filter((f) => f.item_code === '201').map((f) => [f.measure, f.value_yuan])).toEqual([
      ['合计', '120000.00'],
      ['财政拨款收入', '100000.00'],
      ['事业收入', '20000.00'],
    ]);
    const byPosition = doc.findings.filter((f) => f.check_id === 'measure.by_position');
    expect(byPosition).toHaveLength(1);
    expect(byPosition[0]!.severity).toBe('info'); // 合计 = Σ parts holds on row 201
  });

  it('leaves a text layer as printed: unknown headers are not guessed', () => {
    const doc = normaliseTables([rawTable('B02', { columns, rows })]);
    expect(factsOf(doc, 'B02').map((f) => f.measure)).toEqual(['事业收入']);
  });
});

describe('ocrAmount', () => {
  it('reads two amounts run together as no number (it overflowed DECIMAL(20,2) and failed the report)', async () => {
    const { ocrAmount } = await import('../../pipeline/normalise/numbers.ts');
    expect(ocrAmount('1,609,332,600609,311,480').kind).toBe('invalid');
    const big = ocrAmount('9,999,999,999,999.99');
    expect(big.kind === 'number' && big.value.toFixed(2)).toBe('9999999999999.99');
    expect(ocrAmount('').kind).toBe('empty');
  });
});

describe('OCR readings with a point in tables of whole 元', () => {
  const columns = ['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'];
  it("reads '6.409' as 6,409 and leaves '13.80' unread (a separator read as the point), for the identities to fill", () => {
    const rows = [
      ['2101101', '行政单位医疗', '4,212,300', '1,633,000', '2,579,300'],
      ['2101102', '事业单位医疗', '877,080', '877,080', '0'],
      ['2101199', '其他', '6.409', '6,409', '0'],
      ['2101201', '事业', '13.80', '13,800', '0'],
      ['2101202', '其他事业', '12 78,216,400', '78,216,400', '432,3'],
      ['2101203', '其他', '62', '0', ''],
      ['2101204', '其他', '235100', '235,100', ''],
    ];
    const d = normaliseTables([ocr(rawTable('05', { columns, rows, unit: '元' }))]);
    const got = Object.fromEntries(factsOf(d, '05').map((f) => [`${f.item_code} ${f.measure}`, f.value_yuan]));
    expect(got['2101199 本年支出合计']).toBe('6409.00');
    expect(got['2101201 本年支出合计']).toBeUndefined();
    expect(d.unread_ocr?.map((f) => [f.item_code, f.measure, f.value_text])).toEqual([
      ['2101201', '本年支出合计', '13.80'],
      ['2101202', '本年支出合计', '12 78,216,400'],
      ['2101202', '项目支出', '432,3'],
      ['2101203', '本年支出合计', '62'],
      ['2101204', '本年支出合计', '235100'],
    ]);
    expect(got['2101203 基本支出']).toBe('0.00');
    expect(got['2101202 基本支出']).toBe('78216400.00');
    expect(d.findings.some((f) => f.check_id === 'value.unreadable' && /whole 元/.test(f.message))).toBe(true);
  });
  it('keeps plain whole amounts in a table that prints them without separators', () => {
    const rows = [
      ['2101101', '行政单位医疗', '4212300', '1633000', '2579300'],
      ['2101102', '事业单位医疗', '877080', '877080', '0'],
      ['2101199', '其他', '235100', '235100', '0'],
    ];
    const d = normaliseTables([ocr(rawTable('05', { columns, rows, unit: '元' }))]);
    expect(factsOf(d, '05').filter((f) => f.value_yuan !== '0.00')).toHaveLength(7);
    expect(d.unread_ocr ?? []).toEqual([]);
  });
  it("leaves a reading of three decimals outside whole-元 tables to repair ('940.449': a digit added)", () => {
    const rows = [
      ['2101101', '行政单位医疗', '421.23', '163.30', '257.93'],
      ['2101102', '事业单位医疗', '87.70', '87.70', '0.00'],
      ['2101199', '其他', '940.449', '940.49', '0.00'],
    ];
    const dec = normaliseTables([ocr(rawTable('05', { columns, rows }))]);
    expect(dec.facts.find((f) => f.item_code === '2101199' && f.measure === '本年支出合计')?.value_text).toBe('940.449');
    expect(dec.unread_ocr ?? []).toEqual([]);
  });

});

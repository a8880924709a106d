/**
 * Every table a budget report prints is found, known to a template or not, and every numeric
 * cell lands in `cells` with its row label, header path and box. The fixture is our own
 * (test/fixtures/budget/budget-layouts.html printed by Chromium): a three-panel 收支预算总表
 * (income | expenditure by function | by use), a vertical 收入预算总表 with nested fund
 * categories, a one-row 支出预算总表 without row labels, and a 政府采购 table with three label
 * columns that no template knows; also printed without ruling lines. Also: one table that cannot be read costs the report nothing else.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalise, reportCells } from '../../pipeline/normalise/index.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ParsedDoc } from '../../pipeline/types.ts';
import { extractPdfFile } from '../helpers/pages.ts';
import { sourceRecord } from '../helpers/tables.ts';

const PDF = join(import.meta.dirname, '..', 'fixtures', 'budget', 'budget-layouts.pdf');
/** The same HTML printed with `border: none` on every cell. */
const NO_BORDERS = join(import.meta.dirname, '..', 'fixtures', 'budget', 'budget-layouts-noborders.pdf');

const extractAll = (file: string) => extractPdfFile(file, 'budget-layouts');

/** [page, table title, row label, column header path, value as printed] of every numeric cell. */
const EXPECTED: [number, string, string, string, string][] = [
  [1, '收支预算总表', '一、财政拨款', '收入/金额', '1,234.56'],
  [1, '收支预算总表', '1.一般公共预算', '收入/金额', '1,234.56'],
  [1, '收支预算总表', '收入合计', '收入/金额', '1,234.56'],
  [1, '收支预算总表', '二、文化旅游体育与传媒支出', '支出/功能分类/金额', '1,100.00'],
  [1, '收支预算总表', '三、社会保障和就业支出', '支出/功能分类/金额', '84.56'],
  [1, '收支预算总表', '四、住房保障支出', '支出/功能分类/金额', '50.00'],
  [1, '收支预算总表', '一、基本支出', '支出/支出用途/金额', '1,000.06'],
  [1, '收支预算总表', '二、项目支出', '支出/支出用途/金额', '234.50'],
  [1, '收支预算总表', '支出合计', '支出/支出用途/金额', '1,234.56'],
  [2, '收入预算总表', '收入总计', '金额', '1234.56'],
  [2, '收入预算总表', '小计', '金额', '1234.56'],
  [2, '收入预算总表', '一般公共预算资金/公共财政拨款(补助)资金', '金额', '1200.00'],
  [2, '收入预算总表', '专项收入', '金额', '34.56'],
  [2, '支出预算总表', '', '合计', '1234.56'],
  [2, '支出预算总表', '', '基本支出', '1000.06'],
  [2, '支出预算总表', '', '项目支出', '234.5'],
  [3, '政府采购支出预算表', '合计', '总计', '88.80'],
  [3, '政府采购支出预算表', '办公设备购置/台式计算机/政府集中采购', '总计', '12.30'],
  [3, '政府采购支出预算表', '图书购置/图书/分散自行组织', '总计', '76.50'],
];

describe('budget layouts (our own fixture)', () => {
  let parsed: ParsedDoc;

  it('finds every table, and the one no template knows keeps table_code null', async () => {
    parsed = parse(await extractAll(PDF));
    expect(parsed.tables.map((t) => t.title.replace(/\s/g, ''))).toEqual(['收支预算总表', '收入预算总表', '支出预算总表', '政府采购支出预算表']);
    expect(parsed.tables.map((t) => t.id)).toEqual(['t01', 't02', 't03', 't04']);
    expect(parsed.tables[3]!.table_code).toBeNull();
  });

  it('puts every numeric cell in cells, with its row label, header path, exact value and box', () => {
    const doc = normalise(parsed, sourceRecord(), { pages: 3, ocr_pages: 0 });
    const cells = reportCells(parsed, doc).cells;
    const got = cells.map((c) => [c.page, c.table_title, c.row_label ?? '', c.column_label, c.value_text]);
    expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(new Set(EXPECTED.map((e) => JSON.stringify(e))));
    expect(cells.find((c) => c.value_text === '1,100.00')!.value_yuan).toBe('11000000.00');
    expect(cells.every((c) => c.unit_as_printed === '万元' && c.x0 !== null && c.x1! > c.x0 && c.y1! > c.y0!)).toBe(true);
    // Facts point at their cells.
    const ids = new Set(cells.map((c) => c.cell_id));
    expect(doc.facts.filter((f) => f.method !== 'narrative').every((f) => ids.has(f.cell_id!))).toBe(true);
  });

  it('reads the same cells from the same tables printed without any ruling line (leaf headers)', async () => {
    const bare = parse(await extractAll(NO_BORDERS));
    const cells = reportCells(bare, normalise(bare, sourceRecord(), { pages: 3, ocr_pages: 0 })).cells;
    // Without rules a group header is only as wide as its text: the leaf is what must be there;
    // label cells no rule separates read as one.
    const flat = (label: string) => label.replaceAll('/', '');
    expect(cells).toHaveLength(EXPECTED.length);
    for (const [page, title, row, column, value] of EXPECTED) {
      const hit = cells.find((c) => c.page === page && c.table_title === title && flat(c.row_label ?? '') === flat(row) && c.value_text === value && c.column_label.includes(column.split('/').pop()!));
      expect(hit, `${title} ${row} ${column} ${value}`).toBeDefined();
    }
  });

  it('a table that cannot be read is an error finding on that table; the others still load', () => {
    const broken: ParsedDoc = { ...parsed, tables: parsed.tables.map((t, i) => (i === 0 ? { ...t, rows: [null as never] } : t)) };
    const doc = normalise(broken, sourceRecord(), { pages: 3, ocr_pages: 0 });
    const failure = doc.findings.find((f) => f.check_id === 'table.unreadable');
    expect(failure).toMatchObject({ severity: 'error', table_code: parsed.tables[0]!.table_code, page: 1 });
    expect(doc.facts.some((f) => f.table_code === parsed.tables[1]!.table_code)).toBe(true);
  });
});

/** A one-row 三公 table without ruling lines whose group label is narrower than its columns (budget variant generator layout). */
const SANGONG = join(import.meta.dirname, '..', 'fixtures', 'budget', 'budget-sangong.pdf');

describe('a group label too narrow to reach its first column (our own fixture)', () => {
  it('labels the leaf under it as a header of its own, not a wrapped word, and the 三公 item maps', async () => {
    const doc = parse(await extractAll(SANGONG));
    const norm = normalise(doc, sourceRecord(), { pages: 2, ocr_pages: 0 });
    const cells = reportCells(doc, norm).cells;
    // The label '“三公”经费预算数' covers only 公务接待费's centre; it was glued onto it ('…预算数公务接待费').
    expect(cells.map((c) => [c.column_label, c.value_text])).toEqual([['合计', '1.23'], ['“三公”经费预算数/公务接待费', '1.23'], ['机关运行经费预算数', '45.67']]);
    const facts = norm.facts.filter((f) => f.table_code === 'B07').map((f) => [f.item_name, f.measure, f.value_yuan]);
    expect(facts).toContainEqual(['公务接待费', '预算数', '12300.00']);
  });
});

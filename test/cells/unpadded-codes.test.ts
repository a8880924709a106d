/**
 * Spreadsheet producers print a 款 typed as a number without its leading zero ('2' for 02):
 * real Shanghai 部门预算 do this in their 基本支出 经济分类 table. The row must still be filed
 * under its full code (30102), or 类 ≠ Σ 款 fails although every cell was read. The fixture is
 * our own (test/fixtures/budget/unpadded-codes.html, landscape, 元, printed by Chromium).
 * Its second page is the same producers' 三公 table, whose 购置费 / 运行费 columns sit under a
 * 公务用车购置及运行费 group header: each is its own item, not a second copy of the group.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeParts } from '../../pipeline/normalise/codes.ts';
import { normalise, reportCells } from '../../pipeline/normalise/index.ts';
import { parse } from '../../pipeline/parse/index.ts';
import { extraFrom, validate } from '../../pipeline/validate/index.ts';
import { extractPdfFile } from '../helpers/pages.ts';
import { sourceRecord } from '../helpers/tables.ts';

const PDF = join(import.meta.dirname, '..', 'fixtures', 'budget', 'unpadded-codes.pdf');

describe('codeParts', () => {
  it('pads a one-digit segment in a 款 or 项 column, and only there', () => {
    const split = (kuan: string, header = '款') => codeParts([{ text: '301', header: '类' }, { text: kuan, header }, { text: '津贴补贴', header: '名称' }], '');
    expect(split('2')).toEqual({ code: '30102', name: '津贴补贴' });
    expect(split('02')).toEqual({ code: '30102', name: '津贴补贴' });
    expect(codeParts([{ text: '208', header: '类' }, { text: '5', header: '款' }, { text: '5', header: '项' }], '').code).toBe('2080505');
    expect(split('2', '名称')).toEqual({ code: '301', name: '2津贴补贴' });
  });
});

describe('款 printed without its leading zero (our own landscape fixture)', async () => {
  const parsed = parse(await extractPdfFile(PDF, 'unpadded-codes'));
  const doc = normalise(parsed, sourceRecord(), { pages: 2, ocr_pages: 0 });
  const quality = validate(doc, extraFrom(parsed));

  it('files every 款 row under its five-digit code', () => {
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['B06', 'B07']);
    const codes = [...new Set(doc.facts.filter((f) => f.table_code === 'B06').map((f) => f.item_code))];
    expect(codes).toEqual(['301', '30101', '30102', '30107', '30199', '302', '30201', '30205', null]);
    const cells = reportCells(parsed, doc).cells;
    expect(cells.filter((c) => c.row_code === '30107').map((c) => c.value_text)).toEqual(['1,577,850', '1,577,850', '0']);
  });

  it('holds 类 = Σ 款 in B06', () => {
    const sums = quality.checks.find((c) => c.check_id === 'sum.children');
    expect(sums?.run).toBeGreaterThan(0);
    expect(sums?.passed).toBe(sums?.run);
    expect(quality.findings.filter((f) => f.check_id === 'sum.children')).toEqual([]);
  });

  it('reads 购置费 and 运行费 under the 公务用车 group as their own 三公 items', () => {
    const sangong = Object.fromEntries(doc.facts.filter((f) => f.table_code === 'B07').map((f) => [f.item_name, f.value_yuan]));
    expect(sangong).toEqual({
      合计: '324000.00',
      '因公出国（境）费': '0.00',
      公务接待费: '12000.00',
      公务用车购置及运行维护费: '312000.00',
      公务用车购置费: '200000.00',
      公务用车运行维护费: '112000.00',
      机关运行经费: '2105000.00',
    });
    expect(quality.findings.filter((f) => /^(sum\.09|measure\.)/.test(f.check_id))).toEqual([]);
  });
});

/**
 * Claims of the prose, end to end on our own fixtures: seed 001's text export (its prose) with
 * the truth of its tables. Unperturbed it raises no error; each perturbation of one sentence
 * (or one table) fires exactly the expected finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTextInput } from '../../pipeline/extract/textinput.ts';
import { narrativeClaims } from '../../pipeline/normalise/narrative.ts';
import { tableOfContents } from '../../pipeline/normalise/narrative/toc.ts';
import type { Fact, NormalisedDoc, QualityFinding } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { truthDoc } from '../validate/truth-doc.ts';

const SEED = readFileSync(join(import.meta.dirname, '../fixtures/textinput/001_a0c01ccc9db781f0.txt'), 'utf8');
const TRUTH = join(import.meta.dirname, '../fixtures/validate/001-v1.truth.csv');
const NOTES = { '07': ['本表无数据'], '08': ['本表无数据'] };

function prose(text: string): { page: number; lines: string[] }[] {
  const pages = extractTextInput(new Uint8Array(Buffer.from(text, 'utf8')), 'text');
  return pages.map((p) => ({ page: p.page, lines: (p.rows ?? []).filter((r) => r.length === 1).map((r) => r[0]!) }));
}

/** The table 10 vehicle row the prose's "共有车辆 2 辆" is checked against. */
const VEHICLES: Fact = {
  report_id: 'test', table_code: '10', table_name: '国有资产占用情况表', item_code: null, item_name: '一、车辆数合计(台、辆)', item_level: null,
  line_no: null, measure: '决算数', value_yuan: null, quantity: '2.00', quantity_unit: '辆', value_text: '2', unit_as_printed: null, page: 14, method: 'text', confidence: 1,
};

function check(text = SEED, edit: (d: NormalisedDoc) => void = () => {}) {
  const lines = prose(text);
  const doc = truthDoc(TRUTH, { tables_empty: ['07', '08'] });
  doc.report.department = '聊城市医疗保障局(汇总)';
  doc.facts.push(VEHICLES);
  doc.claims = narrativeClaims(lines, { report_id: 'test', fiscal_year: 2024 });
  doc.toc = tableOfContents(lines);
  edit(doc);
  return validate(doc, { text: lines, notes: NOTES });
}

const errors = (fs: QualityFinding[]) => fs.filter((f) => f.severity === 'error');
const BASE = check();

/** Findings (not info) the perturbed text raises that the unperturbed one does not. */
function added(q: ReturnType<typeof check>): QualityFinding[] {
  const before = new Set(BASE.findings.map((f) => f.message));
  return q.findings.filter((f) => f.severity !== 'info' && !before.has(f.message));
}

function replaceOnce(from: string, to: string): string {
  expect(SEED.split(from)).toHaveLength(2);
  return SEED.replace(from, to);
}

describe('claims on seed 001, unperturbed', () => {
  it('raises no error and checks most claims', () => {
    expect(errors(BASE.findings)).toEqual([]);
    expect(BASE.claims!.found).toBeGreaterThan(100);
    expect(BASE.claims!.checked).toBeGreaterThan(90);
    expect(BASE.claims!.contradicted).toBe(0);
    expect(BASE.claims!.found).toBe(BASE.claims!.checked + BASE.claims!.unchecked);
  });

  it('logs every unchecked claim with its reason', () => {
    const unchecked = BASE.findings.filter((f) => f.check_id === 'claim.unchecked');
    expect(unchecked).toHaveLength(BASE.claims!.unchecked);
    for (const f of unchecked) expect(f.message).toMatch(/not checked: .+\. "/);
  });

  it.each(['claim.comparison', 'claim.completion', 'claim.share', 'claim.change', 'claim.count', 'narrative.mismatch'])('%s ran and held', (id) => {
    const t = BASE.checks.find((c) => c.check_id === id);
    expect(t?.run).toBeGreaterThan(0);
    expect(t?.passed).toBe(t?.run);
  });
});

describe('each perturbation fires exactly the expected finding', () => {
  it.each([
    ['comparison turned around', '98.96%。决算数小于年初预算数', '98.96%。决算数大于年初预算数', 'claim.comparison', '22.83'],
    ['completion rate', '完成年初预算的 98.96%', '完成年初预算的 89.96%', 'claim.completion', '89.96'],
    ['share', '占 14.54%', '占 41.54%', 'claim.share', '41.54'],
    ['change against its amount', '一般公共预算财政拨款支出增加333.97万元，增长12.6%', '一般公共预算财政拨款支出增加333.97万元，增长21.6%', 'claim.change', '21.6'],
    ['change direction', '一般公共预算财政拨款支出增加333.97万元，增长12.6%', '一般公共预算财政拨款支出增加333.97万元，下降12.6%', 'claim.change', '下降'],
    ['count', '本部门共有车辆 2 辆', '本部门共有车辆 3 辆', 'claim.count', 'prints 2'],
    ['figure against its cell', '人员经费 1,436.26 万元', '人员经费 1,346.26 万元', 'narrative.mismatch', '1,346.26'],
  ])('%s', (_name, from, to, checkId, mentions) => {
    const found = added(check(replaceOnce(from, to)));
    expect(found.map((f) => [f.check_id, f.severity])).toEqual([[checkId, 'error']]);
    expect(found[0]!.message).toContain(mentions);
    expect(found[0]!.page).not.toBeNull();
  });

  it('the contradicted cell is named: comparison → 05 行政运行', () => {
    const [f] = added(check(replaceOnce('98.96%。决算数小于年初预算数', '98.96%。决算数大于年初预算数')));
    expect(f).toMatchObject({ table_code: '05', item_code: '2010501', measure: '本年支出合计' });
  });

  it('table 09 printed empty while the prose states 三公 figures → empty.prose_figures', () => {
    const found = added(check(SEED, (d) => {
      d.facts = d.facts.filter((f) => f.table_code !== '09');
      d.tables_empty.push('09');
    }));
    // (and the empty table's missing note, an older check)
    expect(new Set(found.map((f) => [f.check_id, f.severity].join(' ')))).toEqual(new Set(['empty.prose_figures error', 'table.empty_unexplained warning']));
    expect(found.every((f) => f.table_code === '09')).toBe(true);
  });

  it('a heading year other than the cover → meta.year_mismatch error', () => {
    const found = added(check(replaceOnce('## 第二部分 2024 年度部门决算表', '## 第二部分 2023 年度部门决算表')));
    expect(found.map((f) => [f.check_id, f.severity])).toEqual([['meta.year_mismatch', 'error']]);
  });

  it('a placeholder in a heading → meta.placeholder error', () => {
    const found = added(check(replaceOnce('## 第一部分 部门概况', '## 第一部分 聊城市XX局概况')));
    expect(found.map((f) => [f.check_id, f.severity])).toEqual([['meta.placeholder', 'error']]);
  });

  it('a heading naming another department → meta.department_mismatch error', () => {
    const found = added(check(replaceOnce('## 第一部分 部门概况', '## 第一部分 聊城市审计局概况')));
    expect(found.map((f) => [f.check_id, f.severity])).toEqual([['meta.department_mismatch', 'error']]);
  });

  it('a table missing from the 目录 → toc.table_unlisted warning', () => {
    const found = added(check(replaceOnce('- 六、一般公共预算财政拨款基本支出决算明细表\n', '')));
    expect(found.map((f) => [f.check_id, f.severity, f.table_code])).toEqual([['toc.table_unlisted', 'warning', '06']]);
  });
});

/**
 * The 部门预算 template end to end on budget-shaped reports of our own (test/helpers/budget.ts):
 * tables found by what their titles say whatever their order and 公开NN表 numbers, facts
 * pinned by a reviewed golden per ordering, every identity holding, and honest status for a
 * report missing a table, a prose-only half, and tables no template knows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTextInput, type TextInputKind } from '../../pipeline/extract/textinput.ts';
import { normalise } from '../../pipeline/normalise/index.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { Fact } from '../../pipeline/types.ts';
import { extraFrom, validate } from '../../pipeline/validate/index.ts';
import { budgetHtml, budgetTables, budgetText, type BudgetTable } from '../helpers/budget.ts';
import { readGolden, UPDATE_GOLDEN, writeGolden } from '../helpers/golden.ts';
import { sourceRecord } from '../helpers/tables.ts';

const GOLDEN_DIR = join(import.meta.dirname, '../fixtures/budget');

function run(content: string, kind: TextInputKind) {
  const pages = extractTextInput(new TextEncoder().encode(content), kind);
  const parsed = parse({ report_id: 'budget', kind, pages, ocr_pages: [], warnings: [] });
  const doc = normalise(parsed, sourceRecord({ kind }), { pages: pages.length, ocr_pages: 0 });
  const quality = validate(doc, extraFrom(parsed));
  return { parsed, doc, quality };
}

/** Per table, one string per fact: the contract's key and value. */
function factLines(facts: Fact[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of facts) (out[f.table_code] ??= []).push([f.item_code ?? '', f.item_name ?? '', f.measure, f.value_yuan ?? f.quantity].join('|'));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)).map(([t, l]) => [t, l.sort()]));
}

const problems = (q: ReturnType<typeof validate>) => q.findings.filter((f) => f.severity !== 'info').map((f) => `${f.check_id}: ${f.message}`);

describe.each([
  ['shanghai', 'text'],
  ['national', 'html'],
] as const)('budget report, %s order, %s export', (order, kind) => {
  const tables = budgetTables(order);
  const { parsed, doc, quality } = run(kind === 'text' ? budgetText(tables) : budgetHtml(tables), kind);

  it('maps every table to its B-code by its title, whatever its label says', () => {
    expect(parsed.tables.map((t) => t.table_code).sort()).toEqual(tables.map((t) => t.code).sort());
  });

  it('is a 预算 report, ok, with every identity holding', () => {
    expect(doc.report.report_kind).toBe('预算');
    expect(problems(quality)).toEqual([]);
    expect(quality.status).toBe('ok');
    expect(quality.checks.find((c) => c.check_id === 'cross.B04_B05')?.run).toBeGreaterThan(0);
  });

  it('reads the facts of the golden file', () => {
    const file = join(GOLDEN_DIR, `${order}.golden.json`);
    if (UPDATE_GOLDEN) writeGolden(file, factLines(doc.facts));
    expect(factLines(doc.facts)).toEqual(readGolden(file));
  });
});

describe('honest status of budget reports', () => {
  const without = (code: string): BudgetTable[] => budgetTables('shanghai').filter((t) => t.code !== code);

  it('a missing required table makes the report partial, with a finding naming it', () => {
    const { quality } = run(budgetText(without('B03')), 'text');
    expect(quality.status).toBe('partial');
    expect(quality.findings.filter((f) => f.check_id === 'table.missing').map((f) => f.table_code)).toEqual(['B03']);
  });

  it('a prose-only half keeps no 决算-coded facts and says its tables are elsewhere', () => {
    const { doc, quality } = run(budgetText([]), 'text');
    expect(doc.report.report_kind).toBe('预算');
    expect(doc.facts).toEqual([]);
    expect(quality.status).toBe('partial');
    expect(quality.findings.find((f) => f.check_id === 'tables.narrative_only')?.message).toMatch(/published elsewhere/);
  });

  it('a wrong figure is an error: B02 合计 ≠ B03 合计', () => {
    const tables = budgetTables('shanghai').map((t) => (t.code === 'B03' ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? r.map((c) => c.replace('1,000,000.00', '1,000,100.00')) : r)) } : t));
    const { quality } = run(budgetText(tables), 'text');
    expect(quality.status).toBe('partial');
    expect(quality.findings.some((f) => f.check_id === 'cross.B02_B03' && f.severity === 'error')).toBe(true);
  });
});

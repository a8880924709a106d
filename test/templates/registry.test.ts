/**
 * The template registry: titles of every family map to their table (and prose, 目录 lines or
 * tables no template holds do not), and each template is consistent with itself.
 */
import { describe, expect, it } from 'vitest';
import { measureFor } from '../../pipeline/normalise/measures.ts';
import { recogniseTitle, TEMPLATES } from '../../pipeline/templates/index.ts';

const TITLES: [string, string | null][] = [
  // 决算 2024
  ['收入支出决算总表', '01'],
  ['财政拨款收入支出决算总表（公开04表）', '04'],
  ['一般公共预算财政拨款基本支出决算明细表', '06'],
  ['财政拨款“三公”经费支出决算表', '09'],
  // 决算 2019–2021: the 三公 table is 公开07表 and adds 会议费/培训费
  ['一般公共预算财政拨款“三公”经费、会议费、培训费支出决算表', '09'],
  // 预算, Shanghai wording
  ['2025年部门财务收支预算总表', 'B01'],
  ['2025年部门收入预算总表', 'B02'],
  ['2025年部门支出预算总表', 'B03'],
  ['2025年部门财政拨款收支预算总表', 'B04'],
  ['2025年部门一般公共预算支出功能分类预算表', 'B05'],
  ['2025年部门一般公共预算基本支出部门预算经济分类预算表', 'B06'],
  ['2025年部门“三公”经费和机关运行经费预算表', 'B07'],
  ['2025年部门政府性基金预算支出功能分类预算表', 'B08'],
  ['2025年部门国有资本经营预算支出功能分类预算表', 'B09'],
  // 预算, national and Jiangsu wording
  ['部门收支总表', 'B01'],
  ['财政拨款收支总表', 'B04'],
  ['一般公共预算支出预算表（功能科目）', 'B05'],
  ['一般公共预算基本支出预算表（经济科目）', 'B06'],
  ['“三公”经费、会议费、培训费支出预算表', 'B07'],
  ['政府性基金预算财政拨款支出预算表', 'B08'],
  // Tables no template maps, prose and 目录 lines
  ['财政拨款支出预算表（功能科目）', null],
  ['一般公共预算机关运行经费支出预算表', null],
  ['政府采购支出预算表', null],
  ['1. 2025年部门财务收支预算总表 ……………………', null],
  ['三、财政拨款支出决算情况说明', null],
];

describe('recogniseTitle', () => {
  it.each(TITLES)('%s → %s', (title, code) => expect(recogniseTitle(title)).toBe(code));
});

describe.each(TEMPLATES.map((t) => [t.family, t] as const))('template %s', (_, template) => {
  const codes = Object.keys(template.tables);
  const ids = template.identities;

  it('requires and checks only its own tables', () => {
    const used = [
      ...template.required,
      ...ids.function_tables,
      ...ids.economic_tables,
      ...(ids.total_tables ?? []),
      ...ids.row_sums.map((r) => r.table),
      ...(ids.equalities ?? []).flatMap((e) => [e.target.table, ...e.terms.map((t) => t.table)]),
      ...(ids.class_pairs ?? []).flatMap((p) => [p.summary.table, p.detail.table]),
    ];
    for (const code of used) expect(codes, code).toContain(code);
  });

  it('checks only measures its tables declare', () => {
    for (const spec of Object.values(template.tables)) {
      const allowed = [...spec.measures, ...(spec.extra_measures ?? [])];
      for (const sum of ids.row_sums.filter((r) => r.table === spec.table_code)) {
        for (const m of [sum.total, ...sum.parts]) expect(allowed, `${spec.table_code} ${m}`).toContain(m);
      }
    }
  });

  it('reads a 合计 under a spending group as that group', () => {
    const fundTable = Object.values(template.tables).find((s) => s.measures.includes('基本支出'));
    expect(measureFor(fundTable!.table_code, '基本支出/小计')).toBe('基本支出');
  });
});

it('table codes are unique across templates', () => {
  const all = TEMPLATES.flatMap((t) => Object.keys(t.tables));
  expect(new Set(all).size).toBe(all.length);
});

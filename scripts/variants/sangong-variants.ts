/**
 * Budget variant generator, 三公 layouts: made-up 部门预算 三公 tables (B07) in the layouts
 * provinces print them — Jiangsu's two-level header with 会议费 and 培训费 beside the 三公 小计,
 * the flat 三公-only header, Shanghai's “三公”经费预算数 group beside 机关运行经费, and the
 * vertical item-per-row form — in 万元 or 元, ruled or not, wide or so narrow that two amounts
 * nearly touch; and the 决算 table 09 with 预算数 and 决算数 (the national layout: a 预算数 group
 * then a 决算数 group over the six items; or both under each item). Amounts are drawn per variant from a seeded generator and every identity holds
 * exactly (三公 = 出国 + 用车 + 接待, 用车 = 购置 + 运行, 合计 = 三公 + 会议费 + 培训费).
 * make-budget-variants.ts renders them (render-budget.ts) and writes cells and truth.
 */
import type { Unit } from './model.ts';
import type { BOpts, BTable } from './render-budget.ts';
import { seeded } from './v7like.ts';

export type SangongLayout = 'jiangsu' | 'flat' | 'shanghai' | 'vertical' | 'final' | 'final-peritem' | 'final-rows';

export interface SangongSpec {
  layout: SangongLayout;
  unit: Unit;
  /** The 公务用车购置费 cell is left blank (no vehicle bought), as most departments print it. */
  noPurchase?: boolean;
}

/** The canonical B07 items (templates/classes.ts SANGONG_ITEMS) and 机关运行经费. */
const ITEM = {
  total: '合计',
  abroad: '因公出国（境）费',
  vehicle: '公务用车购置及运行维护费',
  purchase: '公务用车购置费',
  running: '公务用车运行维护费',
  reception: '公务接待费',
  operation: '机关运行经费',
} as const;
type Item = keyof typeof ITEM | 'meeting' | 'training' | 'grand';

/** Column header paths of each horizontal layout, item by item. */
const SG = '“三公”经费';
const VEHICLE = `${SG}/公务用车购置及运行维护费`;
const HEADERS: Record<Exclude<SangongLayout, 'vertical' | 'final' | 'final-peritem' | 'final-rows'>, [Item, string][]> = {
  jiangsu: [
    ['grand', '合计'], ['total', `${SG}/小计`], ['abroad', `${SG}/因公出国（境）费`], ['vehicle', `${VEHICLE}/小计`],
    ['purchase', `${VEHICLE}/公务用车购置费`], ['running', `${VEHICLE}/公务用车运行维护费`], ['reception', `${SG}/公务接待费`],
    ['meeting', '会议费'], ['training', '培训费'],
  ],
  flat: [
    ['total', '合计'], ['abroad', '因公出国（境）费'], ['vehicle', '公务用车购置及运行维护费/小计'],
    ['purchase', '公务用车购置及运行维护费/购置费'], ['running', '公务用车购置及运行维护费/运行费'], ['reception', '公务接待费'],
  ],
  shanghai: [
    // As 普陀's budgets print it: 公务接待费 before the 公务用车 group.
    ['total', '“三公”经费预算数/合计'], ['abroad', '“三公”经费预算数/因公出国（境）费'], ['reception', '“三公”经费预算数/公务接待费'],
    ['vehicle', '“三公”经费预算数/公务用车购置及运行费/小计'], ['purchase', '“三公”经费预算数/公务用车购置及运行费/购置费'],
    ['running', '“三公”经费预算数/公务用车购置及运行费/运行费'], ['operation', '机关运行经费预算数'],
  ],
};

/** The six items of 决算 09 under a measure (or a measure under each), the 用车 parts under their group. */
const FINAL_ITEMS: [Item, string][] = [
  ['total', '合计'], ['abroad', '因公出国（境）费'], ['vehicle', '公务用车购置及运行维护费/小计'],
  ['purchase', '公务用车购置及运行维护费/公务用车购置费'], ['running', '公务用车购置及运行维护费/公务用车运行维护费'], ['reception', '公务接待费'],
];
const FINAL_MEASURES = [['预算数', '全年预算数'], ['决算数', '决算数']] as const;
/** The note that makes 预算数 the 全年预算数 (measures.ts resolveBudgetMeasure). */
const FINAL_NOTE = '注：预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数。';

/** Rows of the vertical form: label, item. */
const VERTICAL: [string, Item][] = [
  ['合计', 'total'], ['1.因公出国（境）费', 'abroad'], ['2.公务用车购置及运行维护费', 'vehicle'], ['其中：公务用车购置费', 'purchase'],
  ['公务用车运行维护费', 'running'], ['3.公务接待费', 'reception'],
];

/** Amounts in hundredths of 万元 (100 元), so 万元 and 元 print the same figure exactly. */
function amounts(seed: string, noPurchase: boolean): Record<Item, number> {
  const r = seeded(`sangong|${seed}`);
  const draw = (lo: number, hi: number) => Math.round(lo + (hi - lo) * r());
  const abroad = draw(0, 30000);
  const purchase = noPurchase ? 0 : draw(1000, 40000);
  const running = draw(1000, 30000);
  const reception = draw(500, 20000);
  const meeting = draw(1000, 30000);
  const training = draw(1000, 80000);
  const vehicle = purchase + running;
  const total = abroad + vehicle + reception;
  return { total, abroad, vehicle, purchase, running, reception, meeting, training, grand: total + meeting + training, operation: draw(100000, 900000) };
}

/** A 100-元 amount in the renderer's cents (元 × 100). */
const cents = (hundredthsOfWan: number) => hundredthsOfWan * 10000;

export interface TruthRow { table_code: string; item_name: string; measure: string; value_yuan: string }
export interface SangongTable { table: BTable; truth: TruthRow[] }

const yuan = (v: number) => (cents(v) / 100).toFixed(2);

export function sangongTable(spec: SangongSpec, seed: string, year: number): SangongTable {
  if (spec.layout === 'final' || spec.layout === 'final-peritem' || spec.layout === 'final-rows') return finalTable(spec, seed, year);
  const v = amounts(seed, spec.noPurchase ?? false);
  const title = spec.layout === 'jiangsu' ? `${year}年“三公”经费、会议费、培训费支出预算表`
    : spec.layout === 'shanghai' ? `${year}年部门“三公”经费和机关运行经费预算表` : `${year}年一般公共预算“三公”经费支出预算表`;
  const table: BTable = { title, unit: spec.unit, rows: [], columns: [], values: new Map(), canonical: 'B07' };
  const printed = new Set<Item>();
  if (spec.layout === 'vertical') {
    table.columns = ['预算数'];
    for (const [label, item] of VERTICAL) {
      const key = `\u0001${label}`;
      table.rows.push({ key, code: '', label });
      if (v[item]) table.values.set(`${key}\u0002预算数`, cents(v[item]));
      printed.add(item);
    }
  } else {
    const key = '\u0001';
    table.rows.push({ key, code: '', label: '' });
    for (const [item, path] of HEADERS[spec.layout]) {
      table.columns.push(path);
      if (v[item]) table.values.set(`${key}\u0002${path}`, cents(v[item]));
      printed.add(item);
    }
  }
  const truth = (Object.keys(ITEM) as (keyof typeof ITEM)[])
    .filter((k) => printed.has(k) && v[k])
    .map((k) => ({ table_code: 'B07', item_name: ITEM[k], measure: '预算数', value_yuan: yuan(v[k]) }));
  return { table, truth };
}

/** 决算 09: 预算数 and 决算数 of the six items in one row, zeros printed (0.00) as the national template does. */
function finalTable(spec: SangongSpec, seed: string, year: number): SangongTable {
  const values = [amounts(`${seed}|budget`, spec.noPurchase ?? false), amounts(`${seed}|final`, spec.noPurchase ?? false)];
  const table: BTable = { title: `${year}年度财政拨款“三公”经费支出决算表`, unit: spec.unit, rows: [{ key: '\u0001', code: '', label: '' }], columns: [], values: new Map(), canonical: '09', note: FINAL_NOTE };
  if (spec.layout === 'final-rows') return finalRows(table, values);
  const cols = spec.layout === 'final'
    ? FINAL_MEASURES.flatMap(([printed], m) => FINAL_ITEMS.map(([item, path]) => ({ m, item, path: `${printed}/${path}` })))
    : FINAL_ITEMS.flatMap(([item, path]) => FINAL_MEASURES.map(([printed], m) => ({ m, item, path: `${path}/${printed}` })));
  const truth: TruthRow[] = [];
  for (const { m, item, path } of cols) {
    table.columns.push(path);
    const v = values[m]![item];
    table.values.set(`\u0001\u0002${path}`, cents(v));
    if (v) truth.push({ table_code: '09', item_name: ITEM[item as keyof typeof ITEM], measure: FINAL_MEASURES[m]![1], value_yuan: yuan(v) });
  }
  return { table, truth };
}

/** 决算 09 with the items across and one row per measure (项目 | 合计 | 因公出国 | …; rows 预算数, 决算数). */
function finalRows(table: BTable, values: Record<Item, number>[]): SangongTable {
  table.rows = FINAL_MEASURES.map(([printed]) => ({ key: `\u0001${printed}`, code: '', label: printed }));
  table.columns = FINAL_ITEMS.map(([, path]) => path);
  const truth: TruthRow[] = [];
  FINAL_MEASURES.forEach(([printed, measure], m) => {
    for (const [item, path] of FINAL_ITEMS) {
      const v = values[m]![item];
      table.values.set(`\u0001${printed}\u0002${path}`, cents(v));
      if (v) truth.push({ table_code: '09', item_name: ITEM[item as keyof typeof ITEM], measure, value_yuan: yuan(v) });
    }
  });
  return { table, truth };
}

export interface SangongVariant { name: string; notes: string; spec: SangongSpec; opts: Partial<BOpts> }

/** 三公 variants: layout × unit × rules × width. Narrow widths put two amounts within a few points. */
export const SANGONG_VARIANTS: SangongVariant[] = [
  { name: 'sg-jiangsu', notes: '三公 with 会议费/培训费, two-level header, 万元, ruled', spec: { layout: 'jiangsu', unit: '万元', noPurchase: true }, opts: {} },
  { name: 'sg-jiangsu-narrow', notes: 'the same, 60% wide, padding 1px', spec: { layout: 'jiangsu', unit: '万元' }, opts: { tableWidth: '60%', padPt: 0.75 } },
  { name: 'sg-jiangsu-yuan', notes: 'Jiangsu header in 元 with separators, 80% wide', spec: { layout: 'jiangsu', unit: '元' }, opts: { tableWidth: '80%', padPt: 1 } },
  { name: 'sg-jiangsu-nb', notes: 'Jiangsu header, no rules, 70% wide', spec: { layout: 'jiangsu', unit: '万元', noPurchase: true }, opts: { borders: false, tableWidth: '70%' } },
  { name: 'sg-flat', notes: '三公 only, 公务用车 over 小计/购置费/运行费, 万元', spec: { layout: 'flat', unit: '万元' }, opts: {} },
  { name: 'sg-flat-yuan-narrow', notes: 'flat header in 元, 55% wide', spec: { layout: 'flat', unit: '元' }, opts: { tableWidth: '55%', padPt: 0.75 } },
  { name: 'sg-shanghai', notes: '“三公”经费预算数 group beside 机关运行经费预算数, 万元', spec: { layout: 'shanghai', unit: '万元', noPurchase: true }, opts: {} },
  { name: 'sg-shanghai-yuan-nb', notes: 'Shanghai header in 元, no rules, 75% wide', spec: { layout: 'shanghai', unit: '元' }, opts: { borders: false, tableWidth: '75%' } },
  { name: 'sg-vertical', notes: 'one item per row, 项目 | 预算数, 万元', spec: { layout: 'vertical', unit: '万元' }, opts: {} },
  { name: 'sg-vertical-yuan', notes: 'one item per row in 元', spec: { layout: 'vertical', unit: '元', noPurchase: true }, opts: {} },
  { name: 'sg-final', notes: '决算 09: 预算数 group, then 决算数 group, over the six items, 万元', spec: { layout: 'final', unit: '万元', noPurchase: true }, opts: { kind: '决算' } },
  { name: 'sg-final-narrow', notes: '决算 09 national layout, 70% wide, padding 1px', spec: { layout: 'final', unit: '万元' }, opts: { kind: '决算', tableWidth: '70%', padPt: 0.75 } },
  { name: 'sg-final-peritem', notes: '决算 09: 预算数/决算数 under each item, 万元', spec: { layout: 'final-peritem', unit: '万元' }, opts: { kind: '决算' } },
  { name: 'sg-final-rows', notes: '决算 09: items across, one row each for 预算数 and 决算数, 万元', spec: { layout: 'final-rows', unit: '万元' }, opts: { kind: '决算' } },
  { name: 'sg-final-rows-nb', notes: '决算 09 rows per measure, no rules, 元', spec: { layout: 'final-rows', unit: '元', noPurchase: true }, opts: { kind: '决算', borders: false } },
  { name: 'sg-final-peritem-nb', notes: '决算 09 per item, no rules, 元', spec: { layout: 'final-peritem', unit: '元', noPurchase: true }, opts: { kind: '决算', borders: false } },
];

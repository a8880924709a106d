/**
 * Budget variant generator: re-renders the tables of a 部门预算 whose printed cells are known
 * (`*.cells.csv`, and `*.truth.csv` where it exists) in layouts the pipeline was not tuned on
 * (no borders, tight padding, landscape A3, 万元, split 类/款/项, reordered and relabelled tables
 * with other titles, long tables over pages with or without a repeated header, wrapped names),
 * and writes the expected printed cells and canonical truth of each variant.
 *
 *   node --import tsx scripts/variants/make-budget-variants.ts OUTDIR [--only NAME,NAME]   (--only sg: the 三公 ones)
 *
 * The `sg-*` variants are made-up 三公 tables (B07) in layouts the seed does not print
 * (sangong-variants.ts): 会议费/培训费 columns, two-level headers, 元, narrow, one item per row.
 *
 * Writes OUTDIR/<variant>.html, .pdf, .cells.csv, (.truth.csv) and OUTDIR/variants.tsv.
 * Pages are laid out explicitly (one page per chunk of rows), so each expected cell knows its page.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from './chromium.ts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

import { money, type Unit } from './model.ts';
import { budgetHtml, type BOpts, type BTable, type Placed } from './render-budget.ts';
import { SANGONG_VARIANTS, sangongTable } from './sangong-variants.ts';

interface Seed { base: string; department: string; year: number }
const CORPUS = '/work/shared/corpus/budget';
const SEEDS: Record<string, Seed> = {
  putuo: { base: `${CORPUS}/shanghai-putuo-czj-2025-budget`, department: '上海市普陀区财政局', year: 2025 },
};

interface Variant { name: string; seed: string; notes: string; opts: Partial<BOpts> }
const VARIANTS: Variant[] = [
  { name: 'base', seed: 'putuo', notes: 'ruled grid, 元, 科目编码 column', opts: {} },
  { name: 'noborders', seed: 'putuo', notes: 'no ruling lines', opts: { borders: false } },
  { name: 'tightpad', seed: 'putuo', notes: 'cell padding 1px', opts: { padPt: 0.75 } },
  { name: 'a3landscape', seed: 'putuo', notes: 'A3 landscape, 11pt', opts: { page: 'A3 landscape', fontPt: 11 } },
  { name: 'wanyuan', seed: 'putuo', notes: 'every table in 万元', opts: { unit: '万元' } },
  { name: 'yuan-all', seed: 'putuo', notes: '三公 table in 元 too, no thousands separators', opts: { unit: '元', thousands: false } },
  { name: 'whole', seed: 'putuo', notes: 'whole 元 (分 printed as 元), thousands separators', opts: { wholeYuan: true } },
  { name: 'whole-nb', seed: 'putuo', notes: 'whole 元, no borders', opts: { wholeYuan: true, borders: false } },
  { name: 'whole-tight', seed: 'putuo', notes: 'whole 元, cell padding 1px', opts: { wholeYuan: true, padPt: 0.75 } },
  { name: 'splitcodes', seed: 'putuo', notes: '类|款|项 columns', opts: { splitCodes: true } },
  { name: 'splitcodes-nb', seed: 'putuo', notes: '类|款|项 columns, no borders', opts: { splitCodes: true, borders: false } },
  { name: 'relabel', seed: 'putuo', notes: 'reordered, 公开NN表 labels, titles 部门收支总表/…', opts: { order: 'shuffle', labels: 'gongkai', titles: 'alt' } },
  { name: 'biaoyi', seed: 'putuo', notes: 'reordered, 表一… labels, titles 收支预算总表/…', opts: { order: 'shuffle', labels: 'biaoyi', titles: 'alt2' } },
  { name: 'long-repeat', seed: 'putuo', notes: 'tables split every 12 rows, header repeated', opts: { rowsPerPage: 12 } },
  { name: 'long-norepeat', seed: 'putuo', notes: 'tables split every 12 rows, header only on first page', opts: { rowsPerPage: 12, repeatHeader: false } },
  { name: 'long-norepeat-nb', seed: 'putuo', notes: 'split, no repeated header, no borders', opts: { rowsPerPage: 12, repeatHeader: false, borders: false } },
  { name: 'narrow', seed: 'putuo', notes: 'narrow name column: wrapped names', opts: { narrow: true } },
];

export interface TruthCell { page: number; title: string; label: string; code: string; column: string; text: string; yuan: string; unit: string }

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
}

/** Tables of a cells truth in printed order: rows and column paths in order of first appearance. */
function tablesOf(rows: Record<string, string>[]): BTable[] {
  const out = new Map<string, BTable>();
  for (const r of rows) {
    let t = out.get(r.table_title);
    if (!t) out.set(r.table_title, (t = { title: r.table_title, unit: r.unit_as_printed as Unit, rows: [], columns: [], values: new Map() }));
    const rk = `${r.row_code}\u0001${r.row_label}`;
    if (!t.rows.some((x) => x.key === rk)) t.rows.push({ key: rk, code: r.row_code, label: r.row_label });
    if (!t.columns.includes(r.column_label)) t.columns.push(r.column_label);
    t.values.set(`${rk}\u0002${r.column_label}`, Math.round(Number(r.value_yuan) * 100));
  }
  return [...out.values()];
}

/** Canonical truth re-expressed in the variant's units (a 万元 table rounds every cell to 100 yuan). */
function canonicalTruth(path: string, unitOf: Map<string, Unit>, wholeYuan = false): string | null {
  if (!existsSync(path)) return null;
  const rows = readCsv(path).map((r) => {
    const unit = unitOf.get(r.table_code) ?? '元';
    const cents = Math.round(Number(r.value_yuan) * 100) * (wholeYuan ? 100 : 1);
    return { ...r, value_yuan: (money(cents, unit).cents / 100).toFixed(2) };
  });
  return stringify(rows, { header: true, columns: ['table_code', 'item_code', 'line_no', 'item_name', 'measure', 'value_yuan'] });
}

/** The placed cells in the scorers' CSV columns. */
function writeCells(path: string, placed: Placed): number {
  const cells = placed.cells.map((c) => ({ page: c.page, table_title: c.title, row_label: c.label, row_code: c.code,
    column_label: c.column, value_text: c.text, value_yuan: c.yuan, unit_as_printed: c.unit }));
  writeFileSync(path, stringify(cells, { header: true,
    columns: ['page', 'table_title', 'row_label', 'row_code', 'column_label', 'value_text', 'value_yuan', 'unit_as_printed'] }));
  return cells.length;
}

function render(outDir: string, id: string, placed: Placed): number {
  const htmlPath = join(outDir, `${id}.html`);
  writeFileSync(htmlPath, placed.html);
  chromium(htmlPath, join(outDir, `${id}.pdf`));
  return writeCells(join(outDir, `${id}.cells.csv`), placed);
}

/** Made-up department of the 三公 variants (its amounts are seeded by the variant's name). */
const SANGONG_DEPARTMENT = { department: '示例市档案馆', year: 2025 };

function main(): void {
  const args = process.argv.slice(2);
  const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/budget-variants');
  const onlyArg = args.indexOf('--only');
  const only = onlyArg >= 0 ? args[onlyArg + 1].split(',') : null;
  mkdirSync(outDir, { recursive: true });
  const index: string[] = [];
  for (const v of VARIANTS) {
    const id = `${v.seed}-${v.name}`;
    if (only && !only.includes(id) && !only.includes(v.name)) continue;
    const seed = SEEDS[v.seed];
    const meta = JSON.parse(readFileSync(`${seed.base}.meta.json`, 'utf8')) as { tables: { title: string; canonical: string | null }[] };
    const tables = tablesOf(readCsv(`${seed.base}.cells.csv`));
    const canonical = new Map(meta.tables.map((t) => [t.title, t.canonical ?? '']));
    for (const t of tables) t.canonical = canonical.get(t.title) ?? '';
    const placed: Placed = budgetHtml(tables, v.opts, seed.department, seed.year);
    const n = render(outDir, id, placed);
    const truth = canonicalTruth(`${seed.base}.truth.csv`, placed.unitOfCode, v.opts.wholeYuan);
    if (truth) writeFileSync(join(outDir, `${id}.truth.csv`), truth);
    index.push(`${id}\t${v.notes}`);
    console.error(`${id}: ${n} cells, ${placed.pages} pages`);
  }
  for (const v of SANGONG_VARIANTS) {
    if (only && !only.includes(v.name) && !only.includes('sg')) continue;
    const { department, year } = SANGONG_DEPARTMENT;
    const { table, truth } = sangongTable(v.spec, v.name, year);
    const n = render(outDir, v.name, budgetHtml([table], v.opts, department, year));
    const rows = truth.map((t) => ({ ...t, item_code: '', line_no: '' }));
    writeFileSync(join(outDir, `${v.name}.truth.csv`), stringify(rows, { header: true, columns: ['table_code', 'item_code', 'line_no', 'item_name', 'measure', 'value_yuan'] }));
    index.push(`${v.name}\t${v.notes}`);
    console.error(`${v.name}: ${n} cells`);
  }
  writeFileSync(join(outDir, 'variants.tsv'), index.join('\n') + '\n');
}

main();

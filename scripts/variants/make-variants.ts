/**
 * Variant generator: renders complete 部门决算 report PDFs from a truth CSV, in layouts the
 * pipeline has not seen (no borders, other units, split subject codes, no 行次, horizontal 09,
 * title variants, long tables over two pages, wrapped names, another PDF producer), plus the
 * truth CSV of each variant.
 *
 *   node --import tsx scripts/variants/make-variants.ts OUTDIR [--only NAME,NAME] [--no-lo]
 *
 * Writes OUTDIR/<variant>.html, .pdf, .truth.csv and OUTDIR/variants.tsv (name, seed, notes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from './chromium.ts';
import { stringify } from 'csv-stringify/sync';

import { DEFAULTS, readTruth, type Opts, type Variant } from './model.ts';
import { expandLong, Report } from './render.ts';

const VARIANTS: Variant[] = [
  { name: 'base', seed: '000', notes: '1 borders (baseline)', opts: {} },
  { name: 'base', seed: '001', notes: '1 borders (baseline); 09 vertical', opts: {} },
  { name: 'tightpad', seed: '000', notes: '0 cell padding 1px (Excel-like): value abuts next cell', opts: { padPt: 0.75 } },
  { name: 'tightpad', seed: '001', notes: '0 cell padding 1px', opts: { padPt: 0.75 } },
  { name: 'noborders', seed: '000', notes: '1 no ruling lines at all', opts: { borders: false } },
  { name: 'noborders', seed: '001', notes: '1 no ruling lines at all', opts: { borders: false } },
  { name: 'yuan', seed: '000', notes: '2 unit 元 everywhere', opts: { unit: '元', landscape: true, fontPt: 8 } },
  { name: 'yuan', seed: '001', notes: '2 unit 元 everywhere, no thousands separators', opts: { unit: '元', thousands: false, landscape: true, fontPt: 8 } },
  { name: 'yuan-whole', seed: '000', notes: '2 unit 元 everywhere, whole 元 without decimals', opts: { unit: '元', whole: true, landscape: true, fontPt: 8 } },
  { name: 'yuan-whole', seed: '001', notes: '2 unit 元 everywhere, whole 元 without decimals', opts: { unit: '元', whole: true, landscape: true, fontPt: 8 } },
  { name: 'qianyuan05', seed: '000', notes: '2 table 05 in 千元, others 万元', opts: { tableUnit: { '05': '千元' } } },
  { name: 'splitcodes', seed: '000', notes: '3 类|款|项 columns', opts: { splitCodes: true } },
  { name: 'splitcodes', seed: '001', notes: '3 类|款|项 columns', opts: { splitCodes: true } },
  { name: 'segments', seed: '000', notes: '3 类|款|项 columns, each row only its own segment', opts: { splitCodes: true, codeCells: 'own' } },
  { name: 'segments', seed: '001', notes: '3 类|款|项 columns, each row only its own segment', opts: { splitCodes: true, codeCells: 'own' } },
  { name: 'codename', seed: '000', notes: '3 code and name in one cell', opts: { codeCells: 'joined' } },
  { name: 'codename', seed: '001', notes: '3 code and name in one cell', opts: { codeCells: 'joined' } },
  { name: 'splitcodes-nb', seed: '000', notes: '3 类|款|项 columns, no borders', opts: { splitCodes: true, borders: false } },
  { name: 'noline', seed: '000', notes: '4 01/04 without 行次; 01 决算数', opts: { noLineNo: true, measure01: '决算数' } },
  { name: 'noline', seed: '001', notes: '4 01/04 without 行次; 01 决算数', opts: { noLineNo: true, measure01: '决算数' } },
  { name: 'noline-nb', seed: '000', notes: '4 01/04 without 行次, no borders', opts: { noLineNo: true, measure01: '决算数', borders: false } },
  { name: 'h09', seed: '000', notes: '5 09 horizontal (预算数/决算数 groups)', opts: { t09: 'horizontal' } },
  { name: 'h09-nb', seed: '000', notes: '5 09 horizontal, no borders', opts: { t09: 'horizontal', borders: false } },
  { name: 'title-paren', seed: '000', notes: '6 titles XXX（公开NN表）', opts: { titles: 'paren' } },
  { name: 'title-long06', seed: '000', notes: '6 06 titled 2024年度…基本支出决算明细表', opts: { title06: '2024年度一般公共预算财政拨款基本支出决算明细表' } },
  { name: 'title-ascii09', seed: '000', notes: '6 09 titled with ASCII quotes', opts: { title09: '财政拨款"三公"经费支出决算表' } },
  { name: 'title-nolabel', seed: '000', notes: '6 no 公开NN表 labels', opts: { titles: 'nolabel' } },
  { name: 'title-nolabel', seed: '001', notes: '6 no labels + long 06 + ASCII 09', opts: { titles: 'nolabel', title06: '2024年度一般公共预算财政拨款基本支出决算明细表', title09: '财政拨款"三公"经费支出决算表' } },
  { name: 'long-repeat', seed: '000', notes: '7 02/03/05 with 50+ rows over 2 pages, thead repeated', opts: { long: true } },
  { name: 'long-norepeat', seed: '000', notes: '7 long tables, header only on first page', opts: { long: true, repeatHeader: false } },
  { name: 'long-norepeat-nb', seed: '000', notes: '7 long tables, no repeated header, no borders', opts: { long: true, repeatHeader: false, borders: false } },
  { name: 'long-repeat', seed: '001', notes: '7 long tables, thead repeated', opts: { long: true } },
  { name: 'narrow', seed: '000', notes: '8 narrow name/value columns: wrapped names and headers', opts: { narrow: true } },
  { name: 'narrow', seed: '001', notes: '8 narrow columns', opts: { narrow: true } },
  { name: 'narrow-nb', seed: '000', notes: '8 narrow columns, no borders', opts: { narrow: true, borders: false } },
  { name: 'lo-base', seed: '000', notes: '9 LibreOffice writer, borders', opts: { producer: 'libreoffice' } },
  { name: 'lo-base', seed: '001', notes: '9 LibreOffice writer, borders', opts: { producer: 'libreoffice' } },
  { name: 'lo-tightpad', seed: '000', notes: '9 LibreOffice, borders, cell padding 1px', opts: { producer: 'libreoffice', padPt: 0.75 } },
  { name: 'lo-noborders', seed: '000', notes: '9 LibreOffice, no borders', opts: { producer: 'libreoffice', borders: false } },
  { name: 'lo-splitcodes', seed: '000', notes: '9 LibreOffice, 类|款|项 columns', opts: { producer: 'libreoffice', splitCodes: true } },
];

const SEEDS: Record<string, { truth: string; department: string; year: number }> = {
  '000': { truth: '/work/shared/corpus/public/000-v1.truth.csv', department: '景德镇市医疗保障局', year: 2024 },
  '001': { truth: '/work/shared/corpus/public/001-v1.truth.csv', department: '聊城市医疗保障局（汇总）', year: 2024 },
};

// ---------------------------------------------------------------- PDF

function libreoffice(htmlPath: string, pdfPath: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  const outDir = mkdtempSync(join(tmpdir(), 'lo-out-'));
  try {
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf:writer_web_pdf_Export',
      '--outdir', outDir, htmlPath], { stdio: 'pipe', timeout: 180_000 });
    const base = htmlPath.replace(/^.*\//, '').replace(/\.html$/, '.pdf');
    renameSync(join(outDir, base), pdfPath);
  } finally {
    rmSync(profile, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

function main(): void {
  const args = process.argv.slice(2);
  const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/variants');
  const onlyArg = args.indexOf('--only');
  const only = onlyArg >= 0 ? args[onlyArg + 1].split(',') : null;
  const noLo = args.includes('--no-lo');
  mkdirSync(outDir, { recursive: true });
  const index: string[] = [];
  for (const v of VARIANTS) {
    const id = `${v.seed}-${v.name}`;
    if (only && !only.includes(id) && !only.includes(v.name)) continue;
    const o: Opts = { ...DEFAULTS, ...v.opts };
    if (o.producer === 'libreoffice' && (noLo || !hasLibreOffice())) {
      console.error(`skip ${id}: libreoffice not available`);
      continue;
    }
    const seed = SEEDS[v.seed];
    let cells = readTruth(seed.truth);
    if (o.long) cells = expandLong(cells);
    const rep = new Report(cells, o, seed.department, seed.year);
    const html = rep.html();
    const htmlPath = join(outDir, `${id}.html`);
    const pdfPath = join(outDir, `${id}.pdf`);
    writeFileSync(htmlPath, html);
    if (o.producer === 'libreoffice') libreoffice(htmlPath, pdfPath);
    else chromium(htmlPath, pdfPath);
    const truth = rep.truthOut.map((c) => ({
      table_code: c.table, item_code: c.code, line_no: c.line, item_name: c.name, measure: c.measure,
      value_yuan: (c.cents / 100).toFixed(2),
    }));
    writeFileSync(join(outDir, `${id}.truth.csv`), stringify(truth, { header: true, columns: ['table_code', 'item_code', 'line_no', 'item_name', 'measure', 'value_yuan'] }));
    index.push(`${id}\t${v.seed}\t${v.notes}`);
    console.error(`${id}: ${truth.length} truth cells`);
  }
  writeFileSync(join(outDir, 'variants.tsv'), index.join('\n') + '\n');
}

let loCache: boolean | undefined;
function hasLibreOffice(): boolean {
  if (loCache === undefined) {
    try {
      execFileSync('which', ['libreoffice'], { stdio: 'pipe' });
      loCache = true;
    } catch {
      loCache = existsSync('/usr/bin/soffice');
    }
  }
  return loCache;
}

main();


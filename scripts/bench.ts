/**
 * Speed benchmark: text-layer extraction, the whole pipeline without OCR, and OCR per page.
 *
 *   node --import tsx scripts/bench.ts [--quick]      (npm run bench [-- --quick])
 *
 * Prints readable tables, then ONE JSON line last (`{"bench":"juesuan",...}`) so results can be
 * collected and compared over time. `--quick` is a smoke test (fewer runs, 2 OCR pages).
 *
 * Text (samples/, always available):
 * - extract only: `extract()` with `ocr: null` on the 44-page 聊城 sample, run twice, the second
 *   (warm) run is reported;
 * - end to end: `runPipeline` on both samples (74 pages) into a fresh temp data dir, `ocr: false`,
 *   pages / wall seconds, in this process (modules already loaded); plus the CLI once
 *   (`node bin/juesuan.js run … --no-ocr`, process start included) for reference;
 * - `pdftotext -layout` on the same files (median of several runs), when installed;
 * - target (the issue): ≥ 50 pages/s end to end on a 2-core machine.
 *
 * OCR (only when /work/shared/corpus/public/000-v5.pdf exists): scanned table pages are cut out
 * with qpdf and handed to scripts/bench-ocr.ts (spawned, its lines parsed: it times 1 and 2
 * tesseract.js workers and the native `tesseract` CLI on the same preprocessed images).
 * Target: tesseract.js 1 worker within 1.5× of native tesseract (1 thread) per page.
 *
 * Never part of `npm test`. The machine may be shared: the load average is recorded with the numbers.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from '../pipeline/extract/index.ts';
import { dataDirs, PIPELINE_VERSION, PROJECT_ROOT } from '../pipeline/paths.ts';
import { runPipeline } from '../pipeline/run.ts';
import type { SourceRecord } from '../pipeline/types.ts';
import { silentLogger } from '../pipeline/util/log.ts';

const QUICK = process.argv.includes('--quick');
const SAMPLE_LC = join(PROJECT_ROOT, 'samples/liaocheng-ybj-2024.pdf');
const SAMPLE_JDZ = join(PROJECT_ROOT, 'samples/jingdezhen-ybj-2024.pdf');
const SCAN = '/work/shared/corpus/public/000-v5.pdf';
/** Scanned table pages of 000-v5 (tables 01, 02, 03, 05). */
const OCR_PAGES = QUICK ? [5, 6] : [4, 5, 6, 9];
const PDFTOTEXT_RUNS = QUICK ? 3 : 10;
const TARGET_PAGES_PER_S = 50;
const TARGET_OCR_RATIO = 1.5;

const out = (line = '') => process.stdout.write(line + '\n');
const secs = (t0: number) => (performance.now() - t0) / 1000;
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const r2 = (x: number) => Math.round(x * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const has = (cmd: string, arg = '-v') => spawnSync(cmd, [arg], { stdio: 'ignore' }).error === undefined;

function table(rows: [string, string][]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) out(`  ${k.padEnd(w)}  ${v}`);
}

/** Page counts of the samples (extract() checks them). */
const PAGES: Record<string, number> = { [SAMPLE_LC]: 44, [SAMPLE_JDZ]: 30 };

// ─── text layer ──────────────────────────────────────────────────────────────────────────────

/** extract() on a file in place: dirs.root is the project root and raw_path the sample. */
async function timeExtract(file: string): Promise<number> {
  const dirs = dataDirs(PROJECT_ROOT);
  const rel = file.slice(PROJECT_ROOT.length).replace(/^\/+/, '');
  const rec: SourceRecord = { report_id: 'bench', source_url: file, source_sha256: '', file_name: rel, raw_path: rel, kind: 'pdf', bytes: 0 };
  const t0 = performance.now();
  const doc = await extract(rec, dirs, { log: silentLogger, ocr: null });
  const s = secs(t0);
  if (doc.pages.length !== PAGES[file]) throw new Error(`extract read ${doc.pages.length} pages of ${rel}, expected ${PAGES[file]}`);
  if (doc.ocr_pages.length) throw new Error(`extract routed pages ${doc.ocr_pages.join(',')} of ${rel} to OCR`);
  return s;
}

/**
 * The first run in a process pays pdf.js's start-up (~0.6 s to load its worker module and
 * CMaps); a nightly batch pays it once for hundreds of reports. So: the first run, and a second
 * forced run of the same reports in the same process (the batch's steady state).
 */
async function timePipeline(): Promise<{ first: number; steady: number }> {
  const root = mkdtempSync(join(tmpdir(), 'juesuan-bench-'));
  try {
    const dirs = dataDirs(root);
    const once = async (force: boolean) => {
      const t0 = performance.now();
      const summary = await runPipeline({ sources: [SAMPLE_JDZ, SAMPLE_LC], dirs, log: silentLogger, ocr: false, force });
      const s = secs(t0);
      const bad = summary.outcomes.filter((o) => o.status !== 'ok');
      if (summary.outcomes.length !== 2 || bad.length) throw new Error(`pipeline run not ok: ${JSON.stringify(summary.outcomes)}`);
      return s;
    };
    const first = await once(false);
    const steady = await once(true);
    return { first, steady };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The CLI as a user runs it: process start, tsx, module loading included. */
function timeCli(): number | null {
  const root = mkdtempSync(join(tmpdir(), 'juesuan-bench-cli-'));
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/juesuan.js'), 'run', SAMPLE_JDZ, SAMPLE_LC, '--data-dir', root, '--no-ocr'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    const s = secs(t0);
    if (r.status !== 0) {
      out(`  (CLI run failed, exit ${r.status}: ${(r.stderr ?? '').slice(-500)})`);
      return null;
    }
    return s;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Median seconds of `pdftotext -layout FILE -` over several runs (output discarded). */
function timePdftotext(file: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    times.push(secs(t0));
    if (r.status !== 0) throw new Error(`pdftotext failed on ${file}`);
  }
  return median(times);
}

// ─── OCR (via scripts/bench-ocr.ts) ─────────────────────────────────────────────────────────

interface OcrNumbers {
  pages: number[];
  s_per_page_1w: number | null;
  s_per_page_2w: number | null;
  s_per_page_2w_300dpi: number | null;
  s_per_page_native: number | null;
  numbers_1w: string | null;
  peak_rss_mb: number | null;
  ratio_1w_to_native: number | null;
  ratio_2w_to_native: number | null;
  target_met: boolean | null;
  wall_s: number;
}

/**
 * Cut the scanned pages out of 000-v5 with qpdf (next to a copy of the truth CSV and a meta.json
 * whose table pages are renumbered, so bench-ocr can score the numbers), run bench-ocr on them
 * in a child process and parse its lines.
 */
function benchOcr(): OcrNumbers | string {
  if (!existsSync(SCAN)) return `${SCAN} not found: OCR section skipped`;
  if (!has('qpdf', '--version')) return 'qpdf not installed: OCR section skipped';
  const dir = mkdtempSync(join(tmpdir(), 'juesuan-bench-ocr-'));
  try {
    const pdf = join(dir, 'scan-pages.pdf');
    const cut = spawnSync('qpdf', ['--empty', '--pages', SCAN, OCR_PAGES.join(','), '--', pdf], { encoding: 'utf8' });
    if (cut.status !== 0) return `qpdf failed (${cut.stderr.trim()}): OCR section skipped`;
    const truth = SCAN.replace(/\.pdf$/, '.truth.csv');
    const meta = SCAN.replace(/\.pdf$/, '.meta.json');
    if (existsSync(truth) && existsSync(meta)) {
      copyFileSync(truth, join(dir, 'scan-pages.truth.csv'));
      const m = JSON.parse(readFileSync(meta, 'utf8')) as { table_pages: Record<string, number[]> };
      const renumbered = Object.fromEntries(
        Object.entries(m.table_pages).map(([t, ps]) => [t, ps.map((p) => OCR_PAGES.indexOf(p) + 1).filter((p) => p > 0)]),
      );
      writeFileSync(join(dir, 'scan-pages.meta.json'), JSON.stringify({ ...m, table_pages: renumbered }));
    }
    const pages = OCR_PAGES.map((_, i) => i + 1).join(',');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/bench-ocr.ts'), pdf, '--pages', pages], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    const wall = secs(t0);
    if (r.status !== 0) return `scripts/bench-ocr.ts failed (exit ${r.status}): ${(r.stderr ?? '').slice(-800)}`;
    for (const line of r.stdout.trim().split('\n')) out(`  | ${line}`);
    const num = (re: RegExp) => {
      const m = re.exec(r.stdout);
      return m ? Number(m[1]) : null;
    };
    const w1 = num(/workers=1 dpi=200: ([\d.]+) s\/page/);
    const w2 = num(/workers=2 dpi=200: ([\d.]+) s\/page/);
    const native = num(/tesseract CLI[^:]*dpi=200: ([\d.]+) s\/page/);
    const ratio1 = w1 !== null && native ? r2(w1 / native) : null;
    return {
      pages: OCR_PAGES,
      s_per_page_1w: w1,
      s_per_page_2w: w2,
      s_per_page_2w_300dpi: num(/workers=2 dpi=300: ([\d.]+) s\/page/),
      s_per_page_native: native,
      numbers_1w: /workers=1 dpi=200: [\d.]+ s\/page, numbers (.+)$/m.exec(r.stdout)?.[1] ?? null,
      peak_rss_mb: num(/peak RSS[^:]*: (\d+) MB/),
      ratio_1w_to_native: ratio1,
      ratio_2w_to_native: w2 !== null && native ? r2(w2 / native) : null,
      target_met: ratio1 === null ? null : ratio1 <= TARGET_OCR_RATIO,
      wall_s: r2(wall),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────

const started = new Date().toISOString();
const load0 = loadavg()[0]!;
out(`juesuan bench ${QUICK ? '(quick) ' : ''}— pipeline ${PIPELINE_VERSION}, node ${process.version}, ${cpus().length} cores, load ${load0.toFixed(2)}`);

const lcPages = PAGES[SAMPLE_LC]!;
const bothPages = PAGES[SAMPLE_LC]! + PAGES[SAMPLE_JDZ]!;

const cold = await timeExtract(SAMPLE_LC);
const warm = await timeExtract(SAMPLE_LC);
const extractPps = lcPages / warm;
// The first pipeline run also pays DuckDB's start; in full mode the second (warm) run is reported.
const pipeTimes = await timePipeline();
const pipeS = pipeTimes.first;
const pipePps = bothPages / pipeS;
const steadyPps = bothPages / pipeTimes.steady;
const cliS = timeCli();
const textRss = mb();

let pt: { lc_s: number; both_s: number; lc_pps: number; both_pps: number } | null = null;
if (has('pdftotext')) {
  const lc = timePdftotext(SAMPLE_LC, PDFTOTEXT_RUNS);
  const jdz = timePdftotext(SAMPLE_JDZ, PDFTOTEXT_RUNS);
  pt = { lc_s: lc, both_s: lc + jdz, lc_pps: lcPages / lc, both_pps: bothPages / (lc + jdz) };
}

out();
out('Text layer (no OCR)');
table([
  ['extract only, 聊城 44 p (warm)', `${extractPps.toFixed(1)} pages/s  (${warm.toFixed(3)} s; cold ${cold.toFixed(3)} s)`],
  ['runPipeline, both samples 74 p', `${pipePps.toFixed(1)} pages/s  (${pipeS.toFixed(2)} s wall, in process, first run)`],
  ['  again, same process (--force)', `${steadyPps.toFixed(1)} pages/s  (${pipeTimes.steady.toFixed(2)} s: a batch's steady state)`],
  ['CLI run --no-ocr, 74 p', cliS === null ? 'failed' : `${(bothPages / cliS).toFixed(1)} pages/s  (${cliS.toFixed(2)} s wall, process start included)`],
  ...(pt
    ? ([
        [`pdftotext -layout, 聊城 (median of ${PDFTOTEXT_RUNS})`, `${pt.lc_pps.toFixed(1)} pages/s  → extract is ${(pt.lc_pps / extractPps).toFixed(1)}× slower`],
        ['pdftotext -layout, both samples', `${pt.both_pps.toFixed(1)} pages/s  → pipeline is ${(pt.both_pps / pipePps).toFixed(1)}× slower`],
      ] as [string, string][])
    : ([['pdftotext', 'not installed, skipped']] as [string, string][])),
  ['peak RSS so far', `${textRss} MB`],
  [`target ≥ ${TARGET_PAGES_PER_S} pages/s end to end`, `first run ${pipePps >= TARGET_PAGES_PER_S ? 'MET' : 'NOT MET'} (${pipePps.toFixed(1)}); steady state ${steadyPps >= TARGET_PAGES_PER_S ? 'MET' : 'NOT MET'} (${steadyPps.toFixed(1)})`],
]);

out();
out(`OCR (000-v5 pages ${OCR_PAGES.join(',')}, via scripts/bench-ocr.ts)`);
const ocr = benchOcr();
if (typeof ocr === 'string') out(`  ${ocr}`);
else {
  const f = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} s/page`);
  table([
    ['tesseract.js, 1 worker, 200 dpi', `${f(ocr.s_per_page_1w)}  (numbers ${ocr.numbers_1w ?? 'n/a'})`],
    ['tesseract.js, 2 workers, 200 dpi', f(ocr.s_per_page_2w)],
    ['native tesseract, 1 thread (recognition only)', f(ocr.s_per_page_native)],
    ['ratio 1 worker / native', ocr.ratio_1w_to_native === null ? 'n/a' : `${ocr.ratio_1w_to_native}×`],
    ['ratio 2 workers / native', ocr.ratio_2w_to_native === null ? 'n/a' : `${ocr.ratio_2w_to_native}×`],
    ['peak RSS of the OCR process', ocr.peak_rss_mb === null ? 'n/a' : `${ocr.peak_rss_mb} MB`],
    [`target ≤ ${TARGET_OCR_RATIO}× native per page`, ocr.target_met === null ? 'n/a (no tesseract CLI)' : ocr.target_met ? 'MET' : 'NOT MET'],
  ]);
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
const result = {
  bench: 'juesuan',
  at: started,
  quick: QUICK,
  commit: commit.status === 0 ? commit.stdout.trim() : null,
  pipeline_version: PIPELINE_VERSION,
  node: process.version,
  cores: cpus().length,
  loadavg_1m: r2(load0),
  text: {
    extract_pages: lcPages,
    extract_warm_s: Math.round(warm * 1000) / 1000,
    extract_cold_s: Math.round(cold * 1000) / 1000,
    extract_pages_per_s: r2(extractPps),
    pipeline_pages: bothPages,
    pipeline_s: r2(pipeS),
    pipeline_pages_per_s: r2(pipePps),
    pipeline_steady_s: r2(pipeTimes.steady),
    pipeline_steady_pages_per_s: r2(steadyPps),
    cli_s: cliS === null ? null : r2(cliS),
    cli_pages_per_s: cliS === null ? null : r2(bothPages / cliS),
    pdftotext_pages_per_s: pt ? r2(pt.lc_pps) : null,
    pdftotext_over_extract: pt ? r2(pt.lc_pps / extractPps) : null,
    pdftotext_over_pipeline: pt ? r2(pt.both_pps / pipePps) : null,
    peak_rss_mb: textRss,
    target_pages_per_s: TARGET_PAGES_PER_S,
    target_met: pipePps >= TARGET_PAGES_PER_S,
    target_met_steady: steadyPps >= TARGET_PAGES_PER_S,
  },
  ocr: typeof ocr === 'string' ? { skipped: ocr } : { ...ocr, target_ratio: TARGET_OCR_RATIO },
  peak_rss_mb: mb(),
};
out();
out(JSON.stringify(result));

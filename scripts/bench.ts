/**
 * Speed benchmark (docs/bench.md):
 *
 *   npm run bench [-- --quick] [-- --text] [-- --root DIR] [-- --samples]
 *
 * Prints readable lines, then ONE JSON line last (`{"bench":"juesuan",...}`) so results can be
 * collected and compared over time.
 *
 * Text layer (scripts/bench-text.ts): a batch of ≥ 500 text-layer pages (the samples, plus the
 * text-layer PDFs of ../shared when present unless --samples, copied byte-distinct up to 500
 * pages) through `bin/juesuan.js run --no-ocr` as a user runs it (process start included), each
 * time after `pdftotext -layout` on the same files: pages/s, the wall-time ratio to pdftotext
 * within each pair, CPU seconds, peak RSS (GNU time), and a fingerprint of the published CSVs
 * (equal fingerprints = identical results). Three pairs (one with --quick); medians reported.
 * Start-up: `juesuan --version` and `--help`, median of five. `--root DIR` times another
 * checkout of the project (e.g. `git archive` of an older commit with node_modules linked).
 * The build (dist/) is brought up to date first when it is stale.
 *
 * OCR (skipped with --text or --quick; only when /work/shared/corpus/public/000-v5.pdf exists):
 * scanned table pages are cut out with qpdf and handed to scripts/bench-ocr.ts (spawned, its
 * lines parsed: it times the default engine (paddle) and tesseract.js with the pool on 2 cores, and the native `tesseract` CLI on the
 * same preprocessed images). Targets: ≤ 1.2 s/page for the default engine; tesseract.js within 1.5× of native.
 *
 * Never part of `npm test`. The machine may be shared: the load average is recorded with the
 * numbers, and ratios within a pair are the numbers to compare.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../pipeline/paths.ts';
import { benchText, makeBatch, startup, TARGET_PAGES_PER_S, TARGET_RATIO } from './bench-text.ts';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const TEXT_ONLY = QUICK || argv.includes('--text');
const rootAt = argv.indexOf('--root');
const ROOT = rootAt >= 0 ? resolve(argv[rootAt + 1]!) : PROJECT_ROOT;
const SHARED = argv.includes('--samples') ? null : [join(ROOT, '..', 'shared'), join(PROJECT_ROOT, '..', 'shared')].find((d) => existsSync(join(d, 'corpus'))) ?? null;
const SCAN = '/work/shared/corpus/public/000-v5.pdf';
/** Scanned table pages of 000-v5 (tables 01, 02, 03, 05). */
const OCR_PAGES = [4, 5, 6, 9];
const TARGET_OCR_RATIO = 1.5;
/** Issue 11: OCR seconds per page of the default engine with the pool on 2 cores. */
const TARGET_OCR_S_PER_PAGE = 1.2;
const REPEATS = QUICK ? 1 : 3;
const STARTUP_RUNS = 5;
const TARGET_VERSION_S = 0.3;
const TARGET_HELP_S = 0.5;

const out = (line = '') => process.stdout.write(line + '\n');
const secs = (t0: number) => (performance.now() - t0) / 1000;
const r2 = (x: number) => Math.round(x * 100) / 100;
const has = (cmd: string, arg = '-v') => spawnSync(cmd, [arg], { stdio: 'ignore' }).error === undefined;

function table(rows: [string, string][]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) out(`  ${k.padEnd(w)}  ${v}`);
}

/** Build dist/ when the checkout has a build and it is stale; say what the CLI will run. */
function ensureBuild(): string {
  const build = join(ROOT, 'scripts/build.mjs');
  if (!existsSync(build)) return 'sources (tsx; no build in this checkout)';
  const r = spawnSync(process.execPath, [build, '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed');
  return 'dist';
}

// ─── OCR (via scripts/bench-ocr.ts) ─────────────────────────────────────────────────────────

interface OcrNumbers {
  pages: number[];
  s_per_page_1w: number | null;
  s_per_page_2w: number | null;
  s_per_page_2w_300dpi: number | null;
  /** The default engine (paddle), pool on 2 cores: issue 11's ≤ 1.2 s/page. */
  s_per_page_paddle_2w: number | null;
  /** Its CPU seconds per page (all threads), and the calling thread's part: far less sensitive to other load than wall time. */
  cpu_s_per_page_paddle_2w: number | null;
  main_thread_cpu_s_per_page_paddle_2w: number | null;
  numbers_paddle_2w: string | null;
  target_s_per_page_met: boolean | null;
  s_per_page_native: number | null;
  numbers_2w: string | null;
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
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/bench-ocr.ts'), pdf, '--pages', pages], {
      cwd: ROOT,
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
    const w1 = num(/tesseract\.js {2}workers=1 dpi=200: ([\d.]+) s\/page/);
    const w2 = num(/tesseract\.js {2}workers=2 dpi=200: ([\d.]+) s\/page/);
    const paddle = num(/paddle {2}workers=2 dpi=200: ([\d.]+) s\/page/);
    const native = num(/tesseract CLI[^:]*dpi=200: ([\d.]+) s\/page/);
    const ratio1 = w1 !== null && native ? r2(w1 / native) : null;
    return {
      pages: OCR_PAGES,
      s_per_page_1w: w1,
      s_per_page_2w: w2,
      s_per_page_2w_300dpi: num(/tesseract\.js {2}workers=2 dpi=300: ([\d.]+) s\/page/),
      s_per_page_paddle_2w: paddle,
      cpu_s_per_page_paddle_2w: num(/paddle {2}workers=2 dpi=200 CPU: ([\d.]+) s\/page/),
      main_thread_cpu_s_per_page_paddle_2w: num(/paddle {2}workers=2 dpi=200 CPU: [\d.]+ s\/page, ([\d.]+) of it on the calling thread/),
      numbers_paddle_2w: /paddle {2}workers=2 dpi=200: [\d.]+ s\/page, numbers ([^;]+)/m.exec(r.stdout)?.[1] ?? null,
      target_s_per_page_met: paddle === null ? null : paddle <= TARGET_OCR_S_PER_PAGE,
      s_per_page_native: native,
      numbers_2w: /tesseract\.js {2}workers=2 dpi=200: [\d.]+ s\/page, numbers ([^;]+)/m.exec(r.stdout)?.[1] ?? null,
      peak_rss_mb: num(/peak RSS[^:]*: (\d+) MB/),
      ratio_1w_to_native: ratio1,
      ratio_2w_to_native: w2 !== null && native ? r2(w2 / native) : null,
      // Like for like since bench-ocr runs the CLI in 2 processes with the same preprocessing.
      target_met: w2 === null || !native ? null : w2 / native <= TARGET_OCR_RATIO,
      wall_s: r2(wall),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────

const started = new Date().toISOString();
const load0 = loadavg()[0]!;
const version = spawnSync(process.execPath, [join(ROOT, 'bin/juesuan.js'), '--version'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
out(`juesuan bench ${QUICK ? '(quick) ' : ''}— ${ROOT}, pipeline ${version}, node ${process.version}, ${cpus().length} cores, load ${load0.toFixed(2)}`);
if (!has('pdftotext')) throw new Error('pdftotext is needed for the ratio: apt-get install poppler-utils');

const runs = ensureBuild();
const versionS = startup(ROOT, ['--version'], STARTUP_RUNS);
const helpS = startup(ROOT, ['--help'], STARTUP_RUNS);
const batchDir = mkdtempSync(join(tmpdir(), 'juesuan-bench-batch-'));
let text;
try {
  const { inputs, label } = makeBatch(ROOT, SHARED, join(batchDir, 'in'));
  out(`Text layer: ${inputs.length} reports, ${inputs.reduce((n, i) => n + i.pages, 0)} pages (${label}); CLI runs ${runs}`);
  text = benchText(ROOT, inputs, label, REPEATS, runs, out);
} finally {
  rmSync(batchDir, { recursive: true, force: true });
}
table([
  ['juesuan run --no-ocr, end to end', `${text.pages_per_s} pages/s  (${text.cli_wall_s} s wall, ${text.cli_cpu_s ?? '?'} s CPU; median of ${text.repeats})`],
  ['pdftotext -layout, same files', `${text.pdftotext_pages_per_s} pages/s  (${text.pdftotext_wall_s} s)`],
  ['ratio juesuan / pdftotext (wall, per pair)', `${text.ratio_to_pdftotext}×  (CPU ${text.cpu_ratio_to_pdftotext ?? '?'}×)`],
  ['peak RSS of the run', `${text.peak_rss_mb ?? '?'} MB`],
  ['reports by status', JSON.stringify(text.statuses)],
  ['outputs fingerprint', `${text.outputs_sha256.slice(0, 16)}  ${JSON.stringify(text.rows)}${text.outputs_same_every_repeat ? '' : '  DIFFERS between repeats'}`],
  [`target ≥ ${TARGET_PAGES_PER_S} pages/s and ≤ ${TARGET_RATIO}× pdftotext`, text.target_met ? 'MET' : 'NOT MET'],
  ['juesuan --version / --help', `${versionS} s / ${helpS} s  (targets ${TARGET_VERSION_S} / ${TARGET_HELP_S} s)`],
]);

let ocr: OcrNumbers | string = 'skipped (--text or --quick)';
if (!TEXT_ONLY) {
  out();
  out(`OCR (000-v5 pages ${OCR_PAGES.join(',')}, via scripts/bench-ocr.ts)`);
  ocr = benchOcr();
  if (typeof ocr === 'string') out(`  ${ocr}`);
  else {
    const f = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} s/page`);
    table([
      ['paddle (default engine), 2 cores, 200 dpi, all preprocessing', `${f(ocr.s_per_page_paddle_2w)}  (numbers ${ocr.numbers_paddle_2w ?? 'n/a'})`],
      ['  its CPU per page (calling thread)', `${f(ocr.cpu_s_per_page_paddle_2w)}  (${f(ocr.main_thread_cpu_s_per_page_paddle_2w)})`],
      [`target ≤ ${TARGET_OCR_S_PER_PAGE} s/page (default engine)`, ocr.target_s_per_page_met === null ? 'n/a' : ocr.target_s_per_page_met ? 'MET' : 'NOT MET'],
      ['tesseract.js, 2 workers, 200 dpi, all preprocessing + re-reads', `${f(ocr.s_per_page_2w)}  (numbers ${ocr.numbers_2w ?? 'n/a'})`],
      ['native tesseract, 2 processes, same rendering + preprocessing', f(ocr.s_per_page_native)],
      ['ratio 2 workers / native', ocr.ratio_2w_to_native === null ? 'n/a' : `${ocr.ratio_2w_to_native}×`],
      ['peak RSS of the OCR process', ocr.peak_rss_mb === null ? 'n/a' : `${ocr.peak_rss_mb} MB`],
      [`target ≤ ${TARGET_OCR_RATIO}× native per page`, ocr.target_met === null ? 'n/a (no tesseract CLI)' : ocr.target_met ? 'MET' : 'NOT MET'],
    ]);
  }
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
const result = {
  bench: 'juesuan',
  at: started,
  quick: QUICK,
  commit: commit.status === 0 ? commit.stdout.trim() : null,
  pipeline_version: version,
  node: process.version,
  cores: cpus().length,
  loadavg_1m: r2(load0),
  text,
  startup: { version_s: versionS, help_s: helpS, target_version_s: TARGET_VERSION_S, target_help_s: TARGET_HELP_S, target_met: versionS < TARGET_VERSION_S && helpS < TARGET_HELP_S },
  ocr: typeof ocr === 'string' ? { skipped: ocr } : { ...ocr, target_ratio: TARGET_OCR_RATIO },
};
out();
out(JSON.stringify(result));

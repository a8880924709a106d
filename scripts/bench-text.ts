/**
 * The end-to-end text-layer benchmark of `npm run bench` (see scripts/bench.ts, docs/bench.md):
 * a batch of ≥ 500 text-layer pages through the CLI as a user runs it (process start included),
 * against `pdftotext -layout` on the same files in the same run, pair by pair.
 *
 * It only spawns processes (the project's bin/juesuan.js, pdftotext, /usr/bin/time), so it can
 * time any checkout of the project (`--root DIR`), e.g. an older commit for a before/after line.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** The issue's target: ≥ 100 pages/s end to end, about 5× the time pdftotext takes or better. */
export const TARGET_PAGES_PER_S = 100;
export const TARGET_RATIO = 5;
/** Pages in the batch: copies of the inputs are added until there are at least this many. */
export const BATCH_PAGES = 500;
/** A PDF with fewer characters of text per page than this is a scan, not a text-layer input. */
const MIN_CHARS_PER_PAGE = 100;
/** Output columns that differ between two runs of the same inputs (ids, paths, clocks). */
const VOLATILE = /^(run_id|source_url|loaded_at|started_at|finished_at)$/;

const secs = (t0: number) => (performance.now() - t0) / 1000;
const r2 = (x: number) => Math.round(x * 100) / 100;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface Input {
  file: string;
  pages: number;
}

/** Page count and whether the PDF has a text layer (pdfinfo / pdftotext from poppler-utils). */
function probe(file: string): Input | null {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout ?? '')?.[1] ?? 0);
  if (!pages) return null;
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return (text.stdout ?? '').replace(/\s/g, '').length >= pages * MIN_CHARS_PER_PAGE ? { file, pages } : null;
}

/**
 * The batch: the bundled samples plus, when ../shared is present, its other text-layer PDFs
 * (budget, real); then byte-distinct copies (a comment appended after %%EOF, so each is a report
 * of its own) until there are `minPages` pages. Written to `dir`.
 */
export function makeBatch(root: string, shared: string | null, dir: string, minPages = BATCH_PAGES): { inputs: Input[]; label: string } {
  const candidates = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.pdf')).map((f) => join(root, 'samples', f));
  if (shared) {
    for (const sub of ['budget', 'real']) {
      const d = join(shared, 'corpus', sub);
      if (existsSync(d)) candidates.push(...readdirSync(d).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(d, f)));
    }
  }
  const base: Input[] = [];
  const seen = new Set<string>();
  for (const f of candidates) {
    const hash = createHash('sha256').update(readFileSync(f)).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    const p = probe(f);
    if (p) base.push(p);
  }
  mkdirSync(dir, { recursive: true });
  const inputs: Input[] = [];
  let total = 0;
  for (let i = 0; total < minPages; i++) {
    const src = base[i % base.length]!;
    const copy = Math.floor(i / base.length);
    const file = join(dir, `${String(i).padStart(3, '0')}-${basename(src.file, '.pdf')}${copy ? `-copy${copy}` : ''}.pdf`);
    copyFileSync(src.file, file);
    if (copy) appendFileSync(file, `\n%juesuan-bench-copy-${copy}\n`);
    inputs.push({ file, pages: src.pages });
    total += src.pages;
  }
  return { inputs, label: `${base.length} distinct text-layer PDFs (samples${shared ? ' + ../shared budget, real' : ''}), copies up to ${minPages} pages` };
}

interface Timed {
  wall: number;
  cpu: number | null;
  rssMb: number | null;
  status: number | null;
  stderr: string;
}

const HAS_TIME = existsSync('/usr/bin/time');

/** Run a command, measuring wall time, and (via GNU time) CPU seconds and peak RSS. */
export function timed(cmd: string, args: string[], opts: { cwd?: string; quiet?: boolean } = {}): Timed {
  const tf = join(tmpdir(), `juesuan-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [c, a] = HAS_TIME ? ['/usr/bin/time', ['-f', '%U %S %M', '-o', tf, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { cwd: opts.cwd, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', opts.quiet ? 'ignore' : 'pipe', 'pipe'] });
  const wall = secs(t0);
  let cpu: number | null = null;
  let rssMb: number | null = null;
  if (HAS_TIME && existsSync(tf)) {
    const m = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(readFileSync(tf, 'utf8'));
    if (m) {
      cpu = Number(m[1]) + Number(m[2]);
      rssMb = Math.round(Number(m[3]) / 1024);
    }
    rmSync(tf, { force: true });
  }
  return { wall, cpu, rssMb, status: r.status, stderr: r.stderr ?? '' };
}

/**
 * A fingerprint of what a run published: every CSV in output/csv, volatile columns dropped,
 * rows sorted. Equal fingerprints = identical results (before/after a speed change).
 */
export function outputFingerprint(dataDir: string): { sha256: string; rows: Record<string, number> } {
  const dir = join(dataDir, 'output', 'csv');
  const h = createHash('sha256');
  const rows: Record<string, number> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv')).sort()) {
    const recs = parse(readFileSync(join(dir, f)), { columns: true }) as Record<string, string>[];
    rows[f.replace(/\.csv$/, '')] = recs.length;
    const lines = recs.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !VOLATILE.test(k)))).sort();
    h.update(`${f}\n${lines.join('\n')}\n`);
  }
  return { sha256: h.digest('hex'), rows };
}

export interface TextResult {
  inputs: string;
  reports: number;
  pages: number;
  runs: string;
  repeats: number;
  cli_wall_s: number;
  pages_per_s: number;
  cli_cpu_s: number | null;
  pages_per_cpu_s: number | null;
  pdftotext_wall_s: number;
  pdftotext_pages_per_s: number;
  ratio_to_pdftotext: number;
  cpu_ratio_to_pdftotext: number | null;
  peak_rss_mb: number | null;
  statuses: Record<string, number>;
  rows: Record<string, number>;
  outputs_sha256: string;
  outputs_same_every_repeat: boolean;
  target_pages_per_s: number;
  target_ratio: number;
  target_met: boolean;
}

/**
 * `repeats` pairs, each: pdftotext -layout on every file (one after another), then the CLI on
 * the whole batch into a fresh data dir. Ratios are taken within a pair (the load of a shared
 * machine changes between pairs), and the medians reported.
 */
export function benchText(root: string, inputs: Input[], label: string, repeats: number, runs: string, log: (s: string) => void): TextResult {
  const pages = inputs.reduce((n, i) => n + i.pages, 0);
  const pairs: { pt: Timed; cli: Timed; fp: ReturnType<typeof outputFingerprint>; statuses: Record<string, number> }[] = [];
  const inDir = join(inputs[0]!.file, '..');
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    let ptCpu = 0;
    for (const { file } of inputs) {
      const r = timed('pdftotext', ['-layout', file, '-'], { quiet: true });
      if (r.status !== 0) throw new Error(`pdftotext failed on ${file}: ${r.stderr}`);
      ptCpu += r.cpu ?? 0;
    }
    const pt: Timed = { wall: secs(t0), cpu: HAS_TIME ? ptCpu : null, rssMb: null, status: 0, stderr: '' };
    const data = mkdtempSync(join(tmpdir(), 'juesuan-bench-data-'));
    try {
      const cli = timed(process.execPath, [join(root, 'bin/juesuan.js'), 'run', inDir, '--data-dir', data, '--no-ocr', '-q'], { cwd: root });
      if (cli.status !== 0 && cli.status !== 3) throw new Error(`juesuan run failed (exit ${cli.status}): ${cli.stderr.slice(-1500)}`);
      const reports = parse(readFileSync(join(data, 'output/csv/reports.csv')), { columns: true }) as { status: string }[];
      const statuses: Record<string, number> = {};
      for (const r of reports) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      pairs.push({ pt, cli, fp: outputFingerprint(data), statuses });
      log(`  pair ${i + 1}/${repeats}: pdftotext ${pt.wall.toFixed(2)} s, juesuan ${cli.wall.toFixed(2)} s (${(pages / cli.wall).toFixed(1)} pages/s, ${(cli.wall / pt.wall).toFixed(1)}×), cpu ${cli.cpu?.toFixed(1) ?? '?'} s, rss ${cli.rssMb ?? '?'} MB`);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }
  const cliWall = median(pairs.map((p) => p.cli.wall));
  const ptWall = median(pairs.map((p) => p.pt.wall));
  const cpus = pairs.map((p) => p.cli.cpu).filter((x): x is number => x !== null);
  const ptCpus = pairs.map((p) => p.pt.cpu).filter((x): x is number => x !== null);
  const cliCpu = cpus.length ? median(cpus) : null;
  const ratio = median(pairs.map((p) => p.cli.wall / p.pt.wall));
  const rss = pairs.map((p) => p.cli.rssMb).filter((x): x is number => x !== null);
  const pps = pages / cliWall;
  return {
    inputs: label,
    reports: inputs.length,
    pages,
    runs,
    repeats,
    cli_wall_s: r2(cliWall),
    pages_per_s: r2(pps),
    cli_cpu_s: cliCpu === null ? null : r2(cliCpu),
    pages_per_cpu_s: cliCpu === null ? null : r2(pages / cliCpu),
    pdftotext_wall_s: r2(ptWall),
    pdftotext_pages_per_s: r2(pages / ptWall),
    ratio_to_pdftotext: r2(ratio),
    cpu_ratio_to_pdftotext: cpus.length && ptCpus.length ? r2(median(pairs.map((p) => p.cli.cpu! / Math.max(p.pt.cpu!, 0.01)))) : null,
    peak_rss_mb: rss.length ? Math.max(...rss) : null,
    statuses: pairs[0]!.statuses,
    rows: pairs[0]!.fp.rows,
    outputs_sha256: pairs[0]!.fp.sha256,
    outputs_same_every_repeat: pairs.every((p) => p.fp.sha256 === pairs[0]!.fp.sha256),
    target_pages_per_s: TARGET_PAGES_PER_S,
    target_ratio: TARGET_RATIO,
    target_met: pps >= TARGET_PAGES_PER_S && ratio <= TARGET_RATIO,
  };
}

/** Median wall seconds of `juesuan ARGS` (start-up: --version, --help). */
export function startup(root: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = timed(process.execPath, [join(root, 'bin/juesuan.js'), ...args], { cwd: root, quiet: true });
    if (r.status !== 0) throw new Error(`juesuan ${args.join(' ')} failed: ${r.stderr}`);
    times.push(r.wall);
  }
  return Math.round(median(times) * 1000) / 1000;
}

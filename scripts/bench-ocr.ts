/**
 * OCR benchmark: seconds per page of each engine (paddle, the default, and tesseract.js) with the
 * pool on 2 cores, tesseract.js with 1 worker and at 300 dpi (--full), peak RSS, and (where the
 * `tesseract` CLI is installed) the native CLI on the same preprocessed images, the like-for-like
 * reference for tesseract.js. With a truth CSV it also reports the share of the table numbers
 * read exactly.
 *
 *   node --import tsx scripts/bench-ocr.ts [PDF] [--pages 4,5,6,9] [--truth FILE.truth.csv] [--full | --paddle]
 *
 * Default: both engines' pools (2 workers) at 200 dpi, and the native CLI in 2 processes (the
 * ratio for tesseract.js); --full adds 1 worker and 300 dpi for tesseract.js; --paddle times the
 * default engine only (quick iterations). Each pool line is followed by its CPU seconds per page
 * and the calling thread's share of them.
 *
 * The machine may be shared: run it twice and read the numbers as rough.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { OcrPool } from '../pipeline/extract/ocr/pool.ts';
import type { OcrEngine } from '../pipeline/extract/ocr/paddle/engine.ts';
import { openPdf } from '../pipeline/extract/ocr/pdfjs.ts';
import { renderPageGray } from '../pipeline/extract/ocr/render.ts';
import { preprocess, toPgm } from '../pipeline/extract/ocr/preprocess.ts';
import type { TextItem } from '../pipeline/types.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pdfPath = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '../shared/corpus/public/000-v5.pdf';
const pages = (flag('--pages') ?? '4,5,6,9').split(',').map(Number);
const truthPath = flag('--truth') ?? pdfPath.replace(/\.pdf$/, '.truth.csv');

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** Truth amounts as printed (万元, two decimals), for the tables on the benchmarked pages. */
function truthNumbers(): Map<string, number> | null {
  const metaPath = pdfPath.replace(/\.pdf$/, '.meta.json');
  if (!existsSync(truthPath) || !existsSync(metaPath)) return null;
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { table_pages: Record<string, number[]> };
  const tables = new Set(Object.entries(meta.table_pages).filter(([, ps]) => ps.some((p) => pages.includes(p))).map(([t]) => t));
  const bag = new Map<string, number>();
  for (const row of readFileSync(truthPath, 'utf8').trim().split('\n').slice(1)) {
    const f = row.split(',');
    if (!tables.has(f[0]!)) continue;
    const v = new Decimal(f.at(-1)!).div(10000).toFixed(2);
    bag.set(v, (bag.get(v) ?? 0) + 1);
  }
  return bag;
}

function accuracy(items: TextItem[]): string {
  const want = truthNumbers();
  if (!want) return 'n/a';
  const got = new Map<string, number>();
  for (const it of items) {
    const s = it.str.replace(/,/g, '');
    got.set(s, (got.get(s) ?? 0) + 1);
  }
  let total = 0;
  let hit = 0;
  for (const [v, n] of want) {
    total += n;
    hit += Math.min(n, got.get(v) ?? 0);
  }
  return `${hit}/${total} (${((100 * hit) / total).toFixed(1)} %)`;
}

/**
 * CPU seconds of this thread alone (Linux /proc; null elsewhere): what the calling thread does
 * (render, preprocess, layout) cannot spread over the cores, the rest can.
 */
function mainThreadCpu(): number | null {
  try {
    const st = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

async function runPool(engine: OcrEngine, workers: number, dpi: number): Promise<number> {
  const pool = await OcrPool.create({ workers, dpi, engine });
  const doc = await openPdf(pdfPath);
  try {
    const [t0, cpu0, main0] = [performance.now(), process.cpuUsage(), mainThreadCpu()];
    const results = await Promise.all(pages.map(async (p) => pool.ocrPage(await doc.getPage(p))));
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const main1 = mainThreadCpu();
    const items = results.flatMap((r) => r.items);
    const reread = results.reduce((n, r) => n + (r.reread?.read ?? 0), 0);
    const name = engine === 'tesseract' ? 'tesseract.js' : engine;
    const perPage = (x: number) => (x / pages.length).toFixed(2);
    out(`${name}  workers=${workers} dpi=${dpi}: ${perPage(secs)} s/page, numbers ${accuracy(items)}; all preprocessing included, ${reread} crops re-read`);
    // CPU per page is far less sensitive to other load than wall time; on 2 idle cores the wall
    // time is about max(CPU / 2, calling thread), as long as the engine spreads its work.
    const mainPart = main0 !== null && main1 !== null ? `, ${perPage(main1 - main0)} of it on the calling thread` : '';
    out(`${name}  workers=${workers} dpi=${dpi} CPU: ${perPage((cpu.user + cpu.system) / 1e6)} s/page${mainPart}`);
    return secs / pages.length;
  } finally {
    await pool.close();
    await doc.destroy();
  }
}

/**
 * The native CLI on the same pages, two processes at a time (one thread each, like the pool's two
 * workers), timed with the same rendering and preprocessing: the ratio is like for like.
 */
async function runCli(dpi: number): Promise<number | null> {
  if (spawnSync('tesseract', ['--version']).status !== 0) {
    out('tesseract CLI: not installed, skipped');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-ocr-'));
  const doc = await openPdf(pdfPath);
  try {
    const t0 = performance.now();
    const files: string[] = [];
    for (const p of pages) {
      const r = await renderPageGray(await doc.getPage(p), { dpi });
      const f = join(dir, `p${p}.pgm`);
      writeFileSync(f, toPgm(preprocess(r.image, r.scale).image));
      files.push(f);
    }
    const tPre = performance.now();
    const one = (f: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('tesseract', [f, f.replace(/\.pgm$/, ''), '-l', 'chi_sim', '--psm', '6', '--dpi', String(dpi)], {
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          stdio: 'ignore',
        });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tesseract CLI exited ${code}`))));
      });
    const queue = [...files];
    await Promise.all([0, 1].map(async () => { for (let f = queue.shift(); f; f = queue.shift()) await one(f); }));
    const secs = (performance.now() - t0) / 1000;
    out(`tesseract CLI 2 processes dpi=${dpi}: ${(secs / files.length).toFixed(2)} s/page incl. render+preprocess (${((tPre - t0) / 1000 / files.length).toFixed(2)} s/page of that)`);
    return secs / files.length;
  } finally {
    await doc.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

out(`bench-ocr: ${pdfPath} pages ${pages.join(',')}`);
const paddle = await runPool('paddle', 2, 200);
out(`target ≤ 1.2 s/page (default engine paddle, 2 cores): ${paddle <= 1.2 ? 'met' : 'not met'} (${paddle.toFixed(2)} s/page)`);
if (args.includes('--paddle')) {
  out(`peak RSS (this process, all worker threads): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  process.exit(0);
}
if (args.includes('--full')) await runPool('tesseract', 1, 200);
const pool = await runPool('tesseract', 2, 200);
if (args.includes('--full')) await runPool('tesseract', 2, 300);
const cli = await runCli(200);
if (cli) out(`ratio tesseract.js pool / native CLI (2 cores, same pages, all preprocessing): ${(pool / cli).toFixed(2)}`);
out(`peak RSS (this process, all worker threads): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

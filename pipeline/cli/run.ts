/**
 * `juesuan run`: the whole pipeline on local files, folders or URLs. The stages are imported
 * when the command runs, so `--help` and `--version` load no pdf.js, DuckDB or tesseract.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli.ts';
import { dataDirs, PROJECT_ROOT } from '../paths.ts';
import type { RunSummary } from '../run.ts';
import { InterruptedError } from '../util/errors.ts';
import { EXIT, trapStopSignals } from './exit.ts';
import { out } from './output.ts';
import { addHttpOptions, httpOptionsFrom, type HttpFlags } from './fetch.ts';
import { join } from 'node:path';
import { DEFAULT_ENGINE, OCR_ENGINES, type OcrEngine } from '../extract/ocr/paddle/engine.ts';

/** What `npm start` processes when given nothing: the bundled sample reports. */
export const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('fetch, extract, parse, normalise, validate and load reports (default: the bundled samples)')
    .argument('[sources...]', 'PDF/HTML/TXT files, folders of them, or http(s) URLs')
    .option('--data-dir <dir>', 'folder for raw/, staged/ and output/', PROJECT_ROOT)
    .option('--no-ocr', 'do not OCR scanned pages (they are reported as unreadable)')
    .option('--ocr-engine <engine>', `OCR engine for scanned pages: ${OCR_ENGINES.join(', ')} (default ${DEFAULT_ENGINE}, or $JUESUAN_OCR_ENGINE; docs/ocr.md)`, ocrEngine)
    .option('--force', 'reprocess reports even if unchanged since the last run')
    .option('--concurrency <n>', 'reports processed at once, at most the number of cores (default: number of cores)', positiveInt)
    .option('--manifest <file>', 'CSV or JSON Lines list of sources (see docs/operations.md)');
  addHttpOptions(cmd).action(
    async (sources: string[], o: { dataDir: string; ocr: boolean; ocrEngine?: OcrEngine; force?: boolean; concurrency?: number; manifest?: string } & HttpFlags) => {
      const { likelyPdfCount, resolveSources } = await import('../fetch/index.ts');
      // Bad paths, empty folders and bad or empty manifests throw before anything is touched (exit 2).
      const resolved = await resolveSources(sources, o.manifest);
      // Only a bare `run` means the samples: a manifest never falls back to them.
      const list = resolved.sources.length ? resolved.sources : [SAMPLES_DIR];
      // A large batch's extraction threads load pdf.js while this thread loads the pipeline.
      const { startThreadsEarly } = await import('../extract/threads.ts');
      const startedThreads = startThreadsEarly(await likelyPdfCount(list), o.concurrency, ctx.log);
      const { runPipeline } = await import('../run.ts');
      if (!resolved.sources.length) ctx.log.info(`no sources given: processing the bundled samples in ${SAMPLES_DIR}`);
      const dirs = dataDirs(o.dataDir);
      const stop = trapStopSignals(ctx.log);
      const summary = await runPipeline({
        signal: stop.signal,
        sources: list,
        dirs,
        log: ctx.log,
        ocr: o.ocr,
        ocrEngine: o.ocrEngine,
        force: o.force,
        concurrency: o.concurrency,
        args: process.argv.slice(2).join(' '),
        hints: resolved.hints,
        http: httpOptionsFrom(o),
        startedThreads,
      }).finally(stop.dispose);
      printSummary(summary, dirs.output);
      if (summary.interrupted) throw new InterruptedError(summary.interrupted);
      if (summary.failed > 0) ctx.setExit(EXIT.reportsFailed);
    },
  );
}

/** --ocr-engine: one of OCR_ENGINES. */
function ocrEngine(v: string): OcrEngine {
  if (!(OCR_ENGINES as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${OCR_ENGINES.join(', ')}, got "${v}"`);
  return v as OcrEngine;
}

/** --concurrency: a whole number ≥ 1 (too many is capped to the cores by the run, with a warning). */
function positiveInt(v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got "${v}"`);
  return Number(v);
}

export function printSummary(summary: RunSummary, outputDir: string): void {
  const by = (s: string) => summary.outcomes.filter((o) => o.status === s).length;
  const facts = summary.outcomes.reduce((n, o) => n + o.n_facts, 0);
  out(
    `run ${summary.run_id}: ${summary.outcomes.length} processed (${by('ok')} ok, ${by('partial')} partial, ${by('failed')} failed), ` +
      `${summary.skipped} unchanged, ${facts} facts → ${outputDir}`,
  );
  for (const o of summary.outcomes.filter((x) => x.status === 'failed')) out(`  failed: ${o.source}: ${o.message}`);
}

/**
 * `juesuan run`: the whole pipeline on local files, folders or URLs. The stages are imported
 * when the command runs, so `--help` and `--version` load no pdf.js, DuckDB or tesseract.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli.ts';
import { ManifestError } from '../fetch/errors.ts';
import { dataDirs, PROJECT_ROOT } from '../paths.ts';
import type { RunSummary } from '../run.ts';
import { EXIT, out } from './output.ts';
import { addHttpOptions, httpOptionsFrom, type HttpFlags } from './fetch.ts';
import { join } from 'node:path';

/** What `npm start` processes when given nothing: the bundled sample reports. */
export const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('fetch, extract, parse, normalise, validate and load reports (default: the bundled samples)')
    .argument('[sources...]', 'PDF/HTML/TXT files, folders of them, or http(s) URLs')
    .option('--data-dir <dir>', 'folder for raw/, staged/ and output/', PROJECT_ROOT)
    .option('--no-ocr', 'do not OCR scanned pages (they are reported as unreadable)')
    .option('--force', 'reprocess reports even if unchanged since the last run')
    .option('--concurrency <n>', 'reports processed at once (default: number of cores)', (v) => Number.parseInt(v, 10))
    .option('--manifest <file>', 'CSV or JSON Lines list of sources (see docs/operations.md)');
  addHttpOptions(cmd).action(
    async (sources: string[], o: { dataDir: string; ocr: boolean; force?: boolean; concurrency?: number; manifest?: string } & HttpFlags) => {
      const { resolveSources } = await import('../fetch/index.ts');
      const { runPipeline } = await import('../run.ts');
      let resolved;
      try {
        resolved = await resolveSources(sources, o.manifest);
      } catch (err) {
        if (!(err instanceof ManifestError)) throw err;
        ctx.log.error(`bad manifest: ${err.message}`);
        ctx.setExit(EXIT.usage);
        return;
      }
      const list = resolved.sources.length ? resolved.sources : [SAMPLES_DIR];
      if (!resolved.sources.length) ctx.log.info(`no sources given: processing the bundled samples in ${SAMPLES_DIR}`);
      const dirs = dataDirs(o.dataDir);
      const summary = await runPipeline({
        sources: list,
        dirs,
        log: ctx.log,
        ocr: o.ocr,
        force: o.force,
        concurrency: o.concurrency,
        args: process.argv.slice(2).join(' '),
        hints: resolved.hints,
        http: httpOptionsFrom(o),
      });
      printSummary(summary, dirs.output);
      if (summary.failed > 0) ctx.setExit(EXIT.reportsFailed);
    },
  );
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

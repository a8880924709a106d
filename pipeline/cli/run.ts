/** `juesuan run`: the whole pipeline on local files, folders or URLs. */
import type { Command } from 'commander';
import type { CliContext } from '../cli.ts';
import { dataDirs, PROJECT_ROOT } from '../paths.ts';
import { runPipeline } from '../run.ts';
import { EXIT, out } from './output.ts';
import { join } from 'node:path';

/** What `npm start` processes when given nothing: the bundled sample reports. */
export const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');

export function register(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('fetch, extract, parse, normalise, validate and load reports (default: the bundled samples)')
    .argument('[sources...]', 'PDF/HTML/TXT files, folders of them, or http(s) URLs')
    .option('--data-dir <dir>', 'folder for raw/, staged/ and output/', PROJECT_ROOT)
    .option('--no-ocr', 'do not OCR scanned pages (they are reported as unreadable)')
    .option('--force', 'reprocess reports even if unchanged since the last run')
    .option('--concurrency <n>', 'reports processed at once (default: number of cores)', (v) => Number.parseInt(v, 10))
    .action(async (sources: string[], o: { dataDir: string; ocr: boolean; force?: boolean; concurrency?: number }) => {
      const list = sources.length ? sources : [SAMPLES_DIR];
      if (!sources.length) ctx.log.info(`no sources given: processing the bundled samples in ${SAMPLES_DIR}`);
      const dirs = dataDirs(o.dataDir);
      const summary = await runPipeline({
        sources: list,
        dirs,
        log: ctx.log,
        ocr: o.ocr,
        force: o.force,
        concurrency: o.concurrency,
        args: process.argv.slice(2).join(' '),
      });
      printSummary(summary, dirs.output);
      if (summary.failed > 0) ctx.setExit(EXIT.reportsFailed);
    });
}

export function printSummary(summary: Awaited<ReturnType<typeof runPipeline>>, outputDir: string): void {
  const by = (s: string) => summary.outcomes.filter((o) => o.status === s).length;
  const facts = summary.outcomes.reduce((n, o) => n + o.n_facts, 0);
  out(
    `run ${summary.run_id}: ${summary.outcomes.length} processed (${by('ok')} ok, ${by('partial')} partial, ${by('failed')} failed), ` +
      `${summary.skipped} unchanged, ${facts} facts → ${outputDir}`,
  );
  for (const o of summary.outcomes.filter((x) => x.status === 'failed')) out(`  failed: ${o.source}: ${o.message}`);
}

/**
 * Stage commands: each runs one stage from what the previous stage left in `staged/`, so a
 * stage can be rerun (after a parser fix, say) without fetching or extracting again.
 *   juesuan extract | parse | normalise | validate | load [REPORT_ID...] [--data-dir DIR]
 */
import type { Command } from 'commander';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliContext } from '../cli.ts';
import { ARTEFACT, dataDirs, PROJECT_ROOT, stagedFile } from '../paths.ts';
import type { CellsDoc, DataDirs, ExtractedDoc, NormalisedDoc, ParsedDoc, QualityDoc, SourceRecord } from '../types.ts';
import { describeError, UsageError } from '../util/errors.ts';
import { exists, readJson, writeJson } from '../util/fsx.ts';
import { EXIT } from './exit.ts';

// Each stage is imported when its command runs (see cli/run.ts).

type Step = (id: string, dirs: DataDirs, ctx: CliContext) => Promise<void>;

/** The artefact each stage reads, and the stage that writes it. */
const NEEDS: Record<string, [keyof typeof ARTEFACT, string]> = {
  extract: ['source', 'fetch'],
  parse: ['pages', 'extract'],
  normalise: ['tables', 'parse'],
  validate: ['facts', 'normalise'],
  load: ['quality', 'validate'],
};

/**
 * The reports a stage works on. Named ones must exist and have the stage's input (else a usage
 * error that says which stage to run first); with none named, every staged report that has it,
 * so `parse && normalise && validate && load` goes on past a report that failed earlier.
 */
async function reportsFor(stage: string, ids: string[], dirs: DataDirs, ctx: CliContext): Promise<string[]> {
  const [input, before] = NEEDS[stage]!;
  const staged = await stagedIds(dirs);
  if (ids.length) {
    const unknown = ids.filter((id) => !staged.includes(id));
    if (unknown.length) {
      throw new UsageError(`unknown report id ${unknown.join(', ')}: no ${join(dirs.staged, unknown[0]!)}/ (fetch or run it first; \`ls ${dirs.staged}\` lists the staged reports)`);
    }
    for (const id of ids) {
      if (!(await exists(stagedFile(dirs, id, input)))) {
        throw new UsageError(`report ${id} has no ${ARTEFACT[input]} yet (its ${before} stage failed or never ran): run \`juesuan ${before} ${id}\` first`);
      }
    }
    return ids;
  }
  const ready: string[] = [];
  for (const id of staged) {
    if (await exists(stagedFile(dirs, id, input))) ready.push(id);
    else ctx.log.info(`${stage} ${id}: skipped, no ${ARTEFACT[input]} (its ${before} stage failed or never ran)`);
  }
  return ready;
}

const STEPS: Record<string, [string, Step]> = {
  extract: ['raw/ → staged/<id>/pages.json (text layer; no OCR in this command)', async (id, dirs, ctx) => {
    const { extract } = await import('../extract/index.ts');
    const rec = await readJson<SourceRecord>(stagedFile(dirs, id, 'source'));
    await writeJson(stagedFile(dirs, id, 'pages'), await extract(rec, dirs, { log: ctx.log, ocr: null }));
  }],
  parse: ['pages.json → tables.json', async (id, dirs) => {
    const { parse } = await import('../parse/index.ts');
    const { validationJudge } = await import('../validate/judge.ts');
    const rec = await readJson<SourceRecord>(stagedFile(dirs, id, 'source'));
    const pages = await readJson<ExtractedDoc>(stagedFile(dirs, id, 'pages'));
    await writeJson(stagedFile(dirs, id, 'tables'), parse(pages, { judge: validationJudge(rec, pages) }));
  }],
  normalise: ['tables.json → facts.json, cells.json', async (id, dirs) => {
    const { normalise, reportCells } = await import('../normalise/index.ts');
    const rec = await readJson<SourceRecord>(stagedFile(dirs, id, 'source'));
    const pages = await readJson<ExtractedDoc>(stagedFile(dirs, id, 'pages'));
    const parsed = await readJson<ParsedDoc>(stagedFile(dirs, id, 'tables'));
    const doc = normalise(parsed, rec, { pages: pages.pages.length, ocr_pages: pages.ocr_pages.length });
    const cells = reportCells(parsed, doc);
    await writeJson(stagedFile(dirs, id, 'facts'), doc);
    await writeJson(stagedFile(dirs, id, 'cells'), cells);
  }],
  validate: ['facts.json → quality.json', async (id, dirs) => {
    const { extraFrom, validate } = await import('../validate/index.ts');
    const doc = await readJson<NormalisedDoc>(stagedFile(dirs, id, 'facts'));
    const parsed = await readJson<ParsedDoc>(stagedFile(dirs, id, 'tables'));
    const q = validate(doc, extraFrom(parsed));
    await writeJson(stagedFile(dirs, id, 'quality'), q);
    await writeJson(stagedFile(dirs, id, 'facts'), doc); // OCR repairs, if any, changed it
  }],
};

export function register(program: Command, ctx: CliContext): void {
  for (const [name, [what, step]] of Object.entries(STEPS)) {
    program
      .command(name)
      .description(`run one stage: ${what}`)
      .argument('[report_ids...]', 'reports to process (default: every report in staged/)')
      .option('--data-dir <dir>', 'folder for raw/, staged/ and output/', PROJECT_ROOT)
      .action(async (ids: string[], o: { dataDir: string }) => {
        const dirs = dataDirs(o.dataDir);
        for (const id of await reportsFor(name, ids, dirs, ctx)) {
          try {
            await step(id, dirs, ctx);
            ctx.log.info(`${name} ${id}: done`);
          } catch (err) {
            ctx.log.error(`${name} ${id}: ${describeError(err).message}`);
            ctx.setExit(EXIT.reportsFailed);
          }
        }
      });
  }
  program
    .command('load')
    .description('run one stage: facts.json + cells.json + quality.json → DuckDB, CSV, Parquet, quality logs')
    .argument('[report_ids...]', 'reports to load (default: every validated report in staged/)')
    .option('--data-dir <dir>', 'folder for raw/, staged/ and output/', PROJECT_ROOT)
    .action(async (ids: string[], o: { dataDir: string }) => {
      const { exportTables, loadReport, openDb, writeQualityFiles, writeQualityIndex } = await import('../load/index.ts');
      const { qualityJson, renderQualityMarkdown } = await import('../validate/index.ts');
      const dirs = dataDirs(o.dataDir);
      const todo = await reportsFor('load', ids, dirs, ctx);
      const db = await openDb(dirs, { log: ctx.log });
      const runId = `load-${Date.now()}`;
      try {
        for (const id of todo) {
          try {
            const doc = await readJson<NormalisedDoc>(stagedFile(dirs, id, 'facts'));
            const q = await readJson<QualityDoc>(stagedFile(dirs, id, 'quality'));
            // Reports staged before the cells layer have no cells.json: they load without cells.
            const cells = (await exists(stagedFile(dirs, id, 'cells'))) ? (await readJson<CellsDoc>(stagedFile(dirs, id, 'cells'))).cells : [];
            await loadReport(db, dirs, doc, q, runId, cells, () => writeQualityFiles(dirs, id, qualityJson(doc, q), renderQualityMarkdown(doc, q)));
            ctx.log.info(`load ${id}: ${doc.facts.length} facts`);
          } catch (err) {
            ctx.log.error(`load ${id}: ${describeError(err).message}`);
            ctx.setExit(EXIT.reportsFailed);
          }
        }
        await exportTables(db, dirs);
        await writeQualityIndex(db, dirs);
      } finally {
        db.close();
      }
    });
}

async function stagedIds(dirs: DataDirs): Promise<string[]> {
  const entries = await readdir(dirs.staged, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name)).map((e) => e.name).sort();
}

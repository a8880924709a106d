/**
 * `juesuan remove REPORT_ID... [--data-dir DIR]`: take reports out of the database with their
 * staged artefacts, raw bytes and quality logs (a report published by mistake, a withdrawn
 * document). The next release's CHANGELOG lists them as removed. A source still listed in the
 * manifest comes back on the next run: take it out of the manifest too.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../util/errors.ts';
import { dataDirs, PROJECT_ROOT } from '../paths.ts';
import { out } from './output.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('remove')
    .description('take reports out of the database, with their staged files, raw bytes and quality logs')
    .argument('<report_ids...>', 'ids of the reports to remove (reports.report_id)')
    .option('--data-dir <dir>', 'folder for raw/, staged/ and output/', PROJECT_ROOT)
    .action(async (ids: string[], o: { dataDir: string }) => {
      const { DB_FILE, exportTables, openDb, removeReports, writeQualityIndex } = await import('../load/index.ts');
      const dirs = dataDirs(o.dataDir);
      if (!existsSync(join(dirs.output, DB_FILE))) throw new UsageError(`no database at ${join(dirs.output, DB_FILE)}: nothing to remove (check --data-dir)`);
      const db = await openDb(dirs, { log: ctx.log });
      try {
        const removed = await removeReports(db, dirs, [...new Set(ids)]);
        await exportTables(db, dirs);
        await writeQualityIndex(db, dirs);
        for (const r of removed) out(`removed  ${r.report_id}  ${[r.department, r.fiscal_year].filter(Boolean).join(' ')}`);
      } finally {
        db.close();
      }
    });
}

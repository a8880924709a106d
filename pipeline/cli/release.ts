/**
 * `juesuan release [--version V] [--previous P] [--data-dir DIR] [--no-pages]`: cut a versioned release
 * folder output/releases/V/ from the database (see docs/release.md). Prints the folder on stdout.
 * `--tag V` is accepted as a synonym. (The pipeline's own version is `juesuan --version` with
 * no command; cli.ts answers that before commander sees it.)
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli.ts';
import { dataDirs } from '../paths.ts';
import { defaultVersion } from '../release/version.ts';
import type { Logger } from '../util/log.ts';
import { EXIT, reportFatal } from './exit.ts';
import { out } from './output.ts';

export interface ReleaseFlags {
  tag?: string;
  version?: string;
  previous?: string;
  dataDir?: string;
  /** false with --no-pages: the explorer leaves the source page images out. */
  pages?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('release')
    .description('write a versioned release (CSV, Excel CSV, Parquet, datapackage.json, HTML overview, SHA256SUMS) to output/releases/<version>/')
    .option('--version <version>', `release version, also the folder name (default: today's date, e.g. ${defaultVersion()})`)
    .option('--tag <version>', 'synonym of --version')
    .option('--previous <version>', 'release to compare with in CHANGELOG.md (default: the newest earlier one)')
    .option('--data-dir <dir>', 'holds output/juesuan.duckdb (default: the project root)')
    .option('--no-pages', 'leave the source page images out of the explorer (≈ 35 KB per table page; numbers then open only their page number)')
    .action(async (flags: ReleaseFlags) => {
      ctx.setExit(await releaseCommand(flags, ctx.log));
    });
}

/** The command's work, as a function the tests call; returns the exit code. */
export async function releaseCommand(flags: ReleaseFlags, log: Logger): Promise<number> {
  const { buildRelease } = await import('../release/index.ts');
  try {
    const { dir } = await buildRelease(dataDirs(flags.dataDir), { version: flags.version ?? flags.tag ?? defaultVersion(), previous: flags.previous, pages: flags.pages !== false, log });
    out(dir);
    return EXIT.ok;
  } catch (err) {
    // A busy database is 75 (retry later), a bad version or --previous 2: the policy is in exit.ts.
    return reportFatal(err, log);
  }
}

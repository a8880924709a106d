/**
 * `juesuan` command line: a thin shell over the stage functions. Each command lives in
 * `cli/<name>.ts` and registers itself on the program; everything a command does can be done
 * from code (and is, in the tests).
 */
import { Command } from 'commander';
import { EXIT, reportFatal } from './cli/exit.ts';
import { stderrLogger } from './cli/output.ts';
import { PIPELINE_VERSION } from './paths.ts';
import type { Logger } from './util/log.ts';
import * as runCmd from './cli/run.ts';
import * as stageCmds from './cli/stages.ts';
import * as fetchCmd from './cli/fetch.ts';
import * as releaseCmd from './cli/release.ts';
import * as removeCmd from './cli/remove.ts';

/** What every command gets: the logger and a way to report its exit code. */
export interface CliContext {
  log: Logger;
  setExit(code: number): void;
}

export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

const COMMANDS: CommandModule[] = [runCmd, stageCmds, fetchCmd, releaseCmd, removeCmd];

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  // Answered here rather than by commander, whose root --version would also swallow
  // `release --version V`.
  const rest = argv.slice(2);
  if (rest.length === 1 && (rest[0] === '--version' || rest[0] === '-V')) {
    process.stdout.write(`${PIPELINE_VERSION}\n`);
    return EXIT.ok;
  }
  const program = new Command('juesuan')
    .description('Turn published 部门决算 reports (PDF, HTML, text) into long-format facts in DuckDB, CSV and Parquet.')
    .option('-q, --quiet', 'print only warnings, errors and the summary')
    .addHelpText('after', `\nVersion: juesuan ${PIPELINE_VERSION} (juesuan --version). Docs: README.md, docs/.`)
    .exitOverride()
    .showHelpAfterError();
  const ctx: CliContext = {
    log: stderrLogger({ quiet: argv.includes('-q') || argv.includes('--quiet') }),
    setExit: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  for (const cmd of COMMANDS) cmd.register(program, ctx);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // The exit-code policy lives in cli/exit.ts; commands throw, this maps.
    return reportFatal(err, ctx.log);
  }
  return exitCode;
}

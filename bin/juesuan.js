#!/usr/bin/env node
// Entry point. Runs the compiled build in dist/ (npm run build; npm ci builds it) when it is
// up to date; when any file under pipeline/ is newer than the build (a developer edited the
// sources, or dist/ was never built) it runs the TypeScript sources through tsx instead, so an
// old build never runs in place of new code. JUESUAN_TS=1 forces the sources.
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './fresh.js';

// `juesuan … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const forceSources = process.env.JUESUAN_TS === '1';
let main;
if (!forceSources && buildIsFresh(fileURLToPath(new URL('..', import.meta.url)))) ({ main } = await import('../dist/pipeline/cli.js'));
else {
  if (process.stderr.isTTY && !forceSources) {
    process.stderr.write('note: dist/ is missing or older than pipeline/: running the sources via tsx (slower start; npm run build)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli.ts'));
}
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// Entry point. Runs the compiled build in dist/ (npm run build; npm ci builds it) when it is
// up to date; when any file under pipeline/ is newer than the build (a developer edited the
// sources, or dist/ was never built) it runs the TypeScript sources through tsx instead, so an
// old build never runs in place of new code. JUESUAN_TS=1 forces the sources.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// `juesuan … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

/** Newest modification time of the files under dir (ms). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function buildIsFresh() {
  if (process.env.JUESUAN_TS === '1') return false;
  try {
    return statSync(`${ROOT}dist/BUILD-STAMP`).mtimeMs >= newest(`${ROOT}pipeline`);
  } catch {
    return false; // no build
  }
}

let main;
if (buildIsFresh()) ({ main } = await import('../dist/pipeline/cli.js'));
else {
  if (process.stderr.isTTY && process.env.JUESUAN_TS !== '1') {
    process.stderr.write('note: dist/ is missing or older than pipeline/: running the sources via tsx (slower start; npm run build)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli.ts'));
}
process.exitCode = await main(process.argv);

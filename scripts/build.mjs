#!/usr/bin/env node
/**
 * The build: pipeline/ compiled to JavaScript in dist/ (tsconfig.build.json), the files the
 * code reads next to itself (schema.sql, reference CSVs, the worker bootstrap) copied along,
 * and dist/BUILD-STAMP written last. Built in dist.tmp/ and renamed, so an interrupted build
 * never leaves a half-written dist/. Run by `npm ci`/`npm install` (prepare) and `npm run build`.
 *
 * bin/juesuan.js runs dist/ only when the stamp is newer than every file under pipeline/;
 * otherwise it runs the sources through tsx (see bin/juesuan.js).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from '../bin/fresh.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const TMP = join(ROOT, 'dist.tmp');
const SRC = join(ROOT, 'pipeline');

// `--if-stale` (npm test): nothing to do when dist/ is newer than every source.
if (process.argv.includes('--if-stale') && buildIsFresh(ROOT)) process.exit(0);

rmSync(TMP, { recursive: true, force: true });
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies: no build; bin/juesuan.js runs the sources via tsx.
  console.error('note: typescript is not installed (npm install --omit=dev?): dist/ not built; juesuan runs its sources via tsx');
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', TMP], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(TMP, { recursive: true, force: true });
  console.error('build failed: fix the type errors above (npm run typecheck), then npm run build');
  process.exit(r.status ?? 1);
}

/** Every non-TypeScript file under pipeline/ is read at run time next to its module: copy it. */
function copyAssets(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) copyAssets(p);
    else if (!e.name.endsWith('.ts')) cpSync(p, join(TMP, 'pipeline', relative(SRC, p)));
  }
}
copyAssets(SRC);
writeFileSync(join(TMP, 'BUILD-STAMP'), `${new Date().toISOString()}\n`);
rmSync(DIST, { recursive: true, force: true });
renameSync(TMP, DIST);

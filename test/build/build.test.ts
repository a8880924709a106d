/**
 * The build and the entry point: bin/juesuan.js runs dist/ only when it is newer than every
 * source file (else the sources via tsx), `--help`/`--version` load no pdf.js, DuckDB or
 * tesseract, and the worker threads start from dist/ as well as from the sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractLayer } from '../../pipeline/extract/index.ts';
import type { SourceRecord } from '../../pipeline/types.ts';
import { removeTemps, tempDir } from '../helpers/cli.ts';
import { ROOT } from '../helpers/pages.ts';
// @ts-expect-error plain JavaScript without declarations (it runs before any build)
import { buildIsFresh } from '../../bin/fresh.js';

const node = (args: string[], cwd = ROOT) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', JUESUAN_TS: '' } });

const distIsFresh = () => buildIsFresh(ROOT);

describe('bin/juesuan.js', () => {
  afterAll(removeTemps);

  it('runs dist/ when it is up to date, the sources when any of them is newer or dist/ is missing', () => {
    // A miniature project: the real bin, a "build" and "sources" that say which one ran.
    const dir = tempDir('juesuan-bin-');
    mkdirSync(join(dir, 'bin'));
    for (const f of ['juesuan.js', 'fresh.js']) cpSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    mkdirSync(join(dir, 'pipeline/sub'), { recursive: true });
    writeFileSync(join(dir, 'pipeline/cli.ts'), `export async function main(): Promise<number> { process.stdout.write('sources'); return 0; }`);
    writeFileSync(join(dir, 'pipeline/sub/data.csv'), 'a\n');
    const which = () => node([join(dir, 'bin/juesuan.js')], dir).stdout;
    expect(which()).toBe('sources'); // no build
    mkdirSync(join(dir, 'dist/pipeline'), { recursive: true });
    writeFileSync(join(dir, 'dist/pipeline/cli.js'), `export async function main() { process.stdout.write('dist'); return 0; }`);
    writeFileSync(join(dir, 'dist/BUILD-STAMP'), 'now\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'dist/BUILD-STAMP'), later, later);
    expect(which()).toBe('dist');
    // An edited file deep in pipeline/ (not only .ts: data files are built too) makes dist stale.
    const edit = new Date(Date.now() + 120_000);
    utimesSync(join(dir, 'pipeline/sub/data.csv'), edit, edit);
    expect(which()).toBe('sources');
  });

  it('answers --version and --help (also of a command) without loading pdf.js, DuckDB or tesseract', () => {
    const hook = join(ROOT, 'test/build/forbid-heavy.mjs');
    // The hook works: loading pdf.js under it fails.
    expect(node(['--import', hook, '--input-type=module', '-e', `await import('pdfjs-dist/legacy/build/pdf.mjs')`]).status).not.toBe(0);
    const version = node(['--import', hook, 'bin/juesuan.js', '--version']);
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const args of [['--help'], ['run', '--help'], ['release', '--help']]) {
      const r = node(['--import', hook, 'bin/juesuan.js', ...args]);
      expect(r.stderr, args.join(' ')).not.toMatch(/heavy module/);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: juesuan/);
    }
  });

  it.skipIf(!distIsFresh())('starts extraction threads from dist/ with the same result as the sources (needs npm run build)', async () => {
    const { ExtractThreads } = (await import(join(ROOT, 'dist/pipeline/extract/threads.js'))) as typeof import('../../pipeline/extract/threads.ts');
    // A small table report of our own (19 pages): the point is the thread's boot from dist/.
    const pdf = join(ROOT, 'test/fixtures/variants/000-lo-tightpad.pdf');
    const bytes = new Uint8Array(readFileSync(pdf));
    const rec: SourceRecord = { report_id: 'tightpad', source_url: pdf, source_sha256: '', file_name: 'tightpad.pdf', raw_path: pdf, kind: 'pdf', bytes: bytes.length };
    const threads = new ExtractThreads(1, { info() {}, warn: (m: string) => { throw new Error(m); }, error() {}, progress() {} });
    try {
      const threaded = await threads.extractLayer(rec, bytes);
      expect(threaded.pages).toHaveLength(19);
      expect(threaded.pages.some((p) => p.rules.length > 0)).toBe(true);
      expect(threaded).toEqual(await extractLayer(rec, bytes));
    } finally {
      await threads.close();
    }
  });
});

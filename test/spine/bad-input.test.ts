/**
 * Bad inputs: each ends with that report failed (a row in reports.csv, a clear message in
 * quality.csv and on stdout), the good report beside it is still loaded, and the run exits 3.
 * One run holds them all; the small PDFs in test/fixtures/spine/bad/ are made by make.py there.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, outputCsv, removeTemps, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { SAMPLES } from '../helpers/pages.ts';

const BAD = fileURLToPath(new URL('../fixtures/spine/bad/', import.meta.url));

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Deterministic "random" bytes (a SHA-256 chain), so the report id is the same every run. */
function noise(n: number): Buffer {
  const out: Buffer[] = [];
  let block = createHash('sha256').update('juesuan spine noise').digest();
  for (let len = 0; len < n; len += block.length) {
    out.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(out).subarray(0, n);
}

const ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL /2024/jsbg.pdf was not found on this server.</p></body></html>
`;

interface Case {
  kind: string;
  /** A file made in the run's temp folder, or one of the committed fixtures in BAD. */
  file: { temp: string } | { fixture: string };
  /** What the message must say (reports failed on stdout, and in quality.csv when it has a row). */
  message: RegExp;
  /** Whether the pipeline records the file in reports.csv today. */
  recorded: boolean;
}

const CASES: Case[] = [
  { kind: 'not a PDF (random bytes named .pdf)', file: { temp: 'random.pdf' }, message: /not a PDF, HTML or text file/, recorded: true },
  { kind: 'an HTML error page named .pdf', file: { temp: 'error-page.pdf' }, message: /no standard table \(公开01–09表\)/, recorded: true },
  { kind: 'a truncated PDF (first 40 % of the bytes)', file: { temp: 'truncated.pdf' }, message: /not a valid PDF.*corrupt or truncated/, recorded: true },
  { kind: 'an encrypted PDF', file: { fixture: 'encrypted.pdf' }, message: /encrypted with a password/, recorded: true },
  { kind: 'a zero-byte file', file: { temp: 'empty.pdf' }, message: /the file is empty \(0 bytes\)/, recorded: true },
  { kind: 'a PDF with no tables (a cover page)', file: { fixture: 'cover-only.pdf' }, message: /no standard table \(公开01–09表\)/, recorded: true },
];

afterAll(removeTemps);

describe('bad inputs beside a good report', () => {
  let dir: string;
  let inputs: string;
  let run: CliResult;
  const pathOf = (c: Case) => ('temp' in c.file ? join(inputs, c.file.temp) : join(BAD, c.file.fixture));
  const missing = () => join(inputs, 'does-not-exist.pdf');
  const good = () => join(inputs, 'liaocheng-ybj-2024.pdf');

  beforeAll(async () => {
    dir = tempDir();
    inputs = join(dir, 'inputs');
    mkdirSync(inputs, { recursive: true });
    writeFileSync(join(inputs, 'random.pdf'), noise(5000));
    writeFileSync(join(inputs, 'error-page.pdf'), ERROR_PAGE);
    const pdf = readFileSync(SAMPLES.jdz);
    writeFileSync(join(inputs, 'truncated.pdf'), pdf.subarray(0, Math.floor(pdf.length * 0.4)));
    writeFileSync(join(inputs, 'empty.pdf'), '');
    copyFileSync(SAMPLES.lc, good());
    run = await runCli(['run', ...CASES.map(pathOf), good(), '--data-dir', dir]);
  });
  const idOf = (file: string) => sha256(readFileSync(file)).slice(0, 16);
  const reportRow = (file: string) => outputCsv(dir, 'reports').find((r) => r.source_sha256 === sha256(readFileSync(file)));

  it('exits 3 (finished with failed reports) and says how many failed', () => {
    expect(run.code, describeRun(run)).toBe(3);
    expect(run.stdout).toMatch(/: 7 processed \(1 ok, 0 partial, 6 failed\), 0 unchanged, \d+ facts/);
  });

  it('still loads the good report', () => {
    const row = reportRow(good());
    expect(row).toMatchObject({ status: 'ok', department: '聊城市医疗保障局', n_errors: '0' });
    const facts = outputCsv(dir, 'facts').filter((f) => f.report_id === row!.report_id);
    expect(facts.length).toBe(Number(row!.n_facts));
    expect(facts.length).toBeGreaterThan(200);
  });

  it.each(CASES.map((c) => [c.kind, c] as const))('%s: fails with a clear message on stdout', (_kind, c) => {
    const line = run.stdout.split('\n').find((l) => l.startsWith(`  failed: ${pathOf(c)}:`));
    expect(line, describeRun(run)).toBeDefined();
    expect(line).toMatch(c.message);
  });

  it.each(CASES.filter((c) => c.recorded).map((c) => [c.kind, c] as const))('%s: failed in reports.csv, the reason in quality.csv', (_kind, c) => {
    const row = reportRow(pathOf(c));
    expect(row).toMatchObject({ report_id: idOf(pathOf(c)), status: 'failed', n_facts: '0' });
    expect(Number(row!.n_errors)).toBeGreaterThan(0);
    const errors = outputCsv(dir, 'quality').filter((q) => q.report_id === row!.report_id && q.severity === 'error');
    expect(errors.map((q) => q.message).join('\n')).toMatch(c.message);
    expect(outputCsv(dir, 'facts').filter((f) => f.report_id === row!.report_id)).toEqual([]);
    const md = readFileSync(join(dir, 'output/quality', `${row!.report_id}.md`), 'utf8');
    expect(md).toMatch(/failed/);
  });

  // A missing path on the command line is a usage error (exit 2) before anything runs: test/ops/exit-codes.test.ts.

  it('the HTML error page is sniffed as HTML, not read as a PDF', () => {
    const row = reportRow(join(inputs, 'error-page.pdf'));
    expect(row!.pages).toBe('1');
    const quality = outputCsv(dir, 'quality').filter((q) => q.report_id === row!.report_id);
    expect(quality.map((q) => q.check_id)).toContain('tables.none');
    expect(quality.map((q) => q.message).join('\n')).not.toMatch(/not a valid PDF|encrypted/);
  });
});

describe('command line usage', () => {
  it('--help exits 0 and prints the usage', async () => {
    const r = await runCli(['--help']);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toMatch(/^Usage: juesuan /m);
    expect(r.stdout).toMatch(/\brun\b/);
  });

  it('run --help exits 0 and lists its options', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toMatch(/^Usage: juesuan run /m);
    for (const opt of ['--data-dir', '--force', '--no-ocr']) expect(r.stdout).toContain(opt);
  });

  it('an unknown option exits 2 and names the option', async () => {
    const dir = tempDir();
    const r = await runCli(['run', SAMPLES.lc, '--bogus-option', '--data-dir', dir]);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus-option'/);
  });
});

/**
 * Issue 13, item 6: a release publishes only what is publishable. Before, failed inputs went
 * into reports.csv, the CHANGELOG ("added") and the HTML overview, and source_url showed local
 * absolute paths. Also: `juesuan remove` and its CHANGELOG entry, `.tmp` folders of killed
 * releases, and the department without its scope suffix.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from '../helpers/cli.ts';
import { readCsv } from '../helpers/score.ts';
import { cli, writeReport } from './helpers.ts';

let dir: string;
let inputs: string;
const rel = (v: string, f = '') => join(dir, 'output/releases', v, f);

beforeAll(async () => {
  dir = tempDir('juesuan-publish-');
  inputs = join(dir, 'inputs');
  mkdirSync(inputs);
  writeReport(inputs, 'good.txt', { department: '聊城市医疗保障局（汇总）' });
  writeReport(inputs, 'other.txt', { department: '景德镇市医疗保障局', income: '12.00' });
  writeFileSync(join(inputs, 'garbage.pdf'), Buffer.alloc(3000, 7));
  expect((await cli(['run', inputs, '--data-dir', dir])).code).toBe(3);
  // A killed release left its temp folder (a PID that cannot be running).
  mkdirSync(rel('.v0.tmp-999999999'), { recursive: true });
  const r = await cli(['release', '--version', 'v1', '--data-dir', dir]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(removeTemps);

describe('release v1', () => {
  it('lists failed sources in failures.csv only, never in reports.csv, the CHANGELOG or the overview', () => {
    const reports = readCsv(rel('v1', 'csv/reports.csv'));
    expect(reports.map((r) => r.file_name).sort()).toEqual(['good.txt', 'other.txt']);
    const failures = readCsv(rel('v1', 'failures.csv'));
    expect(failures).toEqual([expect.objectContaining({ file_name: 'garbage.pdf', source_url: 'garbage.pdf', message: expect.stringMatching(/not a PDF, HTML or text file/) })]);
    expect(readFileSync(rel('v1', 'CHANGELOG.md'), 'utf8')).toContain('It holds 2 reports');
    const html = readFileSync(rel('v1', 'index.html'), 'utf8');
    expect(html).not.toContain('garbage');
    expect(readdirSync(rel('v1', 'reports'))).toHaveLength(2);
    expect(readFileSync(rel('v1', 'SHA256SUMS'), 'utf8')).toContain('failures.csv');
  });

  it('gives the file name as source_url of a local source, never a local path', () => {
    const text = ['csv/reports.csv', 'datapackage.json', 'index.html', ...readdirSync(rel('v1', 'reports')).map((f) => `reports/${f}`)]
      .map((f) => readFileSync(rel('v1', f), 'utf8')).join('\n');
    expect(text).not.toContain(inputs);
    expect(readCsv(rel('v1', 'csv/reports.csv')).map((r) => r.source_url).sort()).toEqual(['good.txt', 'other.txt']);
  });

  it('keeps the scope out of the department name', () => {
    const good = readCsv(rel('v1', 'csv/reports.csv')).find((r) => r.file_name === 'good.txt')!;
    expect(good).toMatchObject({ department: '聊城市医疗保障局', scope: '汇总' });
  });

  it('removed the temp folder of a release that did not finish', () => {
    expect(readdirSync(join(dir, 'output/releases'))).toEqual(['v1']);
  });
});

describe('juesuan remove', () => {
  it('takes a report out with its files, and the next release lists the removal', async () => {
    const [other] = readCsv(rel('v1', 'csv/reports.csv')).filter((r) => r.file_name === 'other.txt');
    const id = other!.report_id!;
    expect(existsSync(join(dir, 'staged', id))).toBe(true);
    const r = await cli(['remove', id, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed  ${id}  景德镇市医疗保障局 2024`);
    expect(existsSync(join(dir, 'staged', id))).toBe(false);
    expect(existsSync(join(dir, 'output/quality', `${id}.md`))).toBe(false);
    expect(readdirSync(join(dir, 'raw')).filter((f) => f.startsWith(other!.source_sha256!))).toEqual([]);
    expect(readCsv(join(dir, 'output/csv/facts.csv')).filter((f) => f.report_id === id)).toEqual([]);
    expect((await cli(['release', '--version', 'v2', '--data-dir', dir])).code).toBe(0);
    const log = readFileSync(rel('v2', 'CHANGELOG.md'), 'utf8');
    expect(log).toMatch(/## Reports\n\n- added: 0\n- removed: 1\n/);
    expect(log).toContain(`| ${id} | 景德镇市医疗保障局 | 2024 |`);
  });
});

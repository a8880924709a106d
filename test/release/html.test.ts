import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../pipeline/release/checksums.ts';
import { buildRelease } from '../../pipeline/release/index.ts';
import { barChart, wan } from '../../pipeline/release/html.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { JDZ, makeFixtureDataDir, removeTempDirs, tempDir } from './fixture.ts';

/** Overridable so the skip path can be tried: CHROMIUM=/nonexistent npx vitest run test/release. */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Flags that let headless Chromium run as root in a container, offline and without leftovers. */
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-logging=stderr', '--v=0', '--window-size=1200,1600',
];

let release: string;
let pages: string[];

afterAll(() => removeTempDirs());

beforeAll(async () => {
  release = (await buildRelease(await makeFixtureDataDir(), { version: '2025.01.01', log: silentLogger })).dir;
  // The overview only; the explorer (explorer/, with its scripts) has its own tests.
  pages = (await listFiles(release)).filter((f) => f.endsWith('.html') && !f.startsWith('explorer/'));
});

/** Render a page to PNG; returns Chromium's console lines (`:CONSOLE` in its log). */
function render(file: string, png: string): string[] {
  const profile = tempDir('juesuan-chromium-');
  try {
    const r = spawnSync(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--screenshot=${png}`, `file://${file}`], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stderr.split('\n').filter((l) => l.includes(':CONSOLE'));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

describe('HTML overview', () => {
  it('has an index and one page per report', () => {
    expect(pages).toEqual(['index.html', 'reports/be32a92789564802.html', 'reports/f5f48a2a7dc4f914.html']);
  });

  it('uses no scripts or external assets, and every local link resolves', () => {
    for (const p of pages) {
      const html = readFileSync(join(release, p), 'utf8');
      expect(html, p).not.toMatch(/<script|<link|<iframe|@import/i);
      expect(html, p).not.toMatch(/\ssrc="https?:/i);
      for (const [, href] of html.matchAll(/href="([^"#]+)(?:#[^"]*)?"/g)) {
        if (/^https?:/.test(href!)) continue;
        expect(existsSync(resolve(dirname(join(release, p)), href!)), `${p} → ${href}`).toBe(true);
      }
    }
  });

  it('shows coverage, quality and per-report source pages and findings', () => {
    const index = readFileSync(join(release, 'index.html'), 'utf8');
    for (const s of ['江西省', '山东省', '2024', 'table.missing', `reports/${JDZ}.html`]) expect(index).toContain(s);
    const report = readFileSync(join(release, `reports/${JDZ}.html`), 'utf8');
    expect(report).toContain('href="https://example.org/juesuan/jingdezhen-ybj-2024.pdf#page=6"');
    expect(report).toContain('was not found; the report may print it as prose.');
    expect(report).toContain('940.49'); // 本年支出合计 in 万元
    expect(report.match(/<rect /g)).toHaveLength(6); // 3 类 × (基本, 项目)
  });

  it('links the data files and the explorer, explains check ids in Chinese, Chinese headings, money in 万元 only', () => {
    const index = readFileSync(join(release, 'index.html'), 'utf8');
    for (const f of ['csv/facts.csv', 'parquet/', 'datapackage.json', 'SHA256SUMS', 'README.md', 'explorer/index.html']) expect(index).toContain(`href="${f}"`);
    expect(index).toContain('缺表'); // table.missing, explained
    const report = readFileSync(join(release, `reports/${JDZ}.html`), 'utf8');
    expect(report).toContain('上下级科目合计'); // sum.children, explained
    expect(report).toContain(`href="../explorer/reports/${JDZ}.html"`);
    for (const html of [index, report]) {
      expect(html).not.toMatch(/<h[1-3][^>]*>\s*[A-Za-z]/); // headings start in Chinese
      expect(html).not.toMatch(/（元）|\(元\)/); // one unit on the page: 万元
    }
  });

  it('formats 万元 exactly and scales bars to the largest', () => {
    expect(wan('123456789012345678.99')).toBe('12,345,678,901,234.57');
    expect(wan(null)).toBe('');
    const svg = barChart('t', [
      { label: 'a', total: '200.00', parts: [{ name: 'x', value: '200.00', colour: '#000' }] },
      { label: 'b', total: '100.00', parts: [{ name: 'x', value: '100.00', colour: '#000' }] },
    ]);
    expect([...svg.matchAll(/width="([\d.]+)" height="18"/g)].map((m) => m[1])).toEqual(['420.0', '210.0']);
  });

  it.skipIf(!HAS_CHROMIUM)(
    HAS_CHROMIUM
      ? 'renders in headless Chromium without console messages (screenshots)'
      : `renders in headless Chromium — SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium to run it)`,
    () => {
      const shots = tempDir('juesuan-shots-');
      // Control: a page that does log an error must be caught, or the check below proves nothing.
      const bad = join(shots, 'bad.html');
      writeFileSync(bad, '<!DOCTYPE html><html><body><script>console.error("boom")</script></body></html>');
      expect(render(bad, join(shots, 'bad.png')).join('\n')).toContain('boom');
      for (const p of ['index.html', `reports/${JDZ}.html`]) {
        const png = join(shots, p.replaceAll('/', '_') + '.png');
        expect(render(join(release, p), png), p).toEqual([]);
        expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(statSync(png).size, `${p}: screenshot looks blank`).toBeGreaterThan(20_000);
      }
    },
  );
});

/**
 * The release explorer without a browser: what it writes, that every link and image resolves
 * inside the release, that findings are marked and explained, the page images, --no-pages.
 * (test/release/explorer-browser.test.ts clicks through it in Chromium.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../pipeline/release/checksums.ts';
import { CHECKS, explainCheck } from '../../pipeline/release/explorer/checks.ts';
import { historySection, type HistoryPoint } from '../../pipeline/release/explorer/history.ts';
import { encodeGrayPng } from '../../pipeline/release/explorer/png.ts';
import { openDb } from '../../pipeline/load/db.ts';
import { buildRelease } from '../../pipeline/release/index.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { JDZ, LC, makeFixtureDataDir, removeTempDirs } from './fixture.ts';

let release: string;
let files: string[];

beforeAll(async () => {
  release = (await buildRelease(await makeFixtureDataDir({ sources: true }), { version: '2025.01.01', log: silentLogger })).dir;
  files = await listFiles(release);
});
afterAll(() => removeTempDirs());

const read = (rel: string) => readFileSync(join(release, rel), 'utf8');

describe('release explorer', () => {
  it('writes an index, a page per report, its assets, per-report CSVs and the table pages as images', () => {
    const explorer = files.filter((f) => f.startsWith('explorer/') && !f.includes('/pages/'));
    expect(explorer).toEqual([
      `explorer/data/${LC}.facts.csv`, `explorer/data/${LC}.quality.csv`, `explorer/data/${JDZ}.facts.csv`, `explorer/data/${JDZ}.quality.csv`,
      'explorer/explorer.css', 'explorer/index.html', 'explorer/index.js', 'explorer/report.js',
      `explorer/reports/${LC}.html`, `explorer/reports/${JDZ}.html`, 'explorer/screenshot.png',
    ]);
    // The README shows the screenshot it ships.
    expect(read('README.md')).toContain('](explorer/screenshot.png)');
    // The pages of the fixture's JDZ tables with facts (test/fixtures/release/000-v1.meta.json; 07 and 08 are empty).
    expect(files.filter((f) => f.startsWith(`explorer/pages/${JDZ}/`))).toEqual([4, 5, 6, 7, 9, 10, 13].map((p) => `explorer/pages/${JDZ}/p${String(p).padStart(3, '0')}.png`));
    expect(read(`explorer/data/${JDZ}.facts.csv`).trim().split('\n').slice(1).every((l) => l.startsWith(`${JDZ},`))).toBe(true);
  });

  it('loads nothing from outside the release, and every local link and image resolves', () => {
    for (const p of files.filter((f) => f.startsWith('explorer/') && f.endsWith('.html'))) {
      const html = read(p);
      expect(html, p).not.toMatch(/(src|href)="(https?:)?\/\/(?!example\.org)/i);
      for (const [, url] of html.matchAll(/(?:href|src)="([^"#]+)(?:#[^"]*)?"/g)) {
        if (/^https?:/.test(url!)) continue;
        expect(existsSync(resolve(dirname(join(release, p)), url!)), `${p} → ${url}`).toBe(true);
      }
      const images = JSON.parse(html.match(/<script type="application\/json" id="page-images">(.*?)<\/script>/)?.[1] ?? '{}') as Record<string, { src: string }>;
      for (const img of Object.values(images)) expect(existsSync(resolve(dirname(join(release, p)), img.src)), img.src).toBe(true);
    }
  });

  it('lists reports with filter attributes and Chinese field labels over the dictionary names', () => {
    const index = read('explorer/index.html');
    expect(index).toContain(`data-province="江西省" data-city="景德镇市" data-fiscal-year="2024" data-report-kind="决算" data-status="partial"`);
    expect(index).toContain('部门<small>department</small>');
    for (const f of ['../README.md', '../csv/facts.csv', '../parquet/', '../datapackage.json', '../SHA256SUMS']) expect(index).toContain(`href="${f}"`);
  });

  it('rebuilds the tables with each number as printed, its 元, page and source page image', () => {
    const page = read(`explorer/reports/${JDZ}.html`);
    const cell = page.match(/<td [^>]*data-what="03 支出决算表 · 210 卫生健康支出 · 本年支出合计"[^>]*>([^<]*)<\/td>/);
    expect(cell?.[1]).toBe('812.03');
    expect(cell?.[0]).toContain('data-page="6"');
    expect(cell?.[0]).toContain('data-yuan="8,120,300.00 元"');
    expect(page).toContain(`"6":{"src":"../pages/${JDZ}/p006.png"`);
  });

  it('marks a finding on its cell and explains every check in plain Chinese', () => {
    const page = read(`explorer/reports/${JDZ}.html`);
    // sum.children on 03 / 210 / 本年支出合计 (fixture.ts)
    const cell = page.match(/<td [^>]*data-what="03 支出决算表 · 210 卫生健康支出 · 本年支出合计"[^>]*>/)?.[0];
    expect(cell).toContain('mark-warning');
    expect(cell).toContain('上下级科目合计');
    expect(page).toContain(CHECKS['table.missing']!.meaning);
    for (const [id, text] of Object.entries(CHECKS)) expect(text.meaning, id).toMatch(/[\u4e00-\u9fff]/);
    expect(explainCheck('no.such_check').title).toBe('no.such_check');
  });

  it('explains every check of the catalogue in docs/quality.md', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/quality.md', import.meta.url)), 'utf8');
    const ids = [...doc.matchAll(/^\| `([a-zA-Z0-9_.]+)` \| (?:error|warning|info)/gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(15);
    expect(ids.filter((id) => !CHECKS[id]), 'add their plain-Chinese meaning to pipeline/release/explorer/checks.ts').toEqual([]);
  });

  it('charts a department across years and kinds, linking each bar to its report', () => {
    const points: HistoryPoint[] = [
      { report_id: 'a', fiscal_year: 2023, report_kind: '决算', measure: '支出合计', yuan: '9000000.00' },
      { report_id: 'b', fiscal_year: 2024, report_kind: '预算', measure: '支出合计', yuan: '10000000.00' },
      { report_id: 'c', fiscal_year: 2024, report_kind: '决算', measure: '支出合计', yuan: '9404900.00' },
    ];
    const svg = historySection(points, (id) => `${id}.html`, 'c');
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('<a href="b.html">');
    expect(svg).toContain('2024 预算 支出合计：1,000.00 万元');
    expect(svg).toMatch(/<rect class="current"[^>]*height="103\.5"/); // 940.49 / 1000 of the 110-unit plot
  });

  it('writes valid 16-level gray PNGs', () => {
    const img = { width: 3, height: 2, data: new Uint8Array([0, 128, 255, 255, 17, 0]) };
    const png = encodeGrayPng(img);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 4, 0]);
    const idat = png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IEND') - 8);
    expect([...inflateSync(idat)]).toEqual([0, 0x08, 0xf0, 0, 0xf1, 0x00]);
  });

  it('leaves the page images out with pages: false; shows cells of tables no template maps', async () => {
    const dirs = await makeFixtureDataDir({ sources: true });
    const db = await openDb(dirs);
    try {
      await db.conn.run(
        `INSERT INTO cells (report_id, cell_id, page, x0, y0, x1, y1, table_title, table_code, row_label, row_code, column_label, value_text, value_yuan, unit_as_printed, method, confidence)
         VALUES ('${JDZ}', 'p20-t1-r1-c2', 20, 300, 200, 330, 210, '政府采购情况表', NULL, '货物', NULL, '采购金额', '12.50', 125000.00, '万元', 'text', 1)`,
      );
    } finally {
      db.close();
    }
    const dir = (await buildRelease(dirs, { version: 'np', log: silentLogger, pages: false })).dir;
    const all = await listFiles(dir);
    expect(all.filter((f) => f.includes('/pages/'))).toEqual([]);
    const page = readFileSync(join(dir, `explorer/reports/${JDZ}.html`), 'utf8');
    expect(page).toContain('本发布未包含页面图像');
    expect(page).toMatch(/<td [^>]*data-page="20" data-box="300,200,330,210" data-printed="12.50" data-yuan="125,000.00 元" data-what="其他1 政府采购情况表 · 货物 · 采购金额"/);
  });
});

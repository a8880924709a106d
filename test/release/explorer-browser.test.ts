/**
 * The explorer in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core (no browser download). The pipeline runs on the two bundled sample reports
 * and a small 部门预算 of our own (test/fixtures/explorer/, printed to PDF by the same Chromium),
 * the release renders their table pages, and the test opens the index, filters, opens a report,
 * clicks a number and checks that the highlighted box sits on the right page over exactly the
 * printed text, as pdf.js reads that page; then follows the department's history to its budget.
 * Screenshots go to the test's temp dir.
 *
 * In CI (CI set) a missing Chromium fails the test instead of skipping it: `.ci/run` installs it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdf, pageTextItems } from '../../pipeline/extract/pdf.ts';
import { buildRelease } from '../../pipeline/release/index.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import type { TextItem } from '../../pipeline/types.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { describeRun, removeTemps, runCli, tempDir } from '../helpers/cli.ts';
import { closeSamples, extractPage, SAMPLES } from '../helpers/pages.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI);
const RUN = IN_CI || existsSync(CHROMIUM);
/** The report's id: the first 16 hex digits of the sample's SHA-256 (test/spine/e2e.test.ts). */
const JDZ = 'f5f48a2a7dc4f914';
/** The budget fixture: the department of the JDZ sample, 2024, tables B01, B03, B07 (made-up numbers). */
const BUDGET_HTML = fileURLToPath(new URL('../fixtures/explorer/jdz-budget-2024.html', import.meta.url));

/** The number the test clicks: 03 支出决算表, 210 卫生健康支出, 本年支出合计, printed on page 6. */
const TARGET = { what: '03 支出决算表 · 210 卫生健康支出 · 本年支出合计', text: '812.03', yuan: '8,120,300.00 元', page: 6, rowCode: '210' };

let explorer: string;
let budgetPdf: string;
let shots: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!RUN) return;
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this in CI)`).toBe(true);
  const dir = tempDir('juesuan-explorer-');
  shots = tempDir('juesuan-explorer-shots-');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const budget = (budgetPdf = join(dir, 'jdz-budget-2024.pdf'));
  await page.goto(pathToFileURL(BUDGET_HTML).href);
  await page.pdf({ path: budget, preferCSSPageSize: true, printBackground: true });
  const run = await runCli(['run', SAMPLES.jdz, SAMPLES.lc, budget, '--data-dir', dir, '--no-ocr']);
  // 3: the budget fixture prints only some of the B tables, so it is partial (not failed: exit 0 or 3 both load it).
  expect([0, 3], describeRun(run)).toContain(run.code);
  const release = (await buildRelease(dataDirs(dir), { version: 'browser', log: silentLogger })).dir;
  explorer = join(release, 'explorer');
  page.on('pageerror', (err) => {
    throw err;
  });
});

afterAll(async () => {
  await browser?.close();
  await closeSamples();
  removeTemps();
});

/** The highlight's box in PDF points of the page shown, from its position over the page image. */
async function highlightBox(p: Page): Promise<{ page: string; src: string; box: [number, number, number, number] }> {
  return p.evaluate(() => {
    const img = document.querySelector('#viewer img') as HTMLImageElement;
    const hl = document.getElementById('highlight')!;
    const pages = JSON.parse(document.getElementById('page-images')!.textContent!) as Record<string, { scale: number; width: number }>;
    const n = hl.getAttribute('data-page')!;
    const a = img.getBoundingClientRect();
    const b = hl.getBoundingClientRect();
    // CSS px → image px → PDF points
    const k = pages[n]!.width / a.width / pages[n]!.scale;
    return { page: n, src: img.getAttribute('src')!, box: [(b.left - a.left) * k, (b.top - a.top) * k, (b.right - a.left) * k, (b.bottom - a.top) * k] };
  });
}

const inside = (it: TextItem, [x0, y0, x1, y1]: number[]) => {
  const cx = it.x + it.w / 2;
  const cy = it.y + it.h / 2;
  return cx >= x0! && cx <= x1! && cy >= y0! && cy <= y1!;
};

/** The highlight is on the target's page, over exactly its printed text, on the row of its code. */
async function expectHighlightOverTarget(items: TextItem[], target: { text: string; page: number; rowCode: string } = TARGET): Promise<void> {
  const shown = await highlightBox(page);
  expect(shown.page).toBe(String(target.page));
  const under = items.filter((it) => inside(it, shown.box)).map((it) => it.str.trim()).filter(Boolean);
  expect(under, `highlight at ${shown.box.map((v) => v.toFixed(1))}`).toEqual([target.text]);
  // …and on the row of its subject code: the code is printed on the same line, left of the box.
  const cy = (shown.box[1] + shown.box[3]) / 2;
  expect(items.some((it) => it.str.trim() === target.rowCode && it.x < shown.box[0] && Math.abs(it.y + it.h / 2 - cy) < it.h / 2)).toBe(true);
}

/** Text items of one page of a PDF, as the extract stage reads them. */
async function pdfItems(file: string, n: number): Promise<TextItem[]> {
  const doc = await openPdf(new Uint8Array(readFileSync(file)));
  try {
    return await pageTextItems(await doc.getPage(n));
  } finally {
    await doc.destroy();
  }
}

describe.skipIf(!RUN)('explorer in Chromium', () => {
  it('filters the index by province, kind and department', async () => {
    await page.goto(pathToFileURL(join(explorer, 'index.html')).href);
    const visible = () => page.locator('#reports tbody tr:visible').count();
    await expect.poll(() => page.textContent('#count')).toBe('3');
    await page.selectOption('select[data-filter="province"]', '江西省');
    expect(await visible()).toBe(2);
    await page.selectOption('select[data-filter="report-kind"]', '预算');
    expect(await visible()).toBe(1);
    await page.selectOption('select[data-filter="report-kind"]', '');
    await page.fill('#q', '聊城');
    expect(await visible()).toBe(0);
    expect(await page.textContent('#count')).toBe('0');
    await page.fill('#q', '医疗保障');
    expect(await visible()).toBe(2);
    await page.selectOption('select[data-filter="report-kind"]', '决算');
    expect(await visible()).toBe(1);
    await page.screenshot({ path: join(shots, 'index.png') });
  });

  it('opens the report and shows a clicked number on its source page, highlighted over exactly the printed text', async () => {
    await page.click('#reports tbody tr:visible a');
    await page.waitForURL(`**/reports/${JDZ}.html`);
    const cell = page.locator(`td.v[data-what="${TARGET.what}"]`);
    expect(await cell.textContent()).toBe(TARGET.text);
    await cell.click();
    await expect.poll(() => page.isVisible('#viewer')).toBe(true);
    await page.waitForFunction(() => (document.querySelector('#viewer img') as HTMLImageElement).naturalWidth > 0);
    expect(await page.getAttribute('#viewer img', 'src')).toMatch(new RegExp(`/pages/${JDZ}/p${String(TARGET.page).padStart(3, '0')}\\.png$`));
    expect(await page.textContent('#viewer .what')).toContain(`第 ${TARGET.page} 页`);
    // facts carry their cell's box (docs/data-contract.md, "cells"): the highlight must be there.
    expect(await cell.getAttribute('data-box')).toMatch(/^[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    await expect.poll(() => page.isVisible('#highlight')).toBe(true);
    const { items } = await extractPage('jdz', TARGET.page);
    await expectHighlightOverTarget(items);
    // Zoomed in, the box still sits over the same text.
    await page.click('#viewer button.zoom-in');
    await expectHighlightOverTarget(items);
    await page.screenshot({ path: join(shots, 'report.png') });
  });

  it('switches the tables between 万元 as printed and 元', async () => {
    const cell = page.locator(`td.v[data-what="${TARGET.what}"]`);
    await page.click('#unit');
    expect(await cell.textContent()).toBe(TARGET.yuan);
    await page.click('#unit');
    expect(await cell.textContent()).toBe(TARGET.text);
  });

  it("charts the department's 决算 against its 预算 and opens the budget from the chart", async () => {
    const bars = page.locator('#history figure', { hasText: '支出合计' }).locator('rect');
    expect(await bars.count()).toBe(2);
    expect(await bars.nth(1).locator('title').textContent()).toBe('2024 预算 支出合计：980.00 万元');
    await bars.nth(1).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`${JDZ}.html`));
    expect(await page.textContent('h1')).toContain('景德镇市医疗保障局 2024 预算');
    const cell = page.locator('td.v[data-what="B03 部门支出总表 · 210 卫生健康支出 · 合计"]');
    expect(await cell.textContent()).toBe('848.00');
    await cell.click();
    await page.waitForFunction(() => (document.querySelector('#viewer img') as HTMLImageElement).naturalWidth > 0);
    expect(await page.getAttribute('#viewer img', 'src')).toMatch(/p003\.png$/);
    await expectHighlightOverTarget(await pdfItems(budgetPdf, 3), { text: '848.00', page: 3, rowCode: '210' });
    await page.screenshot({ path: join(shots, 'budget.png') });
  });
});

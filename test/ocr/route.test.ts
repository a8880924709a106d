import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { coverageFromOps, decideRoute, imageCoverage } from '../../pipeline/extract/ocr/route.ts';
import { openPdf } from '../../pipeline/extract/ocr/pdfjs.ts';
import type { TextItem } from '../../pipeline/types.ts';

const A4 = { width: 595, height: 842 };
const items = (...strs: string[]): TextItem[] => strs.map((str, i) => ({ str, x: 10, y: 10 + 12 * i, w: 100, h: 10, conf: 1 }));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ocr/${name}`, import.meta.url));

describe('decideRoute', () => {
  it.each([
    ['a normal text page', items('收入决算表', '部门：景德镇市医疗保障局', '940.50', '社会保障和就业支出'), 0, false, 'text-layer'],
    ['no text at all', [], 0, true, 'no-text-layer'],
    ['only a page number', items('-5-'), 1, true, 'no-text-layer'],
    ['private-use glyphs', items('\ue001\ue002\ue003\ue004\ue005', '\ue010\ue011 940.50'), 0, true, 'garbled-text'],
    ['replacement characters', items('\ufffd\ufffd\ufffd\ufffd收入'), 0, true, 'garbled-text'],
    ['(cid:N) garbage', items('(cid:123)(cid:45)(cid:6)', '(cid:77)表'), 0, true, 'cid-garbage'],
    ['control characters', items('\u0001\u0002\u0003\u0004\u0005\u0006收'), 0, true, 'non-printable'],
    ['Kangxi radicals for ideographs', items('⼀般公共预算⽀出决算表', '⼈员经费', '⽤'), 0, true, 'kangxi-radicals'],
    ['Latin-1 mojibake', items('ÊÕÈë¾öËã±í', 'µ¥Î»£ºÍòÔª'), 0, true, 'mojibake'],
    ['a scan with a text header only', items('第5页'), 0.98, true, 'no-text-layer'],
    ['a scan with a short overlay', items('景德镇市医疗保障局', '2024年度'), 0.98, true, 'image-page'],
    ['a scan with a full hidden text layer', items('收入决算表'.repeat(10), '社会保障和就业支出'.repeat(5)), 0.98, false, 'text-layer'],
    ['a text page with a logo', items('收入决算表', '部门：景德镇市医疗保障局'), 0.05, false, 'text-layer'],
  ])('%s', (_name, its, coverage, ocr, reason) => {
    expect(decideRoute(its, { ...A4, imageCoverage: coverage })).toEqual({ ocr, reason });
  });
  it('tolerates a few odd symbols on a good page', () => {
    expect(decideRoute(items('收入支出决算总表\ue000', '一般公共预算财政拨款收入 940.49'), { ...A4, imageCoverage: 0 }).ocr).toBe(false);
  });
});

describe('coverageFromOps', () => {
  const view: [number, number, number, number] = [0, 0, 600, 800];
  it('tracks transforms, save/restore and forms, clips to the page', () => {
    const fn = [OPS.save, OPS.transform, OPS.paintImageXObject, OPS.restore, OPS.paintImageXObject];
    const args = [null, [300, 0, 0, 400, 0, 0], ['img1'], null, ['img2']];
    expect(coverageFromOps(fn, args, view)).toBeCloseTo(0.25, 4); // second image is 1×1 pt
    const full = [OPS.paintFormXObjectBegin, OPS.transform, OPS.paintImageXObject, OPS.paintFormXObjectEnd];
    const fargs = [[[2, 0, 0, 2, 0, 0], null], [600, 0, 0, 800, -100, 0], ['img'], null];
    expect(coverageFromOps(full, fargs, view)).toBe(1);
    expect(coverageFromOps([], [], view)).toBe(0);
  });
});

describe('routing real pages', () => {
  it('sends the scanned table page to OCR and keeps the text-layer page', async () => {
    for (const [name, ocr, minCov, maxCov] of [
      ['000-v5-p5-table02.pdf', true, 0.95, 1],
      ['000-v1-p5-table02.pdf', false, 0, 0.05],
    ] as const) {
      const doc = await openPdf(fixture(name));
      try {
        const page = await doc.getPage(1);
        const cov = await imageCoverage(page);
        expect(cov).toBeGreaterThanOrEqual(minCov);
        expect(cov).toBeLessThanOrEqual(maxCov);
        const tc = await page.getTextContent();
        const its = tc.items.flatMap((i) => ('str' in i && i.str.trim() ? [{ str: i.str, x: 0, y: 0, w: 0, h: 0, conf: 1 }] : []));
        const { width, height } = page.getViewport({ scale: 1 });
        expect(decideRoute(its, { width, height, imageCoverage: cov }).ocr).toBe(ocr);
      } finally {
        await doc.destroy();
      }
    }
  });
});

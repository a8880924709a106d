/**
 * Bounds of the extract stage (docs/ocr.md "Bounds"): blank pages cost no OCR, per-report page
 * and OCR limits end in a limit message, oversized images are named. Generated PDFs, no OCR
 * engine (a fake one counts the calls); the big inputs are measured in scripts/bounds-pdfs.ts.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assemblePdf, blankPagesPdf } from '../../scripts/bounds-pdfs.ts';
import { completeOcr, extractLayer, type PageOcr } from '../../pipeline/extract/index.ts';
import { oversizedImages } from '../../pipeline/extract/pdf.ts';
import { BLANK_MAX_INK_SHARE, inkShare, paperLevel } from '../../pipeline/extract/ocr/ink.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import type { SourceRecord } from '../../pipeline/types.ts';

const record = { report_id: 'r1', kind: 'pdf', file_name: 'x.pdf' } as SourceRecord;

function fakeOcr(blank: boolean): PageOcr & { calls: number } {
  const ocr = {
    calls: 0,
    async ocrPage() {
      ocr.calls++;
      return { items: blank ? [] : [{ str: '1.00', x: 1, y: 1, w: 5, h: 5, conf: 0.9 }], confidence: 0.9, rules: [], blank };
    },
  };
  return ocr;
}

describe('bounds', () => {
  it('routes pages that paint nothing as blank, without OCR', async () => {
    const doc = await extractLayer(record, blankPagesPdf(12));
    expect(doc.pending).toEqual([]);
    expect(doc.pages.map((p) => p.route)).toEqual(Array(12).fill('blank-page'));
    expect(doc.limits).toEqual([]);
  });

  it('stops at the page limit with a message that says what to do', async () => {
    const doc = await extractLayer(record, blankPagesPdf(12), { maxPages: 5 });
    expect(doc.pages).toHaveLength(5);
    expect(doc.limits).toEqual([expect.stringMatching(/12 pages; only the first 5 were read.*split the file or raise the limit/)]);
  });

  it('sends white-image pages to OCR, which reports them blank', async () => {
    const bytes = blankPagesPdf(3, { whiteImage: true });
    const layer = await extractLayer(record, bytes);
    expect(layer.pending.map((p) => p.page)).toEqual([1, 2, 3]);
    const ocr = fakeOcr(true);
    const doc = await completeOcr(layer, record, bytes, { log: silentLogger, ocr });
    expect(ocr.calls).toBe(3);
    expect(doc.ocr_pages).toEqual([]);
    expect(doc.pages.map((p) => p.route)).toEqual(['blank-page', 'blank-page', 'blank-page']);
  });

  it('stops OCR at the per-report page limit and names the pages left', async () => {
    const bytes = blankPagesPdf(4, { whiteImage: true });
    const ocr = fakeOcr(false);
    const doc = await completeOcr(await extractLayer(record, bytes), record, bytes, { log: silentLogger, ocr, limits: { maxOcrPages: 2 } });
    expect(ocr.calls).toBe(2);
    expect(doc.ocr_pages).toEqual([1, 2]);
    expect(doc.limits).toEqual([expect.stringMatching(/pages 3–4 were not OCR'd: .*OCR page limit \(2\)/)]);
  });

  it('gives up a page whose OCR keeps timing out, and reads the others', async () => {
    const bytes = blankPagesPdf(3, { whiteImage: true });
    let calls = 0;
    const ocr: PageOcr = {
      async ocrPage(page) {
        calls++;
        if (page.pageNumber === 2) throw Object.assign(new Error('OCR of a page took over 120000 ms'), { retryable: true });
        return { items: [{ str: '1.00', x: 1, y: 1, w: 5, h: 5, conf: 0.9 }], confidence: 0.9, rules: [] };
      },
    };
    const doc = await completeOcr(await extractLayer(record, bytes), record, bytes, { log: silentLogger, ocr });
    expect(calls).toBe(4); // page 2 tried twice
    expect(doc.ocr_pages).toEqual([1, 3]);
    expect(doc.limits).toEqual([expect.stringMatching(/page 2 could not be OCR'd \(OCR of a page took over 120000 ms\) — rerun/)]);
  });

  it('OCRs two pages at once and keeps their results in page order', async () => {
    const bytes = blankPagesPdf(3, { whiteImage: true });
    let now = 0;
    let most = 0;
    const ocr: PageOcr = {
      async ocrPage(page) {
        most = Math.max(most, ++now);
        // Page 1 finishes last: its result must still come first.
        await new Promise((r) => setTimeout(r, page.pageNumber === 1 ? 60 : 5));
        now--;
        return { items: [{ str: `${page.pageNumber}.00`, x: 1, y: 1, w: 5, h: 5, conf: 0.9 }], confidence: 0.9, rules: [] };
      },
    };
    const doc = await completeOcr(await extractLayer(record, bytes), record, bytes, { log: silentLogger, ocr });
    expect(most).toBe(2);
    expect(doc.ocr_pages).toEqual([1, 2, 3]);
    expect(doc.pages.map((p) => p.items[0]?.str)).toEqual(['1.00', '2.00', '3.00']);
  });

  it('ends the report on an OCR failure no retry mends', async () => {
    const bytes = blankPagesPdf(2, { whiteImage: true });
    const ocr: PageOcr = { ocrPage: async () => Promise.reject(Object.assign(new Error('OCR pool is closed'), { retryable: false })) };
    await expect(completeOcr(await extractLayer(record, bytes), record, bytes, { log: silentLogger, ocr })).rejects.toThrow(/pool is closed/);
  });

  it('stops OCR at the time limit', async () => {
    const bytes = blankPagesPdf(3, { whiteImage: true });
    const doc = await completeOcr(await extractLayer(record, bytes), record, bytes, { log: silentLogger, ocr: fakeOcr(false), limits: { ocrBudgetMs: -1 } });
    expect(doc.ocr_pages).toEqual([]);
    expect(doc.limits?.[0]).toMatch(/pages 1–3 were not OCR'd: .*OCR time limit/);
  });

  it('names images over the decoding limit', () => {
    const img = (w: number, h: number) =>
      Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /BitsPerComponent 8 /Length 8 >>\nstream\n`), deflateSync(Buffer.alloc(1)), Buffer.from('\nendstream')]);
    const pdf = assemblePdf([Buffer.from('<< /Type /Catalog >>'), img(300, 200), img(50, 40)]);
    expect(oversizedImages(pdf, 10_000)).toEqual(['300×200']);
    expect(oversizedImages(pdf)).toEqual([]);
  });

  it('measures ink on the rendered page', () => {
    const white = { width: 100, height: 100, data: new Uint8Array(10_000).fill(250) };
    expect(inkShare(white)).toBe(0);
    white.data.fill(0, 0, 1000); // ten black rows
    expect(inkShare(white)).toBeGreaterThan(BLANK_MAX_INK_SHARE);
  });
});

describe('blank detection on faint and toned pages', () => {
  it('counts faint ink against the paper, not a fixed mid-gray', () => {
    const faint = { width: 100, height: 100, data: new Uint8Array(10_000).fill(250) };
    faint.data.fill(140, 0, 1000); // ten rows of 55 % gray ink
    expect(paperLevel(faint)).toBe(250);
    expect(inkShare(faint, paperLevel(faint) - 60)).toBeGreaterThan(BLANK_MAX_INK_SHARE);
    const toned = { width: 100, height: 100, data: new Uint8Array(10_000).map((_, i) => 225 + (i % 7)) };
    expect(inkShare(toned, paperLevel(toned) - 60)).toBe(0);
  });
});

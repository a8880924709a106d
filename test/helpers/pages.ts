/**
 * Extracted pages for parser tests, read in-process with the pipeline's own text-layer
 * functions (pdf.ts `openPdf` / `pageTextItems` / `pageRules`).
 *
 * The fixture pages are pages of the two bundled sample reports (samples/), opened in place
 * rather than copied out with qpdf: every page of those PDFs shares one embedded CJK font
 * subset, so a single-page extract is ~0.9 MB (~0.3 MB recompressed) and fourteen of them
 * would add >4 MB of binary to the repository for bytes identical to what samples/ holds.
 * A page read from the whole document gives exactly the items and rules the single-page PDF
 * gives, and keeps its page number as printed in the report (tables 04 of 聊城 span [7, 8]).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openPdf, pageRules, pageTextItems, type PDFDocumentProxy } from '../../pipeline/extract/pdf.ts';
import type { ExtractedDoc, ExtractedPage } from '../../pipeline/types.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The two bundled sample reports; the same bytes as the public corpus's 000-v1 and 001-v1. */
export const SAMPLES = {
  jdz: fileURLToPath(new URL('../../samples/jingdezhen-ybj-2024.pdf', import.meta.url)),
  lc: fileURLToPath(new URL('../../samples/liaocheng-ybj-2024.pdf', import.meta.url)),
} as const;

export type SampleName = keyof typeof SAMPLES;

const opened = new Map<SampleName, Promise<PDFDocumentProxy>>();

function open(sample: SampleName): Promise<PDFDocumentProxy> {
  let doc = opened.get(sample);
  if (!doc) {
    doc = readFile(SAMPLES[sample]).then((b) => openPdf(new Uint8Array(b)));
    opened.set(sample, doc);
  }
  return doc;
}

/** One page as the extract stage's text route produces it (method 'text', confidence 1). */
export async function extractPage(sample: SampleName, n: number): Promise<ExtractedPage> {
  const doc = await open(sample);
  const page = await doc.getPage(n);
  const { width, height } = page.getViewport({ scale: 1 });
  const items = await pageTextItems(page);
  const rules = await pageRules(page);
  page.cleanup();
  return { page: n, width, height, method: 'text', route: 'text-layer', confidence: 1, items, rules };
}

/** An ExtractedDoc holding only the given pages of a sample, with their original page numbers. */
export async function extractPages(sample: SampleName, pages: number[]): Promise<ExtractedDoc> {
  const out: ExtractedPage[] = [];
  for (const n of pages) out.push(await extractPage(sample, n));
  return { report_id: `${sample}-p${pages.join('-')}`, kind: 'pdf', pages: out, ocr_pages: [], warnings: [] };
}

/** Every page of a fixture PDF of our own (test/fixtures/…), as the extract stage's text route reads it. */
export async function extractPdfFile(file: string, reportId: string): Promise<ExtractedDoc> {
  const doc = await openPdf(new Uint8Array(await readFile(file)));
  const pages: ExtractedPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    pages.push({ page: n, width, height, method: 'text', route: 'text-layer', confidence: 1, items: await pageTextItems(page), rules: await pageRules(page) });
  }
  await doc.destroy();
  return { report_id: reportId, kind: 'pdf', pages, ocr_pages: [], warnings: [] };
}

/** Release the opened documents (call in afterAll). */
export async function closeSamples(): Promise<void> {
  const docs = [...opened.values()];
  opened.clear();
  for (const d of docs) await (await d).destroy();
}

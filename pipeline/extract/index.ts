/**
 * Extract stage: `raw/<sha>.<ext>` → `staged/<report_id>/pages.json`. PDFs give positioned
 * text items and ruling lines per page from the text layer; pages without a usable text layer
 * go to OCR (when an OCR engine is given) and come back as the same items. HTML and text
 * inputs give pre-split rows. Later stages never re-open the source.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataDirs, ExtractedDoc, ExtractedPage, Rule, SourceRecord, TextItem } from '../types.ts';
import type { Logger } from '../util/log.ts';
import { openPdf, pageRules, pageTextItems, PdfOpenError, type PDFPageProxy } from './pdf.ts';
import { decideRoute, imageCoverage, SCAN_MIN_TEXT_CHARS } from './ocr/route.ts';
import { extractTextInput } from './textinput.ts';

export { PdfOpenError } from './pdf.ts';

/** What the extract stage needs from an OCR engine (pipeline/extract/ocr/pool.ts provides it). */
export interface PageOcr {
  ocrPage(page: PDFPageProxy): Promise<{ items: TextItem[]; confidence: number; rules: Rule[] }>;
}

export interface ExtractOptions {
  log: Logger;
  /** OCR engine for pages without a usable text layer; null when OCR is disabled. */
  ocr: PageOcr | null;
  /** Runs step 1 elsewhere (a worker thread, threads.ts); the calling thread when absent. */
  layer?: (record: SourceRecord, bytes: Uint8Array) => Promise<ExtractedDoc & { pending: PendingPage[] }>;
}

/** Extraction failed for the whole report; `retryable` says whether another try can help. */
export class ExtractError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

export async function extract(record: SourceRecord, dirs: DataDirs, opts: ExtractOptions): Promise<ExtractedDoc> {
  const bytes = new Uint8Array(await readFile(join(dirs.root, record.raw_path)));
  const doc = await (opts.layer ?? extractLayer)(record, bytes);
  return completeOcr(doc, record, bytes, opts);
}

/** A page the text layer could not serve, waiting for OCR. */
export interface PendingPage {
  page: number;
  reason: string;
}

/** Step 1, no OCR engine needed (so it can run in a worker thread): text layer and routing. */
export async function extractLayer(record: SourceRecord, bytes: Uint8Array): Promise<ExtractedDoc & { pending: PendingPage[] }> {
  if (record.kind !== 'pdf') {
    const pages = extractTextInput(bytes, record.kind);
    return { report_id: record.report_id, kind: record.kind, pages, ocr_pages: [], warnings: [], pending: [] };
  }
  let doc;
  try {
    doc = await openPdf(bytes);
  } catch (err) {
    if (err instanceof PdfOpenError) throw new ExtractError(err.message, err.retryable);
    throw err;
  }
  try {
    if (doc.numPages === 0) throw new ExtractError('the PDF has no pages');
    const pages: ExtractedPage[] = [];
    const pending: PendingPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const layout: { rotation?: number } = {};
      const items = await pageTextItems(page, layout);
      const { width, height } = page.getViewport({ scale: 1, rotation: layout.rotation });
      // Image coverage costs a pass over the drawing operators; it only matters for a page with
      // little text (a scan with a printed header), so pages with enough text skip it.
      const chars = items.reduce((n, it) => n + it.str.length, 0);
      const route = decideRoute(items, { width, height, imageCoverage: chars >= SCAN_MIN_TEXT_CHARS ? 0 : await imageCoverage(page) });
      if (route.ocr) {
        pending.push({ page: n, reason: route.reason });
        pages.push({ page: n, width, height, method: 'text', route: `${route.reason} (not read: OCR disabled)`, confidence: 1, items: [], rules: [] });
      } else {
        // Ruling lines cost a second pass over the page's drawing operators: only table pages need them.
        const rules = mayHoldTable(items) ? await pageRules(page, layout.rotation) : [];
        pages.push({ page: n, width, height, method: 'text', route: route.reason, confidence: 1, items, rules });
      }
      page.cleanup();
    }
    return { report_id: record.report_id, kind: 'pdf', pages, ocr_pages: [], warnings: [], pending };
  } finally {
    await doc.destroy();
  }
}

/** Step 2: OCR the pages step 1 left pending (or say why they stay unread). */
export async function completeOcr(doc: ExtractedDoc & { pending?: PendingPage[] }, record: SourceRecord, bytes: Uint8Array, opts: ExtractOptions): Promise<ExtractedDoc> {
  const { pending = [], ...out } = doc;
  if (!pending.length) return out;
  if (!opts.ocr) {
    out.warnings.push(`pages ${ranges(pending.map((p) => p.page))} have no usable text layer and OCR is disabled; run without --no-ocr to read them`);
    return out;
  }
  const pdf = await openPdf(bytes);
  try {
    for (const { page: n, reason } of pending) {
      opts.log.progress(`  OCR page ${n}/${pdf.numPages} of ${record.file_name} (${reason})`);
      const page = await pdf.getPage(n);
      const r = await opts.ocr.ocrPage(page);
      out.pages[n - 1] = { ...out.pages[n - 1]!, method: 'ocr', route: reason, confidence: r.confidence, items: r.items, rules: r.rules };
      out.ocr_pages.push(n);
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  return out;
}

/** A page with this many amounts (or a table label) may hold a table; prose pages rarely do. */
const TABLE_PAGE_MIN_AMOUNTS = 4;

function mayHoldTable(items: TextItem[]): boolean {
  let amounts = 0;
  for (const it of items) {
    if (/公开|决算表|情况表|栏次|行次|科目/.test(it.str)) return true;
    if (/^[-(（]?[\d,]+\.\d{2}[)）]?$/.test(it.str.trim()) && ++amounts >= TABLE_PAGE_MIN_AMOUNTS) return true;
  }
  return false;
}

/** [3,4,5,9] → '3–5, 9'. */
export function ranges(pages: number[]): string {
  const out: string[] = [];
  let start = pages[0]!;
  let prev = start;
  for (const p of [...pages.slice(1), NaN]) {
    if (p === prev + 1) {
      prev = p;
      continue;
    }
    out.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = prev = p;
  }
  return out.join(', ');
}

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
import type { PDFDocumentProxy, PDFPageProxy } from './pdf.ts';
import { extractTextInput } from './textinput.ts';

/**
 * pdf.js (with its canvas and worker modules, ~0.5 s of CPU to load) is imported on the first
 * PDF, not with this module: when worker threads extract, the main thread never loads it.
 */
export const pdfModules = () => Promise.all([import('./pdf.ts'), import('./ocr/route.ts')]);

/** What the extract stage needs from an OCR engine (pipeline/extract/ocr/pool.ts provides it). */
export interface PageOcr {
  /** `blank`: the rendered page had no ink, so recognition was skipped. */
  ocrPage(page: PDFPageProxy): Promise<{ items: TextItem[]; confidence: number; rules: Rule[]; blank?: boolean }>;
}

/** Per-report bounds (docs/ocr.md "Bounds"); hitting one leaves the report partial with a finding. */
export interface ExtractLimits {
  /** Pages read per report; real 决算/预算 reports have 20–200. */
  maxPages: number;
  /** Pages OCR'd per report. */
  maxOcrPages: number;
  /** Wall time for one report's OCR, ms. */
  ocrBudgetMs: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxPages: 1000,
  maxOcrPages: 400,
  // ~3 s a page on 2 loaded cores: 15 minutes covers a 200-page scanned report with room to spare.
  ocrBudgetMs: 15 * 60_000,
};

export interface ExtractOptions {
  log: Logger;
  /** OCR engine for pages without a usable text layer; null when OCR is disabled. */
  ocr: PageOcr | null;
  /** Runs step 1 elsewhere (a worker thread, threads.ts); the calling thread when absent. */
  layer?: (record: SourceRecord, bytes: Uint8Array) => Promise<ExtractedDoc & { pending: PendingPage[] }>;
  limits?: Partial<ExtractLimits>;
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
  const doc = opts.layer ? await opts.layer(record, bytes) : await extractLayer(record, bytes, opts.limits);
  return completeOcr(doc, record, bytes, opts);
}

/** A page the text layer could not serve, waiting for OCR. */
export interface PendingPage {
  page: number;
  reason: string;
}

/** Step 1, no OCR engine needed (so it can run in a worker thread): text layer and routing. */
export async function extractLayer(record: SourceRecord, bytes: Uint8Array, limits: Partial<ExtractLimits> = {}): Promise<ExtractedDoc & { pending: PendingPage[] }> {
  if (record.kind !== 'pdf') {
    const pages = extractTextInput(bytes, record.kind);
    return { report_id: record.report_id, kind: record.kind, pages, ocr_pages: [], warnings: [], pending: [] };
  }
  const [{ MAX_IMAGE_PIXELS, openPdf, oversizedImages, pageRules, pageTextItems, PdfOpenError }, { decideRoute, pageInk, SCAN_MIN_TEXT_CHARS }] = await pdfModules();
  let doc;
  try {
    doc = await openPdf(bytes, 'text');
  } catch (err) {
    if (err instanceof PdfOpenError) throw new ExtractError(err.message, err.retryable);
    throw err;
  }
  // Image coverage needs the images' operators, which a `text` document leaves out: a second
  // document, opened on the first page with little text (a scan, a blank page, a chart), has them.
  const ink: { doc?: Promise<PDFDocumentProxy> } = {};
  const inkOf = async (n: number) => {
    const page = await (await (ink.doc ??= openPdf(bytes, 'read'))).getPage(n);
    try {
      return await pageInk(page);
    } finally {
      page.cleanup();
    }
  };
  try {
    if (doc.numPages === 0) throw new ExtractError('the PDF has no pages');
    const pages: ExtractedPage[] = [];
    const pending: PendingPage[] = [];
    const out = { report_id: record.report_id, kind: 'pdf' as const, pages, ocr_pages: [], warnings: [] as string[], limits: [] as string[], pending };
    const maxPages = limits.maxPages ?? DEFAULT_LIMITS.maxPages;
    if (doc.numPages > maxPages) {
      out.limits.push(`the PDF has ${doc.numPages} pages; only the first ${maxPages} were read (page limit) — split the file or raise the limit`);
    }
    for (let n = 1; n <= Math.min(doc.numPages, maxPages); n++) {
      const page = await doc.getPage(n);
      const layout: { rotation?: number } = {};
      const items = await pageTextItems(page, layout);
      const { width, height } = page.getViewport({ scale: 1, rotation: layout.rotation });
      // Image coverage costs a pass over the drawing operators; it only matters for a page with
      // little text (a scan with a printed header), so pages with enough text skip it.
      const chars = items.reduce((n, it) => n + it.str.length, 0);
      const inked = chars >= SCAN_MIN_TEXT_CHARS ? { imageCoverage: 0, ink: true } : await inkOf(n);
      const route = decideRoute(items, { width, height, ...inked });
      if (route.reason === 'blank-page') {
        pages.push({ page: n, width, height, method: 'text', route: route.reason, confidence: 1, items: [], rules: [] });
      } else if (route.ocr) {
        pending.push({ page: n, reason: route.reason });
        pages.push({ page: n, width, height, method: 'text', route: `${route.reason} (not read: OCR disabled)`, confidence: 1, items: [], rules: [] });
      } else {
        // Ruling lines cost a second pass over the page's drawing operators: only table pages need them.
        const rules = mayHoldTable(items) ? await pageRules(page, layout.rotation) : [];
        pages.push({ page: n, width, height, method: 'text', route: route.reason, confidence: 1, items, rules });
      }
      page.cleanup();
    }
    const huge = oversizedImages(bytes);
    if (huge.length) {
      // Only an incomplete report when some page had nothing else to read (a scan).
      const unread = pending.length > 0 || pages.some((p) => p.route === 'blank-page');
      (unread ? out.limits : out.warnings).push(
        `the PDF holds ${huge.length} image(s) over ${MAX_IMAGE_PIXELS / 1e6} Mpx (${huge.slice(0, 3).join(', ')} px); they were not decoded (memory bound)` +
          (unread ? ' and the pages they cover read as blank — supply the scan at a lower resolution' : ''),
      );
    }
    return out;
  } finally {
    await doc.destroy();
    await ink.doc?.then((d) => d.destroy(), () => undefined);
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
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const started = Date.now();
  const blank: number[] = [];
  const [{ openPdf }] = await pdfModules();
  const pdf = await openPdf(bytes);
  type Read = Awaited<ReturnType<typeof ocrWithRetry>>;
  const inFlight: { n: number; reason: PendingPage['reason']; read: Promise<{ r: Read } | { err: unknown }> }[] = [];
  const settle = async () => {
    const { n, reason, read } = inFlight.shift()!;
    const got = await read;
    if ('err' in got) throw got.err;
    const { r } = got;
    if ('failed' in r) {
      (out.limits ??= []).push(`page ${n} could not be OCR'd (${r.failed}) — rerun the report, alone if the machine was busy`);
      return;
    }
    if (r.blank) {
      blank.push(n);
      out.pages[n - 1] = { ...out.pages[n - 1]!, route: 'blank-page', items: [], rules: [] };
      return;
    }
    out.pages[n - 1] = { ...out.pages[n - 1]!, method: 'ocr', route: reason, confidence: r.confidence, items: r.items, rules: r.rules };
    out.ocr_pages.push(n);
  };
  try {
    for (const [i, { page: n, reason }] of pending.entries()) {
      const over = i >= limits.maxOcrPages ? `OCR page limit (${limits.maxOcrPages})` : Date.now() - started > limits.ocrBudgetMs ? `OCR time limit (${Math.round(limits.ocrBudgetMs / 1000)} s)` : null;
      if (over) {
        (out.limits ??= []).push(`pages ${ranges(pending.slice(i).map((p) => p.page))} were not OCR'd: the report reached its ${over} — rerun it alone or raise the limit`);
        break;
      }
      opts.log.progress(`  OCR page ${n}/${pdf.numPages} of ${record.file_name} (${reason})`);
      const read = ocrPageOf(pdf, n, opts.ocr, opts.log).then((r) => ({ r }), (err: unknown) => ({ err }));
      inFlight.push({ n, reason, read });
      // Results are taken in page order, whichever page finishes first.
      if (inFlight.length >= OCR_PAGES_IN_FLIGHT) await settle();
    }
    while (inFlight.length) await settle();
  } finally {
    // A page still in flight when another failed the report ends before its document goes.
    await Promise.all(inFlight.map((f) => f.read));
    await pdf.destroy();
  }
  if (blank.length) opts.log.info(`  ${record.file_name}: pages ${ranges(blank)} rendered blank (no ink); not OCR'd`);
  return out;
}

/**
 * Pages of one report OCR'd at once: the next page renders and preprocesses on this thread while
 * the recogniser's threads read the current one (docs/ocr.md, speed). Results are the same.
 */
const OCR_PAGES_IN_FLIGHT = 2;

/** Open, OCR and release one page. */
async function ocrPageOf(pdf: PDFDocumentProxy, n: number, ocr: PageOcr, log: Logger): Promise<Awaited<ReturnType<typeof ocrWithRetry>>> {
  const page = await pdf.getPage(n);
  try {
    return await ocrWithRetry(ocr, page, n, log);
  } finally {
    page.cleanup();
  }
}

/**
 * OCR one page; a retryable failure (a page timeout on a busy machine, a crashed worker, which
 * the pool replaces) is tried once more, then the page is given up with the reason rather than
 * failing the whole report. Failures that no retry mends (the model missing, the pool closed)
 * still end the report.
 */
async function ocrWithRetry(ocr: PageOcr, page: PDFPageProxy, n: number, log: Logger): Promise<Awaited<ReturnType<PageOcr['ocrPage']>> | { failed: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ocr.ocrPage(page);
    } catch (err) {
      if ((err as { retryable?: unknown }).retryable !== true) throw err;
      const why = err instanceof Error ? err.message : String(err);
      if (attempt >= OCR_PAGE_ATTEMPTS) return { failed: why };
      log.warn(`  OCR of page ${n} failed (${why}); trying once more`);
    }
  }
}

/** A page's OCR is tried this many times before the page is given up. */
const OCR_PAGE_ATTEMPTS = 2;

/** A page with this many amounts (or a table label) may hold a table; prose pages rarely do. */
const TABLE_PAGE_MIN_AMOUNTS = 4;

function mayHoldTable(items: TextItem[]): boolean {
  let amounts = 0;
  for (const it of items) {
    if (/公开|决算表|预算表|总表|情况表|栏次|行次|科目/.test(it.str)) return true;
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

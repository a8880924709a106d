/**
 * A pool of tesseract.js workers that turns page images into positioned TextItems, offline.
 *
 * Workers are created once and reused across pages and reports (creation costs ~1.3 s and the
 * 20 MB model load), recycled every `recycleAfter` pages because their memory grows, and all
 * terminated by close(). Rendering and preprocessing run on the calling thread while the
 * workers (worker_threads) recognise, so two workers overlap one page's preparation with
 * another's recognition.
 */
import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Tesseract from 'tesseract.js';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Rule, TextItem } from '../../types.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import { capUnderSeals, deskewBoxes, sealsToPoints } from './seal.ts';
import { renderPageGray, type GrayImage, type RenderOptions, type RenderedPage } from './render.ts';
import { preprocess, toPgm, type BinaryImage, type PixelRule, type PreprocessOptions } from './preprocess.ts';
import { parseTsv, wordsToItems } from './items.ts';
import { cellPgm, cellsToReread, gridCells, hasInk, keepCellReading, replaceCellItems, type CellBox } from './cellgrid.ts';
import { BLANK_INK_CONTRAST, BLANK_MAX_INK_SHARE, inkShare, paperLevel, PREVIEW_DPI, PREVIEW_INK_LEVEL } from './ink.ts';
import { isVertical, toRule } from './rules.ts';
import { better, cropPgm, doubtful, REREAD_WHITELIST, rereadOffFormat } from './reread.ts';
import { fitPageFormat, type NumberFormat } from './repair.ts';
import { createRecognizer, resolveEngine, type OcrEngine } from './paddle/engine.ts';
import type { PaddleRecognizer } from './paddle/rec.ts';
import { readPage, rereadItems } from './paddle/items.ts';
import { voteAmounts } from './paddle/vote.ts';

/** Which build of the chi_sim model: '4.0.0' (fast, integer) reads this corpus's numbers best (docs/ocr.md). */
export type ModelVariant = '4.0.0' | '4.0.0_best_int';

export interface OcrPoolOptions {
  /** Number of tesseract workers; default min(2, cores). Each holds ~130–250 MB. */
  workers?: number;
  log?: Logger;
  /** Render resolution, default 200 dpi. */
  dpi?: number;
  /** Longest rendered side in pixels (render.ts DEFAULT_MAX_PIXELS). */
  maxPixels?: number;
  model?: ModelVariant;
  /** Pages a worker recognises before it is replaced by a fresh one. */
  recycleAfter?: number;
  /** Give up creating a worker after this long (an unreachable model can hang it). */
  createTimeoutMs?: number;
  /** Give up on one page after this long; the worker is replaced. */
  pageTimeoutMs?: number;
  preprocess?: PreprocessOptions;
  /** Read doubtful amounts again from their crops, digits only (default true; reread.ts). */
  reread?: boolean;
  /** Which recogniser reads the text (paddle/engine.ts; default DEFAULT_ENGINE or $JUESUAN_OCR_ENGINE). */
  engine?: OcrEngine;
  /** Read bordered cells that the page reading ran across on their own (default true; cellgrid.ts). */
  cellread?: boolean;
}

/** What OCR of one page yields; `items`/`rules` are in PDF points, origin top-left. */
export interface OcrPageResult {
  items: TextItem[];
  /** Mean item confidence, 0–1 (0 when nothing was read). */
  confidence: number;
  /** Ruling lines found and removed, as segments (the table grid; GRID_TO_PARSER_WITH_PADDLE for the paddle engine). */
  rules: Rule[];
  /** Rotation undone before OCR, degrees; coordinates refer to the deskewed page. */
  skewDeg: number;
  /** Page size in points. */
  width: number;
  height: number;
  /** Time spent, ms, for the run log. */
  ms: { render: number; preprocess: number; recognise: number };
  /** The page had no ink (inkShare): recognition was skipped and nothing was read. */
  blank?: boolean;
  /** Doubtful amounts read again from their crops (reread.ts), and how many readings changed. */
  reread?: { read: number; changed: number };
  /** Red seals on the page (seal.ts), in points of the deskewed page: the words under them have confidence ≤ SEAL_MAX_CONF. */
  seals?: Rule[];
}

/** OCR failed. `retryable` says whether trying again (a fresh worker, a later run) can help. */
export class OcrError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OcrError';
  }
}

/** Tesseract's engine: LSTM only (the chi_sim models from npm carry no legacy engine data). */
const OEM_LSTM_ONLY = 1;
/** PSM 7, a single text line: one cell's crop in the re-read pass. */
const PSM_SINGLE_LINE = '7';
/** PSM 6, one uniform block of text: keeps table rows as lines; PSM 11 fragments numbers (STACK-NOTES). */
const PSM_SINGLE_BLOCK = '6';
const DEFAULT_RECYCLE_AFTER = 200;
/** Creation takes ~1.3 s here; 60 s only trips when the model cannot be read at all. */
const DEFAULT_CREATE_TIMEOUT_MS = 60_000;
/** A 200 dpi A4 page takes ~3 s; a 2-minute page is stuck. */
const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

interface Slot {
  id: number;
  worker: Tesseract.Worker;
  pages: number;
}

export class OcrPool {
  private idle: Slot[] = [];
  private waiting: ((s: Slot) => void)[] = [];
  private closed = false;
  private nextId = 0;
  private live = new Set<Slot>();

  private constructor(
    private readonly opts: Required<Omit<OcrPoolOptions, 'preprocess' | 'maxPixels' | 'reread' | 'engine' | 'cellread'>> &
      Pick<OcrPoolOptions, 'preprocess' | 'maxPixels' | 'reread' | 'cellread'>,
    private readonly langPath: string,
    /** The PaddleOCR recogniser when the engine uses it; one session shared by all pages. */
    private readonly paddle: PaddleRecognizer | null,
    private readonly engine: OcrEngine = 'tesseract',
  ) {}

  /** Create the pool and its workers; throws OcrError when the model is missing or workers cannot start. */
  static async create(options: OcrPoolOptions = {}): Promise<OcrPool> {
    const opts = {
      workers: options.workers ?? Math.min(2, availableParallelism()),
      log: options.log ?? silentLogger,
      dpi: options.dpi ?? 200,
      model: options.model ?? '4.0.0',
      recycleAfter: options.recycleAfter ?? DEFAULT_RECYCLE_AFTER,
      createTimeoutMs: options.createTimeoutMs ?? DEFAULT_CREATE_TIMEOUT_MS,
      pageTimeoutMs: options.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS,
      preprocess: options.preprocess,
      maxPixels: options.maxPixels,
      reread: options.reread,
      cellread: options.cellread,
    };
    if (!(opts.workers >= 1)) throw new OcrError(`OCR workers must be ≥ 1, got ${opts.workers}`, false);
    const langPath = await modelDir(opts.model);
    const engine = resolveEngine(options.engine);
    const paddle = await createRecognizer(engine, opts.workers).catch((err: unknown) => {
      throw new OcrError(`could not start the PaddleOCR recogniser: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
    });
    if (paddle?.threadsFailed) opts.log.warn(`ocr: PaddleOCR runs on the main thread, slower (${paddle.threadsFailed})`);
    const pool = new OcrPool(opts, langPath, paddle, engine);
    try {
      // The paddle engine reads without tesseract: no workers to hold in memory.
      const slots = await Promise.all(Array.from({ length: engine === 'paddle' ? 0 : opts.workers }, () => pool.spawn()));
      pool.idle.push(...slots);
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.opts.workers;
  }

  /** Render, clean up and recognise one PDF page. */
  async ocrPage(page: PDFPageProxy): Promise<OcrPageResult> {
    const t0 = performance.now();
    // A preview at 36 dpi (~20 ms) spots a white page before the full render (~300 ms): a
    // report of scanned blank sheets then costs seconds, not minutes.
    const preview = await renderPageGray(page, { dpi: PREVIEW_DPI });
    if (inkShare(preview.image, PREVIEW_INK_LEVEL) < BLANK_MAX_INK_SHARE) {
      const ms = { render: Math.round(performance.now() - t0), preprocess: 0, recognise: 0 };
      return { items: [], confidence: 0, rules: [], skewDeg: 0, width: preview.widthPt, height: preview.heightPt, ms, blank: true };
    }
    const render: RenderOptions = { dpi: this.opts.dpi, maxPixels: this.opts.maxPixels };
    const rendered = await renderPageGray(page, render);
    const result = await this.ocrRendered(rendered);
    result.ms.render = Math.round(performance.now() - t0 - result.ms.preprocess - result.ms.recognise);
    return result;
  }

  /** Clean up and recognise an already rendered page image (tests, non-PDF images). */
  async ocrRendered(r: RenderedPage): Promise<OcrPageResult> {
    const t0 = performance.now();
    if (inkShare(r.image, paperLevel(r.image) - BLANK_INK_CONTRAST) < BLANK_MAX_INK_SHARE) {
      const ms = { render: 0, preprocess: Math.round(performance.now() - t0), recognise: 0 };
      return { items: [], confidence: 0, rules: [], skewDeg: 0, width: r.widthPt, height: r.heightPt, ms, blank: true };
    }
    const pre = preprocess(r.image, r.scale, this.opts.preprocess);
    const t1 = performance.now();
    const vrules = pre.rules.filter(isVertical);
    // Words under a red seal are doubtful (seal.ts): re-read from their crops, then still capped.
    const seals = sealsToPoints(deskewBoxes(r.seals ?? [], r.image.width, r.image.height, pre.skewDeg), r.scale);
    let items: TextItem[];
    let reread: OcrPageResult['reread'];
    const crops = () => ({ gray: pre.deskewed, bin: pre.image, threshold: pre.threshold });
    if (this.paddle && this.engine === 'paddle') {
      items = await this.withPaddle((rec) => readPage(rec, crops(), r.scale, pre.rules));
      const format = fitPageFormat(items);
      // Amounts whose width does not fit their reading are read again stretched, and voted on (vote.ts).
      if (this.opts.reread !== false) await this.withPaddle((rec) => voteAmounts(rec, items, crops(), r.scale, r.widthPt, format));
      if (this.opts.reread !== false) reread = await this.withPaddle((rec) => rereadOffFormat(rec, items, pre.deskewed, r.scale, format, r.widthPt));
    } else {
      const words = wordsToItems(parseTsv(await this.recognise(toPgm(pre.image))), r.scale, vrules);
      items = await this.readCells(words, pre.image, pre.rules, vrules, r.scale);
      if (this.paddle) fitPageFormat((items = await this.withPaddle((rec) => rereadItems(rec, items, crops(), r.scale, pre.rules))));
      else {
        // Amounts that do not fit the page's format, and words under a seal, are doubtful:
        // re-read, judged against the confidence they were read with, not the cap.
        const format = fitPageFormat(items);
        const read = new Map(items.map((it) => [it, it.conf]));
        capUnderSeals(items, seals);
        reread = await this.reread(items, pre.deskewed, r.scale, r.widthPt, pre.rules, format, read);
      }
    }
    capUnderSeals(items, seals);
    const t2 = performance.now();
    const confidence = items.length ? items.reduce((s, it) => s + it.conf, 0) / items.length : 0;
    return {
      items,
      confidence: Math.round(confidence * 1000) / 1000,
      rules: this.engine === 'paddle' && !GRID_TO_PARSER_WITH_PADDLE ? [] : pre.rules.map((ru) => toRule(ru, r.scale)),
      skewDeg: pre.skewDeg,
      width: r.widthPt,
      height: r.heightPt,
      ms: { render: 0, preprocess: Math.round(t1 - t0), recognise: Math.round(t2 - t1) },
      reread,
      ...(seals.length ? { seals } : {}),
    };
  }

  /**
   * Read again, each on its own, the bordered cells whose page-level reading ran across their
   * borders or over wrapped lines (cellgrid.ts); their readings replace the page's items there.
   */
  private async readCells(items: TextItem[], bin: BinaryImage, rules: PixelRule[], vrules: PixelRule[], scale: number): Promise<TextItem[]> {
    if (this.opts.cellread === false) return items;
    const todo = cellsToReread(gridCells(rules, bin.width, bin.height), items, scale).filter((r) => hasInk(bin, r.cell));
    if (!todo.length) return items;
    const reads: { cell: CellBox; items: TextItem[] }[] = [];
    const slot = await this.acquire();
    let ok = false;
    try {
      for (const r of todo) {
        const { pgm, left, top } = cellPgm(bin, r.cell);
        const job = slot.worker.recognize(Buffer.from(pgm.buffer, pgm.byteOffset, pgm.byteLength), {}, { tsv: true, text: false });
        const res = await withTimeout(job, this.opts.pageTimeoutMs, `reading a cell took over ${this.opts.pageTimeoutMs} ms`);
        const words = parseTsv(res.data.tsv ?? '').map((w) => ({ ...w, left: w.left + left, top: w.top + top }));
        const cellItems = wordsToItems(words, scale, vrules);
        if (keepCellReading(r, cellItems)) reads.push({ cell: r.cell, items: cellItems });
      }
      ok = true;
    } catch (err) {
      // A failed cell read keeps the page reading; the worker is replaced.
      this.opts.log.warn(`ocr: reading cells on their own failed (${String(err)}); page reading kept`);
      return items;
    } finally {
      void this.release(slot, ok);
    }
    return replaceCellItems(items, reads, scale);
  }

  /**
   * Read doubtful amounts again from their own crops of the gray page (`gray`, already rotated
   * like the OCR'd image), digits only (reread.ts), on one worker; improved readings replace the
   * items in place. Returns how many crops were read and changed.
   */
  private async reread(items: TextItem[], gray: GrayImage, scale: number, widthPt: number, rules: PixelRule[], format: NumberFormat, readConf: Map<TextItem, number>): Promise<{ read: number; changed: number }> {
    const todo = this.opts.reread === false ? [] : doubtful(items, widthPt, format);
    if (!todo.length) return { read: 0, changed: 0 };
    const slot = await this.acquire();
    let ok = false;
    let changed = 0;
    try {
      await slot.worker.setParameters({ tessedit_char_whitelist: REREAD_WHITELIST, tessedit_pageseg_mode: PSM_SINGLE_LINE as Tesseract.PSM });
      for (const it of todo) {
        const pgm = cropPgm(gray, it, scale, rules);
        const job = slot.worker.recognize(Buffer.from(pgm.buffer, pgm.byteOffset, pgm.byteLength), {}, { text: true });
        const res = await withTimeout(job, this.opts.pageTimeoutMs, `re-reading a cell took over ${this.opts.pageTimeoutMs} ms`);
        const next = better(it, res.data.text ?? '', (res.data.confidence ?? 0) / 100, format, readConf.get(it));
        if (next) {
          Object.assign(it, next);
          changed++;
        }
      }
      await slot.worker.setParameters({ tessedit_char_whitelist: '', tessedit_pageseg_mode: PSM_SINGLE_BLOCK as Tesseract.PSM });
      ok = true;
    } catch (err) {
      // A failed re-read keeps the first readings; the worker is replaced (its parameters are unknown).
      this.opts.log.warn(`ocr: re-reading doubtful cells failed (${String(err)}); first readings kept`);
    } finally {
      void this.release(slot, ok);
    }
    return { read: todo.length, changed };
  }

  /** Run the PaddleOCR recogniser; its failures become OcrError like tesseract's. */
  private async withPaddle<T>(job: (rec: PaddleRecognizer) => Promise<T>): Promise<T> {
    if (this.closed || !this.paddle) throw new OcrError('OCR pool is closed', false);
    try {
      return await job(this.paddle);
    } catch (err) {
      throw new OcrError(`PaddleOCR failed: ${err instanceof Error ? err.message : String(err)}`, true, { cause: err });
    }
  }

  /** Terminate every worker. Pending ocrPage calls fail; the pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.live];
    this.live.clear();
    this.idle = [];
    await Promise.allSettled([...all.map((s) => s.worker.terminate()), this.paddle?.close()]);
  }

  private async recognise(image: Uint8Array): Promise<string> {
    const slot = await this.acquire();
    let ok = false;
    try {
      const job = slot.worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { tsv: true, text: false });
      const res = await withTimeout(job, this.opts.pageTimeoutMs, `OCR of a page took over ${this.opts.pageTimeoutMs} ms`);
      ok = true;
      return res.data.tsv ?? '';
    } catch (err) {
      throw err instanceof OcrError ? err : new OcrError(`tesseract failed: ${String(err)}`, true, { cause: err });
    } finally {
      slot.pages++;
      void this.release(slot, ok);
    }
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new OcrError('OCR pool is closed', false));
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Return a worker; replace it first when it failed or has done its share of pages. */
  private async release(slot: Slot, ok: boolean): Promise<void> {
    let next = slot;
    if (!ok || slot.pages >= this.opts.recycleAfter) {
      this.opts.log.info(`ocr: recycling worker ${slot.id} after ${slot.pages} pages${ok ? '' : ' (failed page)'}`);
      this.live.delete(slot);
      void slot.worker.terminate().catch(() => undefined);
      if (this.closed) return;
      try {
        next = await this.spawn();
      } catch (err) {
        this.opts.log.error(`ocr: could not replace worker: ${String(err)}`);
        return;
      }
    }
    if (this.closed) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  private async spawn(): Promise<Slot> {
    const id = this.nextId++;
    const created = Tesseract.createWorker('chi_sim', OEM_LSTM_ONLY, {
      langPath: this.langPath,
      gzip: true,
      cacheMethod: 'none',
      errorHandler: (e: unknown) => this.opts.log.error(`ocr worker ${id}: ${String(e)}`),
    });
    const worker = await withTimeout(created, this.opts.createTimeoutMs, `creating an OCR worker took over ${this.opts.createTimeoutMs} ms`).catch(
      (err: unknown) => {
        // A timed-out creation may still finish later: terminate that straggler rather than leak it.
        created.then((w) => w.terminate()).catch(() => undefined);
        throw err instanceof OcrError ? err : new OcrError(`could not start an OCR worker: ${String(err)}`, true, { cause: err });
      },
    );
    await worker.setParameters({
      tessedit_pageseg_mode: PSM_SINGLE_BLOCK as Tesseract.PSM,
      // Tells tesseract the true resolution so it does not guess it from the (missing) image metadata.
      user_defined_dpi: String(this.opts.dpi),
    });
    const slot: Slot = { id, worker, pages: 0 };
    if (this.closed) {
      await worker.terminate();
      throw new OcrError('OCR pool is closed', false);
    }
    this.live.add(slot);
    return slot;
  }
}

/** The directory holding chi_sim.traineddata.gz for a model variant, checked to exist. */
export async function modelDir(model: ModelVariant): Promise<string> {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = join(dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), model);
  } catch (err) {
    throw new OcrError('OCR language data @tesseract.js-data/chi_sim is not installed; run npm install', false, { cause: err });
  }
  const file = join(dir, 'chi_sim.traineddata.gz');
  try {
    await access(file);
  } catch (err) {
    throw new OcrError(`OCR language data not found at ${file}; reinstall @tesseract.js-data/chi_sim`, false, { cause: err });
  }
  return dir;
}

/**
 * Whether the paddle engine hands the scanned ruling lines to the parser. Yes, since the title
 * glyph strokes that posed as vertical rules are left alone (rules.ts, isLoneStroke) and ruled
 * columns split where the values show more columns than the rules (parse/columns.ts): on scans
 * of the real 上海普陀 2024 决算 (150 dpi, faint, seal, 3° skew) F1 0.88–0.97 without the grid,
 * 1.0000 with it (tall rows with top-aligned amounts need the row rules); the 2025 预算 ≥ 0.99
 * either way; harsh 000-v7 0.9543 → 0.9096 and 001-v7 0.9254 → 0.8299 are the cost (docs/ocr.md).
 */
const GRID_TO_PARSER_WITH_PADDLE = true;

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OcrError(message, true)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

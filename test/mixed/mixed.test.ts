/**
 * A mixed report: text-layer pages with one scanned (image-only) table page among them.
 * processReport must send exactly the scanned page to OCR, mark its facts method 'ocr' with
 * confidence < 1 (the text pages' facts stay 'text' / 1), read table 02 off the scan to ≥ 98 % of
 * the truth cells, and flag every cell it got wrong (no silent errors). A text-only report must
 * never start OCR. Fixture: test/fixtures/mixed/README.md. Slow part: one OCR'd page (~3–6 s).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import Tesseract from 'tesseract.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PageOcr } from '../../pipeline/extract/index.ts';
import { OcrPool } from '../../pipeline/extract/ocr/pool.ts';
import { ingest } from '../../pipeline/fetch/index.ts';
import { dataDirs, stagedFile } from '../../pipeline/paths.ts';
import { processReport, runPipeline } from '../../pipeline/run.ts';
import type { DataDirs, ExtractedDoc, Fact, QualityDoc, SourceRecord } from '../../pipeline/types.ts';
import type { Logger } from '../../pipeline/util/log.ts';
import { outputCsv, removeTemps, tempDir } from '../helpers/cli.ts';
import { SAMPLES } from '../helpers/pages.ts';
import { readCsv } from '../helpers/score.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/mixed/${name}`, import.meta.url));
/** Page 1 = 景德镇 p1 (cover, text), page 2 = 000-v5 p5 (table 02, scan), page 3 = 景德镇 p6 (table 03, text). */
const MIXED = fixture('jdz-p1-scan5-p6.pdf');
const SCANNED_PAGE = 2;

/** A logger that keeps every line (to check what a run said about OCR). */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), progress: (m) => lines.push(m) };
}

async function ingestOne(file: string, dirs: DataDirs, log: Logger): Promise<SourceRecord> {
  const [r] = await ingest([file], { dirs, log });
  if (!r?.record) throw new Error(`ingest failed: ${r?.error}`);
  return r.record;
}

/** Workers created through tesseract.js by anything in this process (the pool calls Tesseract.createWorker). */
const createWorker = vi.spyOn(Tesseract, 'createWorker');

afterAll(() => {
  createWorker.mockRestore();
  removeTemps();
});

describe('a mixed report (text pages + one scanned table page), OCR on', () => {
  let dirs: DataDirs;
  let pages: ExtractedDoc;
  let facts: Fact[];
  let quality: QualityDoc;
  let ocrReportPages: number;
  const ocrCalls: number[] = [];

  beforeAll(async () => {
    dirs = dataDirs(tempDir('juesuan-mixed-'));
    const log = recordingLogger();
    const rec = await ingestOne(MIXED, dirs, log);
    createWorker.mockClear();
    // tesseract: the worker count below is the proof that one pool served the report.
    const pool = await OcrPool.create({ workers: 1, log, engine: 'tesseract' });
    // Count the pages handed to OCR; the pool itself does the work.
    const ocr: PageOcr = { ocrPage: (page) => (ocrCalls.push(page.pageNumber), pool.ocrPage(page)) };
    try {
      const out = await processReport(rec, dirs, { log, ocr });
      facts = out.doc.facts;
      quality = out.quality;
      ocrReportPages = out.doc.report.ocr_pages;
    } finally {
      await pool.close();
    }
    pages = JSON.parse(readFileSync(stagedFile(dirs, rec.report_id, 'pages'), 'utf8')) as ExtractedDoc;
  });

  it('routes the scanned page, and only it, to OCR', () => {
    expect(createWorker).toHaveBeenCalledTimes(1);
    expect(ocrCalls).toEqual([SCANNED_PAGE]);
    expect(pages.ocr_pages).toEqual([SCANNED_PAGE]);
    expect(ocrReportPages).toBe(1);
    expect(pages.pages.map((p) => [p.page, p.method, p.route])).toEqual([
      [1, 'text', 'text-layer'],
      [2, 'ocr', 'no-text-layer'],
      [3, 'text', 'text-layer'],
    ]);
    const scanned = pages.pages[SCANNED_PAGE - 1]!;
    expect(scanned.confidence).toBeGreaterThan(0.5);
    expect(scanned.confidence).toBeLessThan(1);
    expect(scanned.items.length).toBeGreaterThan(100);
  });

  it("marks the scanned page's facts 'ocr' with confidence < 1 and the text page's 'text' with 1", () => {
    const fromScan = facts.filter((f) => f.page === SCANNED_PAGE);
    const fromText = facts.filter((f) => f.page !== SCANNED_PAGE);
    expect(new Set(fromScan.map((f) => f.table_code))).toEqual(new Set(['02']));
    expect(new Set(fromText.map((f) => f.table_code))).toEqual(new Set(['03']));
    expect(fromScan.length).toBeGreaterThanOrEqual(150);
    expect(fromText.length).toBeGreaterThan(30);
    for (const f of fromScan) {
      expect(f.method, JSON.stringify(f)).toBe('ocr');
      expect(f.confidence, JSON.stringify(f)).toBeGreaterThan(0);
      expect(f.confidence, JSON.stringify(f)).toBeLessThan(1);
    }
    for (const f of fromText) {
      expect(f.method, JSON.stringify(f)).toBe('text');
      expect(f.confidence, JSON.stringify(f)).toBe(1);
    }
  });

  it('reads ≥ 98 % of the table 02 truth cells off the scan, and flags every wrong one on its row', () => {
    // Keyed like score.py: item_code, else line_no, else item_name (合计); blank counts as 0.
    const key = (r: { item_code?: string | null; line_no?: string | number | null; item_name?: string | null; measure?: string | null }) => {
      const code = (r.item_code ?? '').trim();
      const line = String(r.line_no ?? '').trim();
      return JSON.stringify([code, line, code || line ? '' : (r.item_name ?? '').trim(), r.measure ?? '']);
    };
    const amount = (v: string | null | undefined) => new Decimal(v ? v : '0');
    const truth = readCsv(fixture('000-v5-table02.truth.csv'));
    expect(truth.length).toBe(154);
    const got = new Map(facts.filter((f) => f.table_code === '02').map((f) => [key(f), f]));
    const wrong: { key: string; truth: string; got: string | null }[] = [];
    for (const t of truth) {
      const f = got.get(key(t));
      if (!amount(f?.value_yuan).equals(amount(t.value_yuan))) wrong.push({ key: key(t), truth: t.value_yuan!, got: f?.value_yuan ?? null });
    }
    // Cells the truth does not have count as wrong too, unless they are zero.
    const truthKeys = new Set(truth.map(key));
    for (const [k, f] of got) if (!truthKeys.has(k) && !amount(f.value_yuan).isZero()) wrong.push({ key: k, truth: '0', got: f.value_yuan });
    const right = truth.length - wrong.filter((w) => truthKeys.has(w.key)).length;
    expect(right / truth.length, JSON.stringify(wrong)).toBeGreaterThanOrEqual(0.98);

    // No silent errors: every wrong cell's row carries an error or a warning.
    const flagged = quality.findings.filter((q) => q.table_code === '02' && (q.severity === 'error' || q.severity === 'warning'));
    for (const w of wrong) {
      const [code, line, name] = JSON.parse(w.key) as string[];
      const onRow = flagged.some((q) =>
        code ? q.item_code === code : line ? String(q.line_no ?? '') === line : !q.item_code && q.line_no === null && q.item_name === name,
      );
      expect(onRow, `wrong cell ${w.key}: truth ${w.truth}, read ${w.got}, not flagged by any error/warning`).toBe(true);
    }
  });
});

describe('a text-only report, OCR on', () => {
  let dir: string;
  let log: ReturnType<typeof recordingLogger>;
  let ocrPagesStaged: number[];
  let methods: Set<string>;

  beforeAll(async () => {
    dir = tempDir('juesuan-textonly-');
    log = recordingLogger();
    createWorker.mockClear();
    // OCR left on (the default): the pool is created lazily, on the first page that needs it.
    const summary = await runPipeline({ sources: [SAMPLES.jdz], dirs: dataDirs(dir), log });
    expect(summary.outcomes.map((o) => o.status)).toEqual(['ok']);
    const id = summary.outcomes[0]!.report_id!;
    const pages = JSON.parse(readFileSync(stagedFile(dataDirs(dir), id, 'pages'), 'utf8')) as ExtractedDoc;
    ocrPagesStaged = pages.ocr_pages;
    methods = new Set(pages.pages.map((p) => `${p.method} ${p.route}`));
  });

  it('never routes a page to OCR nor starts an OCR worker', () => {
    expect(ocrPagesStaged).toEqual([]);
    expect(methods).toEqual(new Set(['text text-layer']));
    expect(createWorker).not.toHaveBeenCalled();
    expect(log.lines.filter((l) => /\bOCR\b|\bocr\b/.test(l))).toEqual([]);
    const reports = outputCsv(dir, 'reports');
    expect(reports.map((r) => [r.pages, r.ocr_pages])).toEqual([['30', '0']]);
    const facts = outputCsv(dir, 'facts');
    expect(facts.length).toBeGreaterThan(100);
    for (const f of facts) {
      expect(f.method).not.toBe('ocr');
      expect(Number(f.confidence)).toBe(1);
    }
  });
});

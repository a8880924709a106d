/**
 * The judge parse uses to choose between a scanned report's two readings (parse/readings.ts):
 * a reading is normalised and validated as the pipeline would, and its error and warning
 * findings and its non-zero values are counted per table. Pure; the reading's facts are thrown away.
 */
import { normalise } from '../normalise/index.ts';
import type { Judge, Verdict } from '../parse/index.ts';
import type { ExtractedDoc, SourceRecord } from '../types.ts';
import { extraFrom, validate } from './index.ts';

/** A decimal string that is zero ('0.00', '-0'). */
const ZERO = /^-?0*(\.0*)?$/;

export function validationJudge(rec: SourceRecord, extracted: Pick<ExtractedDoc, 'pages' | 'ocr_pages'>): Judge {
  return (parsed) => {
    const doc = normalise(parsed, rec, { pages: extracted.pages.length, ocr_pages: extracted.ocr_pages.length });
    const verdicts = new Map<string, Verdict>();
    const of = (code: string) => verdicts.get(code) ?? (verdicts.set(code, { findings: 0, values: 0 }), verdicts.get(code)!);
    // Validation first: its OCR repairs change facts.
    const findings = validate(doc, extraFrom(parsed)).findings;
    for (const f of findings) if (f.table_code !== null && (f.severity === 'error' || f.severity === 'warning')) of(f.table_code).findings++;
    for (const f of doc.facts) if (f.value_yuan !== null && !ZERO.test(f.value_yuan)) of(f.table_code).values++;
    return verdicts;
  };
}

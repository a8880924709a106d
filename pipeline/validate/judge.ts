/**
 * The judge parse uses to choose between a scanned report's two readings (parse/readings.ts):
 * a reading is normalised and validated as the pipeline would, and its error and warning
 * findings are counted per table. Pure; the reading's facts are thrown away.
 */
import { normalise } from '../normalise/index.ts';
import type { Judge } from '../parse/index.ts';
import type { ExtractedDoc, SourceRecord } from '../types.ts';
import { extraFrom, validate } from './index.ts';

export function validationJudge(rec: SourceRecord, extracted: Pick<ExtractedDoc, 'pages' | 'ocr_pages'>): Judge {
  return (parsed) => {
    const doc = normalise(parsed, rec, { pages: extracted.pages.length, ocr_pages: extracted.ocr_pages.length });
    const counts = new Map<string, number>();
    for (const f of validate(doc, extraFrom(parsed)).findings) {
      if (f.table_code !== null && (f.severity === 'error' || f.severity === 'warning')) counts.set(f.table_code, (counts.get(f.table_code) ?? 0) + 1);
    }
    return counts;
  };
}

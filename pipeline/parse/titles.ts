/**
 * Recognising the standard tables by their title or their 公开NN表 label. The wordings are
 * template data (pipeline/templates/, `TableSpec.titles` / `title_patterns`), over every
 * family the pipeline knows: 决算 01–10 and 预算 B01–B09.
 */
import { recogniseTitle, squeeze } from '../templates/index.ts';

export { squeeze };

/** The table a title line names, or null. Prose about a table (…情况说明) is not a title. */
export function tableCodeFromTitle(text: string): string | null {
  return recogniseTitle(text);
}

/** '公开01表', '公开 01 表', '公开表01', '表一' style labels → table code. */
export function tableCodeFromLabel(text: string): string | null {
  const t = squeeze(text);
  const m = /公开(?:表)?(\d{1,2})表?/.exec(t);
  if (m) return m[1]!.padStart(2, '0');
  return null;
}

/** Whether a table title says it continues from the previous page. */
export function isContinuationTitle(text: string): boolean {
  return /[（(]续[)）]|续表/.test(text);
}

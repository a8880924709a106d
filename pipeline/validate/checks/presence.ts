/**
 * Presence: every report publishes the tables its template requires (`table.missing`: 决算
 * 01–09, 预算 B01–B07), and a table printed empty says why (`table.empty_unexplained`).
 */
import { tableSpec } from '../../templates/index.ts';
import { NOWHERE, type Ctx } from '../context.ts';
import { templateOfDoc } from '../template.ts';

/**
 * Phrases that explain an empty table: "本表无数据", "没有政府性基金预算财政拨款收入…资金",
 * "无国有资本经营预算财政拨款收支", or prose stating a zero ("政府性基金预算拨款支出0万元").
 * The gap allows the fund's name between the words.
 */
const EMPTY_NOTE =
  /本表无数据|无数据|数据为空|空表|未发生|不涉及|没有.{0,40}?(资金|收入|支出|收支|经费)|无.{0,40}?(收支|收入|支出|资金|经费)|(收入|支出|收支)为?[0零](\.0+)?万?元/;

export function checkPresence(ctx: Ctx): void {
  const { doc } = ctx;
  const printed = new Set([...doc.tables_found, ...doc.tables_empty, ...doc.facts.map((f) => f.table_code)]);
  for (const table of templateOfDoc(doc).required) {
    const ok = printed.has(table);
    ctx.record('table.missing', ok, ok ? undefined : {
      severity: 'error',
      ...NOWHERE,
      table_code: table,
      message: `table ${table} (${tableSpec(table)?.table_name}) was not found in the report; check the parse of the table pages or whether the report omits it`,
    });
  }
}

export function checkEmptyTables(ctx: Ctx, notes: Record<string, string[]>, text: { page: number; lines: string[] }[]): void {
  for (const table of ctx.doc.tables_empty) {
    const explained = (notes[table] ?? []).some((n) => EMPTY_NOTE.test(n)) || explainedInProse(table, text);
    ctx.record('table.empty_unexplained', explained, explained ? undefined : {
      severity: 'warning',
      ...NOWHERE,
      table_code: table,
      message: `table ${table} is printed empty without a note such as "本表无数据" or "没有…资金"; confirm the department really had none`,
    });
  }
}

function explainedInProse(table: string, text: { page: number; lines: string[] }[]): boolean {
  // Words that tie a prose sentence to a table, for explanations given outside the table's notes.
  const subject = tableSpec(table)?.subject;
  if (!subject) return false;
  return text.some((p) => p.lines.some((l) => subject.test(l) && EMPTY_NOTE.test(l)));
}

/**
 * The check catalogue: stable ids (published in the `quality` table's check_id) with what each
 * rule asserts. docs/quality.md documents the same list; a test keeps the two in step.
 */
import type { Severity } from '../types.ts';

export interface CheckSpec {
  check_id: string;
  /** Severity when the rule fails beyond tolerance; arithmetic checks also emit `info` for 尾数误差. */
  severity: Severity;
  rule: string;
}

export const CHECKS: CheckSpec[] = [
  { check_id: 'table.missing', severity: 'error', rule: 'a report publishes the tables its template requires (决算 01–09, 预算 B01–B07)' },
  { check_id: 'table.empty_unexplained', severity: 'warning', rule: 'a table printed empty carries a note (本表无数据 / 没有…资金 / 无…收支)' },
  { check_id: 'sum.children', severity: 'error', rule: '类 = Σ 款 and 款 = Σ 项 for every measure of 02/03/05/07/08 (budget B02/B03/B05/B08/B09); 类 = Σ 款 in 06 (B06)' },
  { check_id: 'sum.row', severity: 'error', rule: '02 本年收入合计 = Σ sources; 03 本年支出合计 = Σ parts; 05/07/08 本年支出合计 = 基本 + 项目; 07 年末 = 年初 + 收入 − 支出; budget B02/B03/B04/B05/B06/B08/B09 合计 = Σ parts where printed' },
  { check_id: 'sum.total', severity: 'error', rule: '合计 row = Σ 类 rows, per measure, in 02/03/05/07/08 (budget B02/B03/B05/B06/B08/B09)' },
  { check_id: 'sum.09', severity: 'error', rule: '09 (budget B07) 合计 = 出国 + 用车 + 接待; 用车 = 购置 + 运行维护, per measure' },
  { check_id: 'lines.01', severity: 'error', rule: '01: 27 = Σ 1–26; 58 = Σ 32–57; 31 = 27+28+29+30; 62 = 58+59+60+61; 62 = 31' },
  { check_id: 'lines.04', severity: 'error', rule: '04: 27 = Σ 1–26; 28 = 29+30+31; 32 = 27+28; per column 59 = Σ 33–58 and 64 = 59+60; 64 合计 = 32; each line 合计 = Σ fund columns' },
  { check_id: 'cross.01_02', severity: 'error', rule: '02 合计 sources = 01 income lines (财政拨款收入 = lines 1+2+3; 上级补助 4 … 其他 8; 本年收入合计 27)' },
  { check_id: 'cross.01_03', severity: 'error', rule: '01 expenditure line of each 类 (201 → 32 …) = 03 类 本年支出合计; 01 line 58 = 03 合计' },
  { check_id: 'cross.04_05', severity: 'error', rule: '04 一般公共预算财政拨款 by 类 (201 → 33 …) = 05 本年支出合计; line 59 = 05 合计' },
  { check_id: 'cross.04_07', severity: 'error', rule: '04 政府性基金预算财政拨款 by 类 = 07 本年支出合计; line 59 = 07 合计' },
  { check_id: 'cross.04_08', severity: 'error', rule: '04 国有资本经营预算财政拨款 by 类 = 08 本年支出合计; line 59 = 08 合计' },
  { check_id: 'cross.05_06', severity: 'error', rule: '05 合计 基本支出 = 06 人员经费合计 + 公用经费合计' },
  { check_id: 'cross.B01', severity: 'error', rule: 'budget B01 支出总计 = 收入总计' },
  { check_id: 'cross.B02_B03', severity: 'error', rule: 'budget B03 合计 = B02 合计' },
  { check_id: 'cross.B01_B03', severity: 'error', rule: 'budget B03 合计 = B01 支出总计' },
  { check_id: 'cross.B04', severity: 'error', rule: 'budget B04 支出总计 合计 = 收入总计' },
  { check_id: 'cross.B04_B05', severity: 'error', rule: 'budget B04 一般公共预算 by 类 and 支出总计 = B05 合计' },
  { check_id: 'cross.B04_B08', severity: 'error', rule: 'budget B04 政府性基金预算 by 类 and 支出总计 = B08 合计' },
  { check_id: 'cross.B04_B09', severity: 'error', rule: 'budget B04 国有资本经营预算 by 类 and 支出总计 = B09 合计' },
  { check_id: 'cross.B05_B06', severity: 'error', rule: 'budget B05 合计 基本支出 = B06 合计' },
  { check_id: 'narrative.mismatch', severity: 'error', rule: 'a figure stated in prose equals the table cell it names, and every statement of it agrees' },
  { check_id: 'claim.comparison', severity: 'error', rule: '决算数大于/小于/等于/(基本)持平 预算数 holds for the figures stated beside it' },
  { check_id: 'claim.completion', severity: 'error', rule: '完成预算的 x% = 决算数 / 预算数, to the rounding printed' },
  { check_id: 'claim.share', severity: 'error', rule: '占 x% = part / whole, to the rounding printed' },
  { check_id: 'claim.change', severity: 'error', rule: '增加/减少 x and 增长/下降 y% agree in direction, with each other and with the prior-year figure where stated' },
  { check_id: 'claim.count', severity: 'error', rule: '车辆/团组/批次/人次 counts equal the statistics rows of tables 09/10' },
  { check_id: 'claim.unchecked', severity: 'info', rule: 'a claim whose figures are neither in its block nor in a table: logged with the reason, not passed' },
  { check_id: 'empty.prose_figures', severity: 'error', rule: 'a table printed empty, or a named row printed blank, while the prose states a non-zero figure for it' },
  { check_id: 'meta.year_mismatch', severity: 'error', rule: 'headings name the report’s fiscal year' },
  { check_id: 'meta.placeholder', severity: 'error', rule: 'no template placeholder (XX / ×× / 某某 / 【】) in headings, titles or the department line' },
  { check_id: 'meta.department_mismatch', severity: 'error', rule: 'a department named in a heading or department line is the cover’s' },
  { check_id: 'toc.table_missing', severity: 'warning', rule: 'every table the 目录 lists is in the report (required 决算 tables: see table.missing)' },
  { check_id: 'toc.table_unlisted', severity: 'warning', rule: 'every table in the report is listed in its 目录 (when the 目录 lists tables)' },
];

export const CHECK_IDS = CHECKS.map((c) => c.check_id);

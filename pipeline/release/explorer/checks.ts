/**
 * What each quality check means, in plain Chinese, for readers of the explorer and the HTML
 * overview. Data, not code: one entry per `check_id` of docs/quality.md. A check without an
 * entry is shown with its id and message only (`explainCheck` says so).
 */

export interface CheckText {
  /** A short name, e.g. 上下级科目合计. */
  title: string;
  /** What the check compares and what a failure means, one or two sentences. */
  meaning: string;
}

export const CHECKS: Record<string, CheckText> = {
  'sum.children': { title: '上下级科目合计', meaning: '“类”应等于其下各“款”之和，“款”应等于其下各“项”之和。不相等说明某个数字读错、印错，或报告漏列了科目。差额不超过每项 0.01（尾数误差）时只作记录。' },
  'sum.row': { title: '行内合计', meaning: '同一行里，合计列应等于各组成列之和，例如 本年支出合计 = 基本支出 + 项目支出 + …；07 表 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出。' },
  'sum.total': { title: '合计行', meaning: '表中“合计”行应等于各“类”行之和（逐列核对）。' },
  'sum.09': { title: '“三公”经费合计', meaning: '“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费；公务用车购置及运行维护费 = 购置费 + 运行维护费。' },
  'lines.01': { title: '01 表行次勾稽', meaning: '收入支出决算总表内：本年收入合计 = 各收入行之和，本年支出合计 = 各支出行之和，收入总计 = 支出总计。' },
  'lines.04': { title: '04 表行次勾稽', meaning: '财政拨款收入支出决算总表内：收入、支出各自的合计与总计行应等于其组成行之和，每个支出行的合计 = 一般公共预算 + 政府性基金 + 国有资本经营。' },
  'cross.01_02': { title: '01 表与 02 表', meaning: '收入决算表（02）合计行的各项收入，应与收入支出决算总表（01）相应收入行相同。' },
  'cross.01_03': { title: '01 表与 03 表', meaning: '收入支出决算总表（01）每一类支出，应与支出决算表（03）该类的本年支出合计相同；01 本年支出合计 = 03 合计。' },
  'cross.04_05': { title: '04 表与 05 表', meaning: '财政拨款收入支出决算总表（04）中一般公共预算财政拨款的每一类支出，应与一般公共预算财政拨款支出决算表（05）相同。' },
  'cross.04_07': { title: '04 表与 07 表', meaning: '04 表中政府性基金预算财政拨款的每一类支出，应与政府性基金预算财政拨款收入支出决算表（07）相同。' },
  'cross.04_08': { title: '04 表与 08 表', meaning: '04 表中国有资本经营预算财政拨款的每一类支出，应与国有资本经营预算财政拨款支出决算表（08）相同。' },
  'cross.05_06': { title: '05 表与 06 表', meaning: '05 表合计行的基本支出，应等于 06 表人员经费合计与公用经费合计之和。' },
  'cross.B01': { title: 'B01 收支平衡', meaning: '部门收支总表（B01）的收入总计应等于支出总计。' },
  'cross.B01_B03': { title: 'B01 表与 B03 表', meaning: '部门收支总表（B01）的支出总计，应与部门支出总表（B03）合计行的合计相同。' },
  'cross.B02_B03': { title: 'B02 表与 B03 表', meaning: '部门收入总表（B02）的合计，应与部门支出总表（B03）的合计相同。' },
  'cross.B04': { title: 'B04 收支平衡', meaning: '财政拨款收支总表（B04）的收入总计应等于支出总计。' },
  'cross.B04_B05': { title: 'B04 表与 B05 表', meaning: '财政拨款收支总表（B04）中一般公共预算的每一类支出，应与一般公共预算支出表（B05）相同。' },
  'cross.B04_B08': { title: 'B04 表与 B08 表', meaning: 'B04 表中政府性基金预算的每一类支出，应与政府性基金预算支出表（B08）相同。' },
  'cross.B04_B09': { title: 'B04 表与 B09 表', meaning: 'B04 表中国有资本经营预算的每一类支出，应与国有资本经营预算支出表（B09）相同。' },
  'cross.B05_B06': { title: 'B05 表与 B06 表', meaning: '一般公共预算支出表（B05）合计行的基本支出，应等于一般公共预算基本支出表（B06）的合计。' },
  'table.missing': { title: '缺表', meaning: '模板要求公开的表（决算 01–09 表，预算 B01–B07 表）在报告中没有找到，也没有以空表或说明出现。' },
  'table.empty_unexplained': { title: '空表未说明', meaning: '这张表是空的，但没有“本表无数据”“未发生”之类的说明。' },
  'table.empty': { title: '空表', meaning: '这张表印为空表，报告有说明。' },
  'narrative.mismatch': { title: '文字与表格', meaning: '报告文字说明中的数字，应与表格中同一项目的数字相同；在文字本身的精度内相等只作记录。' },
  'claim.comparison': { title: '文字中的比较', meaning: '说明中写“决算数大于/小于/等于预算数”等，应与同一段里写出的决算数和预算数相符。' },
  'claim.completion': { title: '文字中的完成率', meaning: '说明中写“完成预算的 x%”，应等于决算数 ÷ 预算数（按所印的精度）。' },
  'claim.share': { title: '文字中的占比', meaning: '说明中写“占 x%”，应等于部分 ÷ 总数（按所印的精度）。' },
  'claim.change': { title: '文字中的增减', meaning: '说明中写“增加/减少 x 万元、增长/下降 y%”，方向应一致，且 y = x ÷ 上年数。' },
  'claim.count': { title: '文字中的数量', meaning: '说明中的车辆数、出国团组数、接待批次和人次，应与 09 表的统计行或 10 表相同。' },
  'claim.unchecked': { title: '未能核对的说明', meaning: '说明中的这句话所用的数字既不在本段也不在表格中，无法核对，只作记录。' },
  'empty.prose_figures': { title: '空表与文字不符', meaning: '表格印为空，或合计行空白，但说明文字写了不为零的数字。' },
  'meta.placeholder': { title: '模板占位符', meaning: '标题、表头或部门行中还留着“XX”“某某”“【】”之类的模板占位符。' },
  'meta.department_mismatch': { title: '部门名称不符', meaning: '页面标题或表格的部门行写的是另一个部门。' },
  'toc.table_missing': { title: '目录所列的表缺失', meaning: '报告目录列出了这张表，但正文中没有找到。' },
  'toc.table_unlisted': { title: '表不在目录中', meaning: '正文中有这张表，但报告目录没有列出。' },
  'extract.limit': { title: '超出处理限制', meaning: '文件页数、扫描页数或识别时间超过了处理上限，超出的部分没有读取，报告因此不完整。' },
  'extract.warning': { title: '读取提示', meaning: '读取源文件时遇到问题（例如某页无法解析），详见说明。' },
  'meta.year_mismatch': { title: '年度不符', meaning: '页面标题写的年度与报告年度不同，可能是套用了旧模板或混入了别年的页面。' },
  'unit.assumed': { title: '金额单位推定', meaning: '表格没有写明金额单位，按该报告其他表格或默认的万元处理。' },
  'ocr.repaired': { title: '扫描识别修正', meaning: '扫描页识别出的数字不满足勾稽关系，且只有一种改法能让它成立；已按此修正，记录修正前后的数字。' },
  'ocr.code_repaired': { title: '扫描识别修正（编码）', meaning: '扫描页识别出的科目编码与名称不符，已按分类科目表修正。' },
  'ocr.doubt': { title: '扫描识别存疑', meaning: '这个数字来自扫描页的文字识别，所在的勾稽关系不完全成立，请对照原页核实。' },
  'ocr.unverified': { title: '扫描识别未经核实', meaning: '这一行来自扫描页的文字识别，没有一个完全成立的勾稽关系能证实它（或识别时漏掉了它的组成项），请对照原页核实。' },
  'ocr.row_lost': { title: '扫描漏行', meaning: '这个科目在本表的下级科目或其他表中出现，但扫描识别没有读到本表的这一行（或读错了它的编码），请对照原页核实。' },
  'ocr.row_unplaced': { title: '扫描行编码不明', meaning: '扫描识别读到的某些行编码无法辨认或不在分类科目中，它们本应所在的行缺失或数值错位，请对照原页核实整张表。' },
  'code.unknown': { title: '未知科目编码', meaning: '科目编码不在该年度《政府收支分类科目》中，可能印错或读错。' },
  'code.name_mismatch': { title: '科目名称不符', meaning: '科目名称与分类科目中该编码的名称不同。' },
  'row.unkeyed': { title: '无法识别的行', meaning: '这一行既没有科目编码、行次，也无法按名称对应到模板，因此没有作为数据发布。' },
  'table.unmapped': { title: '未对应到模板的表', meaning: '这张表的编号或标题属于别的报告体系，没有对应到本报告模板的标准表；它的数字仍保留在 cells 中，但不作为标准数据发布。' },
  'template.unknown': { title: '未知的报告类型', meaning: '没有一个模板认得这份报告的类型；读出的单元格保留，报告状态为“部分”。' },
  'table.values_unreadable': { title: '表格单元格粘连', meaning: '这张表有多个金额读不成数字，说明相邻的列或栏在识别时连在了一起；表中可能有行缺失，需要对照原页核对。' },
  'table.unreadable': { title: '表格未能读出', meaning: '找到了这张标准表，表中也印有金额，但一个数据都没有读出来（版式未能识别）；报告因此不能算完整。' },
  'measure.unknown': { title: '未知的栏目', meaning: '这一栏的表头不是模板中的栏目，栏中的数字没有作为标准数据发布（仍保留在 cells 中）。' },
  'measure.by_position': { title: '按位置确定栏目', meaning: '表头无法读出，各栏按模板的栏目顺序对应；请对照原页确认。' },
  'measure.beyond_template': { title: '模板以外的栏目', meaning: '这一栏（如会议费、培训费）不属于模板的栏目，数字没有作为标准数据发布。' },
  'value.unreadable': { title: '数字无法读出', meaning: '这个单元格的内容不是一个可读的金额，没有发布。' },
  'source.unusable': { title: '源文件不可用', meaning: '源文件无法作为报告处理（不是 PDF/HTML/文本，或已损坏），没有读出数据。' },
  'tables.none': { title: '未找到表格', meaning: '报告中没有找到任何可读的表格。' },
  'tables.narrative_only': { title: '只有文字说明', meaning: '这份文件只有文字说明，表格不在其中；文字中的数字作为数据发布（method = narrative）。' },
  'report.unreadable': { title: '文件无法读取', meaning: '源文件无法打开或解析，没有读出任何数据。' },
};

/** The plain-Chinese text for a check; unknown ids fall back to the id itself. */
export function explainCheck(checkId: string): CheckText {
  return CHECKS[checkId] ?? { title: checkId, meaning: '（本发布未收录这项检查的说明，请参见 docs/quality.md。）' };
}

/** Severity in Chinese, as shown next to findings. */
export const SEVERITY_ZH: Record<string, string> = { error: '错误', warning: '警告', info: '记录' };

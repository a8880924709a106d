/**
 * Subject knowledge shared by every template: the 支出功能分类 类 in the order summary tables
 * list them, and the canonical 三公 items.
 */

/** 支出功能分类 类 in template order, with older names that some templates still print. */
export const CLASS_ORDER: { code: string; names: string[] }[] = [
  { code: '201', names: ['一般公共服务支出'] },
  { code: '202', names: ['外交支出'] },
  { code: '203', names: ['国防支出'] },
  { code: '204', names: ['公共安全支出'] },
  { code: '205', names: ['教育支出'] },
  { code: '206', names: ['科学技术支出'] },
  { code: '207', names: ['文化旅游体育与传媒支出', '文化体育与传媒支出'] },
  { code: '208', names: ['社会保障和就业支出'] },
  { code: '210', names: ['卫生健康支出', '医疗卫生与计划生育支出', '医疗卫生支出'] },
  { code: '211', names: ['节能环保支出'] },
  { code: '212', names: ['城乡社区支出'] },
  { code: '213', names: ['农林水支出'] },
  { code: '214', names: ['交通运输支出'] },
  { code: '215', names: ['资源勘探工业信息等支出', '资源勘探信息等支出'] },
  { code: '216', names: ['商业服务业等支出'] },
  { code: '217', names: ['金融支出'] },
  { code: '219', names: ['援助其他地区支出'] },
  { code: '220', names: ['自然资源海洋气象等支出', '国土海洋气象等支出'] },
  { code: '221', names: ['住房保障支出'] },
  { code: '222', names: ['粮油物资储备支出'] },
  { code: '223', names: ['国有资本经营预算支出'] },
  { code: '224', names: ['灾害防治及应急管理支出'] },
  { code: '229', names: ['其他支出'] },
  { code: '231', names: ['债务还本支出'] },
  { code: '232', names: ['债务付息支出'] },
  { code: '234', names: ['抗疫特别国债安排的支出'] },
];

/** The 类 code a printed 类 name stands for ('一、一般公共服务支出' → '201'), or null. */
export function classCodeOfName(label: string): string | null {
  const name = label.normalize('NFKC').replace(/\s/g, '').replace(/^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])/, '');
  const bare = name.replace(/支出$/, '');
  return CLASS_ORDER.find((c) => c.names.some((n) => n === name || n.replace(/支出$/, '') === bare))?.code ?? null;
}

/** Canonical 三公 item names, in template order. */
export const SANGONG_ITEMS = [
  '合计',
  '因公出国（境）费',
  '公务用车购置及运行维护费',
  '公务用车购置费',
  '公务用车运行维护费',
  '公务接待费',
  '国内接待费',
  '国（境）外接待费',
];

/** 三公 identities: 合计 and 公务用车 as sums of their printed parts. */
export const SANGONG_SUMS: { total: string; parts: string[] }[] = [
  { total: '合计', parts: ['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'] },
  { total: '公务用车购置及运行维护费', parts: ['公务用车购置费', '公务用车运行维护费'] },
];

/**
 * Text normalisation shared by every extractor (PDF text layer, OCR, HTML, TXT): one string in,
 * one cleaned string out. Pure, allocation-light, no I/O.
 *
 * What it fixes, and why:
 * - NFKC: full-width digits/letters/punctuation (１２３，（）) become ASCII; Kangxi Radicals
 *   (U+2F00–U+2FDF, e.g. ⾦) and CJK Compatibility Ideographs become ordinary ideographs. PDF fonts
 *   without a proper ToUnicode map often emit these look-alikes.
 * - CJK Radicals Supplement (U+2E80–U+2EFF) has no NFKC mapping, yet the same fonts emit ⻓ for 长,
 *   ⻔ for 门 etc.: a small map below turns the common ones into the ideograph they stand for.
 * - Zero-width characters and soft hyphens are dropped; every other kind of space becomes ' '.
 * - A single space between Han characters is removed (`卫 生 健 康` → `卫生健康`, `项　目` → `项目`):
 *   producers space out short labels to justify them. A single space next to a number is kept
 *   (`行政运行 289.95`, `1.00 2.00`): it separates values.
 * - A wider gap (two or more spaces, e.g. `局　　　　金额单位`) separates two fields: it becomes
 *   exactly two spaces, so the fields stay apart and a second pass changes nothing.
 */

/** CJK Radicals Supplement → the ideograph the glyph is used for in Chinese text. */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2E81': '厂', '\u2E85': '亻', '\u2E89': '刂', '\u2E8C': '小', '\u2E8D': '小', '\u2E92': '巳',
  '\u2E93': '幺', '\u2E96': '忄', '\u2E97': '心', '\u2E98': '扌', '\u2E99': '攵', '\u2E9D': '月',
  '\u2E9E': '歹', '\u2E9F': '母', '\u2EA0': '民', '\u2EA1': '氵', '\u2EA2': '氺', '\u2EA3': '灬',
  '\u2EA4': '爫', '\u2EA6': '丬', '\u2EA7': '牛', '\u2EA8': '犭', '\u2EA9': '王', '\u2EAC': '示',
  '\u2EAD': '礻', '\u2EAE': '竹', '\u2EAF': '糸', '\u2EB0': '纟', '\u2EB6': '羊', '\u2EB9': '耂',
  '\u2EBB': '聿', '\u2EBC': '月', '\u2EBE': '艹', '\u2EBF': '艹', '\u2EC0': '艹', '\u2EC1': '虎',
  '\u2EC2': '衤', '\u2EC4': '西', '\u2EC5': '见', '\u2EC6': '角', '\u2EC8': '讠', '\u2EC9': '贝',
  '\u2ECB': '车', '\u2ECC': '辶', '\u2ECD': '辶', '\u2ECE': '辶', '\u2ECF': '阝', '\u2ED0': '钅',
  '\u2ED1': '長', '\u2ED3': '长', '\u2ED4': '门', '\u2ED6': '阝', '\u2ED7': '雨', '\u2ED8': '青',
  '\u2ED9': '韦', '\u2EDA': '页', '\u2EDB': '风', '\u2EDC': '飞', '\u2EDD': '食', '\u2EE0': '饣',
  '\u2EE1': '首', '\u2EE2': '马', '\u2EE3': '骨', '\u2EE4': '鬼', '\u2EE5': '鱼', '\u2EE6': '鸟',
  '\u2EE7': '卤', '\u2EE8': '麦', '\u2EE9': '黄', '\u2EEA': '黾', '\u2EEC': '齐', '\u2EEE': '齿',
  '\u2EF0': '龙', '\u2EF3': '龟',
};

const RADICAL_RE = /[\u2E80-\u2EFF]/g;
/** Zero-width space/joiners, word joiner, BOM, soft hyphen, C0 controls other than whitespace. */
const INVISIBLE_RE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u0000-\u0008\u000E-\u001F\u007F]/g;
/** Any run of whitespace, including NBSP and the ideographic space NFKC may leave behind. */
const SPACE_RUN_RE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;
/** Han ideographs plus CJK punctuation and the curly quotes Chinese text uses. */
const HAN = '[\\p{Script=Han}\\u3001-\\u303F\\u201C\\u201D\\u2018\\u2019]';
/** One space with Han on one side and Han or a bracket (NFKC turns （） into ()) on the other. */
const HAN_GAP_RE = new RegExp(`(?<=${HAN}) (?=${HAN}|[()\\[\\]])|(?<=[()\\[\\]]) (?=${HAN})`, 'gu');
/** Two or more spaces in a row: a field separator, kept as two spaces the gap rule leaves alone. */
const WIDE_GAP = '\u0000';

/** Printable ASCII without spaces (most numbers in a table): nothing above can change it. */
const UNCHANGED_RE = /^[!-~]*$/;

export function normaliseText(s: string): string {
  if (UNCHANGED_RE.test(s)) return s;
  let t = s.normalize('NFKC');
  t = t.replace(INVISIBLE_RE, '');
  t = t.replace(RADICAL_RE, (c) => RADICAL_SUPPLEMENT[c] ?? c);
  t = t.replace(SPACE_RUN_RE, (run) => (run.length > 1 ? WIDE_GAP : ' '));
  t = t.replace(HAN_GAP_RE, '');
  t = t.replaceAll(WIDE_GAP, '  ');
  return t.trim();
}

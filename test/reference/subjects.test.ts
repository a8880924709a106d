import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  allSubjects,
  economicCodeByName,
  findFunctionCode,
  lookupSubject,
  nameMatchesCode,
  namesMatch,
  splitLevelPhrase,
} from '../../pipeline/normalise/reference/subjects.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/reference/${name}`, import.meta.url), 'utf8');

describe('lookupSubject', () => {
  it.each([
    ['20805', 2019, '行政事业单位离退休'],
    ['20805', 2020, '行政事业单位养老支出'],
    ['20805', 2024, '行政事业单位养老支出'],
    ['20805', undefined, '行政事业单位养老支出'],
    ['2080599', 2015, '其他行政事业单位离退休支出'],
    ['2080599', 2024, '其他行政事业单位养老支出'],
    ['210', 2018, '医疗卫生与计划生育支出'],
    ['210', 2019, '卫生健康支出'],
    ['21305', 2020, '扶贫'],
    ['21305', 2021, '巩固脱贫攻坚成果衔接乡村振兴'],
    ['2101501', 2024, '行政运行'],
    ['30201', 2024, '办公费'],
    ['234', 2022, '抗疫特别国债安排的支出'],
  ])('%s in %s is %s', (code, year, name) => {
    expect(lookupSubject(code, year)?.name).toBe(name);
  });

  it('gives level, parent and classification', () => {
    expect(lookupSubject('2080505')).toEqual({
      code: '2080505',
      classification: '功能分类',
      level: '项',
      name: '机关事业单位基本养老保险缴费支出',
      parent_code: '20805',
      valid_from: null,
      valid_to: null,
    });
    expect(lookupSubject('30101')).toMatchObject({ classification: '经济分类', level: '款', parent_code: '301' });
  });

  it('returns null for unknown codes and for years before a code existed', () => {
    expect(lookupSubject('2089876')).toBeNull();
    expect(lookupSubject('21015', 2018)).toBeNull();
    expect(lookupSubject('234', 2019)).toBeNull();
  });
});

describe('the reference data', () => {
  const rows = allSubjects();
  const codes = new Set(rows.map((r) => r.code));

  it('has all 类 of the function classification, 201 to 234', () => {
    for (const c of ['201', '205', '208', '210', '212', '213', '221', '224', '227', '229', '230', '231', '232', '233', '234']) {
      expect(codes.has(c), c).toBe(true);
    }
  });

  it('is internally consistent: levels, parents, year ranges', () => {
    const LEVEL_BY_LENGTH: Record<number, string> = { 3: '类', 5: '款', 7: '项' };
    for (const r of rows) {
      expect(r.level, r.code).toBe(LEVEL_BY_LENGTH[r.code.length]);
      expect(r.classification, r.code).toBe(r.code.startsWith('2') ? '功能分类' : '经济分类');
      if (r.level === '类') expect(r.parent_code).toBeNull();
      else {
        expect(r.parent_code, r.code).toBe(r.code.slice(0, -2));
        expect(codes.has(r.parent_code!), `parent of ${r.code}`).toBe(true);
      }
      if (r.valid_from !== null && r.valid_to !== null) expect(r.valid_from).toBeLessThanOrEqual(r.valid_to);
    }
  });

  it('has exactly one name per code in any year', () => {
    for (const code of codes) {
      for (const year of [2015, 2018, 2019, 2020, 2021, 2024]) {
        const valid = rows.filter(
          (r) => r.code === code && (r.valid_from ?? 0) <= year && year <= (r.valid_to ?? 9999),
        );
        expect(valid.length, `${code} in ${year}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('namesMatch', () => {
  it.each([
    ['行政运行', '行政运行', true],
    [' 行政 运行 ', '行政运行', true],
    ['因公出国(境)费用', '因公出国（境）费用', true],
    ['退职(役)费', '退职（役）费', true],
    ['其他社会保障和就业', '其他社会保障和就业支出', true],
    ['其他对个人和家庭的补助支出', '其他对个人和家庭的补助', true],
    ['公务用车运行维护', '公务用车运行维护费', true],
    ['机关事业单位基本养老保险缴', '机关事业单位基本养老保险缴费', true],
    ['其他商品和服务支', '其他商品和服务支出', true],
    ['卫生健康（类）', '卫生健康支出', true],
    ['财政对基本养老保险基金补助', '财政对基本养老保险基金的补助', true],
    ['住房公积金', '住房公积金管理', false],
    ['行政运行', '事业运行', false],
    ['医疗费', '医疗费补助', false],
    ['其他卫生健康支出', '卫生健康支出', false],
    ['', '行政运行', false],
  ])('%s ~ %s → %s', (printed, canonical, expected) => {
    expect(namesMatch(printed, canonical)).toBe(expected);
  });

  it('knows observed variants of a code', () => {
    expect(nameMatchesCode('公务员医疗补助缴款', '30111')).toBe(true);
    expect(nameMatchesCode('生活补贴', '30305')).toBe(true);
    expect(nameMatchesCode('办公费', '30111')).toBe(false);
  });
});

describe('findFunctionCode', () => {
  it.each([
    [{ lei: '卫生健康支出' }, '210'],
    [{ lei: '卫生健康支出', kuan: '医疗保障管理事务' }, '21015'],
    [{ lei: '卫生健康支出', kuan: '医疗保障管理事务', xiang: '行政运行' }, '2101501'],
    [{ lei: '一般公共服务支出', kuan: '财政事务', xiang: '行政运行' }, '2010601'],
    [{ lei: '一般公共服务支出', kuan: '统计信息事务', xiang: '行政运行' }, '2010501'],
    [{ kuan: '医疗保障管理事务', xiang: '事业运行' }, '2101550'],
    [{ lei: '卫生健康支出', xiang: '行政运行' }, null],
    [{ xiang: '行政运行' }, null],
    [{ lei: '不存在的支出' }, null],
  ])('%j → %s', (names, code) => {
    expect(findFunctionCode(names, 2024)).toBe(code);
  });

  it('prefers the name valid in the year but accepts a former one', () => {
    expect(findFunctionCode({ lei: '医疗卫生与计划生育支出' }, 2018)).toBe('210');
    expect(findFunctionCode({ lei: '医疗卫生与计划生育支出' }, 2024)).toBe('210');
    expect(findFunctionCode({ lei: '社会保障和就业', kuan: '行政事业单位离退休' }, 2024)).toBe('20805');
    expect(findFunctionCode({ lei: '农林水支出', kuan: '扶贫' })).toBe('21305');
  });

  const phrases = fixture('level-phrases.tsv')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string]);

  it.each(phrases)('seed phrase → %s: %s', (expected, phrase) => {
    expect(findFunctionCode(splitLevelPhrase(phrase), 2024)).toBe(expected === '-' ? null : expected);
  });
});

describe('splitLevelPhrase', () => {
  it('splits prose into levels, keeping brackets that are part of a name', () => {
    expect(splitLevelPhrase('9.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）: 支出')).toEqual({
      lei: '卫生健康支出',
      kuan: '医疗保障管理事务',
      xiang: '行政运行',
    });
    expect(splitLevelPhrase('一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）')).toEqual({
      lei: '一般公共服务支出',
      kuan: '政府办公厅(室)及相关机构事务',
      xiang: '行政运行',
    });
    expect(findFunctionCode(splitLevelPhrase('一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）机关服务（项）'))).toBe('2010303');
  });
});

describe('economicCodeByName', () => {
  it.each([
    ['办公费', '30201'],
    ['基本工资', '30101'],
    ['因公出国(境)费用', '30212'],
    ['公务用车运行维护', '30231'],
    ['机关事业单位基本养老保险缴', '30108'],
    ['公务员医疗补助缴款', '30111'],
    ['住房公积金', '30113'],
    ['房屋建筑物购建', '31001'],
    ['资本金注入', '31201'],
    ['商品和服务支出', '302'],
    ['其他支出', null],
    ['行政运行', null],
  ])('%s → %s', (name, code) => {
    expect(economicCodeByName(name)).toBe(code);
  });

  it('resolves a 类/款 tie when told the level', () => {
    expect(economicCodeByName('其他支出', '类')).toBe('399');
    expect(economicCodeByName('其他支出', '款')).toBe('39999');
  });
});

describe('coverage of the public corpus', () => {
  const CODED_TABLES = new Set(['02', '03', '05', '06']);
  const cases: [string, string, string][] = [];
  for (const file of ['000-v1.truth.csv', '001-v1.truth.csv']) {
    const rows: Record<string, string>[] = parse(fixture(file), { columns: true, bom: true });
    for (const r of rows) {
      if (CODED_TABLES.has(r.table_code!) && r.item_code) cases.push([file, r.item_code, r.item_name!]);
    }
  }
  const distinct = [...new Map(cases.map((c) => [c.join('|'), c])).values()];

  it('has coded rows to check', () => {
    expect(distinct.length).toBeGreaterThan(100);
  });

  it.each(distinct)('%s: %s %s is in the reference under a matching name', (_file, code, name) => {
    const ref = lookupSubject(code, 2024);
    expect(ref, code).not.toBeNull();
    expect(nameMatchesCode(name, code), `${name} vs ${ref?.name}`).toBe(true);
  });
});

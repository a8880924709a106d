import { describe, expect, it } from 'vitest';
import { allRegions, inferRegion } from '../../pipeline/normalise/reference/regions.ts';

const r = (province: string | null, city: string | null, county: string | null) => ({ province, city, county });

describe('inferRegion', () => {
  it.each([
    // the three seeds' and the real report's departments
    ['景德镇市医疗保障局', r('江西省', '景德镇市', null)],
    ['2024 年度 聊城市医疗保障局（汇 总）部门决算', r('山东省', '聊城市', null)],
    ['聊城市医疗保障局', r('山东省', '聊城市', null)],
    ['遂宁市安居区医疗保障局下属二级单位0个', r('四川省', '遂宁市', '安居区')],
    ['上海市普陀区财政局', r('上海市', '上海市', '普陀区')],
    // province only, and province + city
    ['江西省财政厅', r('江西省', null, null)],
    ['江西省景德镇市浮梁县财政局', r('江西省', '景德镇市', '浮梁县')],
    // county-level cities, nested names and short names
    ['峨眉山市财政局', r('四川省', '乐山市', '峨眉山市')],
    ['瑞金市教育局', r('江西省', '赣州市', '瑞金市')],
    ['阿坝州财政局', r('四川省', '阿坝藏族羌族自治州', null)],
    ['吉林市财政局', r('吉林省', '吉林市', null)],
    ['吉林省财政厅', r('吉林省', null, null)],
    ['重庆市石柱土家族自治县财政局', r('重庆市', '重庆市', '石柱土家族自治县')],
    // two-character counties only right after their city
    ['聊城市莘县财政局', r('山东省', '聊城市', '莘县')],
    ['攀枝花市东区财政局', r('四川省', '攀枝花市', '东区')],
    ['广东区域协调发展', r('广东省', null, null)],
    // ambiguous district names: resolved by a parent, else left null
    ['朝阳区人民政府', r(null, null, null)],
    ['北京市朝阳区财政局', r('北京市', '北京市', '朝阳区')],
    ['长春市朝阳区财政局', r('吉林省', '长春市', '朝阳区')],
    ['普陀区财政局', r(null, null, null)],
    ['舟山市普陀区财政局', r('浙江省', '舟山市', '普陀区')],
    ['市中区财政局', r(null, null, null)],
    ['济南市市中区财政局', r('山东省', '济南市', '市中区')],
    ['山东省市中区财政局', r('山东省', null, null)],
    // an unambiguous district alone implies its city
    ['安居区医疗保障局', r('四川省', '遂宁市', '安居区')],
    ['没有地名的文本', r(null, null, null)],
  ])('%s', (text, expected) => {
    expect(inferRegion(text)).toEqual(expected);
  });

  it('takes the first city of a longer cover text', () => {
    const cover = '景德镇市医疗保障局2024年度部门决算 根据江西省财政厅要求……参照南昌市做法';
    expect(inferRegion(cover)).toEqual(r('江西省', '景德镇市', null));
  });
});

describe('region reference', () => {
  const regions = allRegions();
  const count = (pred: (x: (typeof regions)[number]) => boolean) => regions.filter(pred).length;

  it('covers 31 provinces and all 333 prefecture-level divisions plus 4 municipalities', () => {
    expect(count((x) => x.level === 'province')).toBe(31);
    expect(count((x) => x.level === 'city')).toBe(337);
  });

  it.each([
    ['江西省', 100],
    ['山东省', 136],
    ['四川省', 183],
    ['上海市', 16],
  ])('lists every county-level division of %s', (province, n) => {
    expect(count((x) => x.level === 'county' && x.province === province)).toBe(n);
  });

  it('links every county to a listed city and every city to a listed province', () => {
    const names = new Set(regions.filter((x) => x.level !== 'county').map((x) => `${x.level}:${x.name}`));
    for (const x of regions) {
      if (x.level === 'city') expect(names.has(`province:${x.parent}`), x.name).toBe(true);
      if (x.level === 'county') expect(names.has(`city:${x.parent}`), x.name).toBe(true);
    }
  });
});

/**
 * A small starting tree of request categories (two levels). Administrators replace or extend
 * it; the Guangdong standard DB44/T 2479-2024 is a fuller alternative.
 */
export interface SeedCategory {
  code: string;
  name: string;
  children?: readonly SeedCategory[];
}

export const seedCategories: readonly SeedCategory[] = [
  { code: "01", name: "城乡建设", children: [
    { code: "0101", name: "物业管理" },
    { code: "0102", name: "房屋质量" },
    { code: "0103", name: "违法建设" },
  ] },
  { code: "02", name: "市容环境", children: [
    { code: "0201", name: "噪声扰民" },
    { code: "0202", name: "垃圾清运" },
    { code: "0203", name: "占道经营" },
  ] },
  { code: "03", name: "交通出行", children: [
    { code: "0301", name: "公交线路" },
    { code: "0302", name: "道路设施" },
    { code: "0303", name: "停车管理" },
  ] },
  { code: "04", name: "公用事业", children: [
    { code: "0401", name: "供水" },
    { code: "0402", name: "供电" },
    { code: "0403", name: "供气" },
    { code: "0404", name: "供暖" },
  ] },
  { code: "05", name: "劳动社保", children: [
    { code: "0501", name: "拖欠工资" },
    { code: "0502", name: "社保缴纳" },
    { code: "0503", name: "就业服务" },
  ] },
  { code: "06", name: "市场监管", children: [
    { code: "0601", name: "食品安全" },
    { code: "0602", name: "消费维权" },
    { code: "0603", name: "价格监督" },
  ] },
  { code: "07", name: "教育卫生", children: [
    { code: "0701", name: "学校管理" },
    { code: "0702", name: "医疗服务" },
  ] },
  { code: "99", name: "其他" },
];

/**
 * The 30 member units of the Weidong district working group (卫东区政务服务“应进必进”和
 * “一证通办”工作专班成员单位, 平卫“放管服”组〔2023〕6号, attachment 1), used as the demo
 * departments. Codes are our own pinyin abbreviations.
 */
export const seedDepartments: readonly { code: string; name: string }[] = [
  { code: "ZWFW", name: "区政务服务和大数据管理局" },
  { code: "XWCB", name: "区新闻出版局" },
  { code: "MZZJ", name: "区民宗局" },
  { code: "FGW", name: "区发改委" },
  { code: "JTJ", name: "区教体局" },
  { code: "KJJ", name: "区科技局" },
  { code: "MZJ", name: "区民政局" },
  { code: "SFJ", name: "区司法局" },
  { code: "CZJ", name: "区财政局" },
  { code: "RSJ", name: "区人社局" },
  { code: "ZJJ", name: "区住建局" },
  { code: "JTYS", name: "区交通局" },
  { code: "NYSL", name: "区农业农村和水利局" },
  { code: "SWJ", name: "区商务局" },
  { code: "WGLJ", name: "区文化广电和旅游局" },
  { code: "WJW", name: "区卫健委" },
  { code: "TYJR", name: "区退役军人事务局" },
  { code: "YJJ", name: "区应急局" },
  { code: "TJJ", name: "区统计局" },
  { code: "SCJG", name: "区市场监管局" },
  { code: "YBJ", name: "区医保局" },
  { code: "JRJ", name: "区金融局" },
  { code: "CGJ", name: "区城管局" },
  { code: "CL", name: "区残联" },
  { code: "DAJ", name: "区档案局" },
  { code: "SBJ", name: "区社保局" },
  { code: "GAFJ", name: "卫东公安分局" },
  { code: "STHJ", name: "卫东生态环境分局" },
  { code: "XFJY", name: "卫东消防救援大队" },
  { code: "SWUJ", name: "区税务局" },
];

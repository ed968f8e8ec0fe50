/** What callers and citizens report during the load run: a few everyday 12345 matters. */
export const REPORTS: readonly { title: string; description: string; address: string }[] = [
  { title: "路灯不亮", description: "小区门口的路灯连续三个晚上不亮，行人夜间出行不便，请尽快维修。", address: "建设路 18 号" },
  { title: "夜间施工噪音扰民", description: "工地晚上十一点以后仍在施工，噪音很大，影响居民休息。", address: "光明路与人民路交叉口" },
  { title: "占道经营", description: "早市摊贩占用人行道经营，行人只能走机动车道，存在安全隐患。", address: "新华街农贸市场东侧" },
  { title: "小区电梯经常停运", description: "楼内电梯本月已停运四次，物业迟迟不修，老人上下楼困难。", address: "幸福里小区 5 号楼" },
  { title: "咨询社保卡补办", description: "社保卡丢失，想咨询补办需要带哪些材料，在哪里办理，多久能拿到。", address: "" },
  { title: "下水道堵塞", description: "单元门口下水道堵塞，污水外溢，气味很大，请相关部门清理。", address: "和平路 7 号院" },
  { title: "公交站台破损", description: "公交站台顶棚破损，下雨天无法避雨，玻璃有脱落风险。", address: "文化路公交站" },
  { title: "垃圾清运不及时", description: "垃圾桶已满两天没有清运，周边堆满垃圾，蚊蝇很多。", address: "东风小区北门" },
];

import type { LimitUnit, RequestType, Urgency } from "../schema";

/**
 * Starting time limits, from published local rules (see docs: domain brief §4). Administrators
 * change them; the catch-all row (no keys) must stay so every ticket gets limits.
 */
export const seedTimeLimitRules: readonly {
  name: string;
  requestType: RequestType | null;
  urgency: Urgency | null;
  dispatch: [number, LimitUnit];
  sign: [number, LimitUnit];
  handle: [number, LimitUnit];
}[] = [
  { name: "默认", requestType: null, urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [7, "working_days"] },
  { name: "一般咨询", requestType: "consultation", urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [3, "working_days"] },
  { name: "一般求助", requestType: "help", urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [3, "working_days"] },
  { name: "一般投诉", requestType: "complaint", urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [7, "working_days"] },
  { name: "举报", requestType: "report", urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [15, "working_days"] },
  { name: "建议", requestType: "suggestion", urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [15, "working_days"] },
  { name: "表扬", requestType: "praise", urgency: null, dispatch: [24, "hours"], sign: [4, "working_hours"], handle: [5, "working_days"] },
  { name: "加急（水电气暖、极端天气）", requestType: null, urgency: "urgent", dispatch: [2, "hours"], sign: [1, "hours"], handle: [24, "hours"] },
  { name: "紧急（危及生命财产安全）", requestType: null, urgency: "emergency", dispatch: [1, "hours"], sign: [1, "hours"], handle: [24, "hours"] },
];

/** Category code → department code: the default lead department for each category. */
export const seedRoutingRules: readonly { categoryCode: string; departmentCode: string }[] = [
  { categoryCode: "0101", departmentCode: "ZJJ" },
  { categoryCode: "0102", departmentCode: "ZJJ" },
  { categoryCode: "0103", departmentCode: "CGJ" },
  { categoryCode: "0201", departmentCode: "STHJ" },
  { categoryCode: "0202", departmentCode: "CGJ" },
  { categoryCode: "0203", departmentCode: "CGJ" },
  { categoryCode: "0301", departmentCode: "JTYS" },
  { categoryCode: "0302", departmentCode: "JTYS" },
  { categoryCode: "0303", departmentCode: "CGJ" },
  { categoryCode: "0401", departmentCode: "ZJJ" },
  { categoryCode: "0402", departmentCode: "FGW" },
  { categoryCode: "0403", departmentCode: "ZJJ" },
  { categoryCode: "0404", departmentCode: "ZJJ" },
  { categoryCode: "0501", departmentCode: "RSJ" },
  { categoryCode: "0502", departmentCode: "SBJ" },
  { categoryCode: "0503", departmentCode: "RSJ" },
  { categoryCode: "0601", departmentCode: "SCJG" },
  { categoryCode: "0602", departmentCode: "SCJG" },
  { categoryCode: "0603", departmentCode: "SCJG" },
  { categoryCode: "0701", departmentCode: "JTJ" },
  { categoryCode: "0702", departmentCode: "WJW" },
];

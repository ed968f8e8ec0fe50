import type { Random } from "./random";

/**
 * Chinese text for generated tickets: titles and descriptions by category (the seed tree's leaf
 * codes), addresses, names and replies, composed from parts so the text varies the way real
 * complaints do (the trigram indexes and the status page see realistic lengths and characters).
 */
const PROBLEMS: Record<string, { titles: readonly string[]; details: readonly string[] }> = {
  "0101": { titles: ["物业不作为", "物业费乱收费", "小区电梯故障", "物业服务差"], details: ["物业公司长期不清理楼道杂物", "电梯多次困人物业不维修", "物业擅自上调物业费未公示", "小区门禁损坏多日无人处理"] },
  "0102": { titles: ["房屋墙体开裂", "新房漏水", "房屋质量问题"], details: ["交房不到一年外墙出现裂缝", "卫生间楼板渗水影响楼下住户", "开发商拒绝维修质量问题"] },
  "0103": { titles: ["违建举报", "楼顶私搭乱建", "占用绿地违建"], details: ["楼顶有人搭建彩钢房存在安全隐患", "一楼住户占用公共绿地扩建院子", "小区内有人违规加盖房屋"] },
  "0201": { titles: ["夜间施工噪音", "广场舞噪音扰民", "商铺音响噪音"], details: ["工地夜间十点后仍在施工影响休息", "广场舞音响音量过大持续到深夜", "沿街商铺用大功率音响招揽顾客"] },
  "0202": { titles: ["垃圾未及时清运", "垃圾桶满溢", "建筑垃圾乱倒"], details: ["小区垃圾站连续三天未清运气味很大", "路边垃圾桶满溢无人处理", "有人夜间在空地倾倒建筑垃圾"] },
  "0203": { titles: ["占道经营", "流动摊贩占道", "店外经营"], details: ["早市摊贩占用人行道影响通行", "烧烤摊占道经营油烟扰民", "商铺长期在门外摆放货物"] },
  "0301": { titles: ["公交线路调整建议", "公交车不按时发车", "公交站点设置"], details: ["早高峰公交车间隔过长乘客拥挤", "希望增设公交站点方便居民出行", "公交车司机不按站点停靠"] },
  "0302": { titles: ["路面塌陷", "路灯不亮", "井盖缺失"], details: ["道路出现大坑雨天积水严重", "整条路路灯不亮夜间出行不安全", "人行道井盖缺失存在安全隐患"] },
  "0303": { titles: ["乱停车", "停车收费问题", "占用消防通道停车"], details: ["车辆长期占用消防通道", "路边停车收费标准不明确", "小区门口乱停车堵塞交通"] },
  "0401": { titles: ["停水", "水压低", "自来水浑浊"], details: ["小区突然停水没有提前通知", "高层住户水压低无法正常用水", "自来水发黄有异味"] },
  "0402": { titles: ["频繁停电", "电费异常", "电线老化"], details: ["近期频繁停电影响生活", "本月电费比往常高出很多", "老旧小区电线老化存在火灾隐患"] },
  "0403": { titles: ["燃气费问题", "燃气管道漏气", "燃气开户"], details: ["闻到燃气味怀疑管道漏气", "燃气公司开户手续繁琐", "燃气表计量不准"] },
  "0404": { titles: ["暖气不热", "供暖费问题", "暖气漏水"], details: ["室内温度不达标暖气不热", "供暖费收费标准有疑问", "暖气管道漏水无人维修"] },
  "0501": { titles: ["拖欠工资", "讨薪", "工资被克扣"], details: ["工地老板拖欠三个月工资不发", "公司无故克扣工资", "离职后公司拒绝结算工资"] },
  "0502": { titles: ["社保缴纳", "社保断缴", "医保报销"], details: ["单位未按规定缴纳社保", "社保断缴后如何补缴", "异地就医医保报销流程咨询"] },
  "0503": { titles: ["就业服务", "失业登记", "职业培训"], details: ["咨询失业登记需要哪些材料", "希望参加政府组织的职业技能培训", "高校毕业生就业补贴如何申请"] },
  "0601": { titles: ["食品安全", "餐馆卫生差", "过期食品"], details: ["超市销售过期食品", "餐馆后厨卫生条件差", "外卖食品中吃出异物"] },
  "0602": { titles: ["消费维权", "预付卡退费", "虚假宣传"], details: ["健身房倒闭预付卡无法退费", "商家虚假宣传诱导消费", "网购商品质量问题商家拒绝退货"] },
  "0603": { titles: ["价格欺诈", "乱涨价", "明码标价"], details: ["商家未明码标价结账时乱收费", "节假日景区周边商品乱涨价", "药店药品价格明显高于其他药店"] },
  "0701": { titles: ["学校乱收费", "入学咨询", "校车安全"], details: ["学校以各种名义收取额外费用", "咨询孩子入学需要准备的材料", "校车超载存在安全隐患"] },
  "0702": { titles: ["医疗服务", "挂号难", "医院收费"], details: ["医院挂号难排队时间长", "医生服务态度差", "医院收费项目不清楚"] },
};
const GENERIC = { titles: ["其他诉求", "意见建议", "政策咨询"], details: ["希望相关部门尽快处理", "咨询相关政策规定", "对政府工作提出建议"] };

const STREETS = ["解放路", "人民路", "建设路", "胜利街", "和平路", "文化路", "健康路", "东风路", "新华街", "中山路", "光明路", "幸福路", "长江路", "黄河路", "育才路"];
const COMMUNITIES = ["阳光小区", "幸福家园", "金色港湾", "锦绣花园", "和谐家园", "翠竹苑", "碧水湾", "康乐小区", "书香苑", "华府名邸", "铁路家属院", "电厂宿舍"];
export const AREAS = ["东安街道", "西城街道", "南关街道", "北站街道", "新华街道", "光明街道", "向阳街道", "城关镇"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国"];
const URGES = ["请尽快处理。", "希望有关部门重视。", "已反映多次未解决。", "请给予答复。", "影响居民正常生活。"];
const REPLIES = [
  "经核实，市民反映情况属实，我单位已安排工作人员现场处理，问题已解决，并已电话告知市民。",
  "我单位已责成相关责任单位限期整改，后续将加强日常巡查，防止问题反弹。",
  "经调查，该问题涉及历史遗留原因，我单位已制定解决方案，预计本月内处理完毕，已向市民解释说明。",
  "已联系市民说明相关政策规定及办理流程，市民表示理解。",
  "经现场查看，已协调物业及社区共同处理，市民对处理结果表示认可。",
];
const ANSWERS = ["已向市民解答相关政策及办理流程。", "已告知市民办理地点、时间和所需材料。", "已为市民解释相关规定，市民表示满意。"];
const COMMENTS = ["处理很及时，谢谢", "问题还没有解决", "态度很好", "答复敷衍", "解决了，满意"];

export function problemFor(categoryCode: string | null) {
  return (categoryCode && PROBLEMS[categoryCode]) || GENERIC;
}

export function ticketText(random: Random, categoryCode: string | null) {
  const problem = problemFor(categoryCode);
  const street = random.pick(STREETS);
  const community = random.pick(COMMUNITIES);
  const building = random.int(1, 30);
  const address = `${street}${random.int(1, 300)}号${community}${building}号楼`;
  const title = `${community}${random.pick(problem.titles)}`;
  const description = `市民来电反映：${address}${random.pick(problem.details)}，${random.pick(problem.details)}。${random.pick(URGES)}`;
  return { title, description, address, area: random.pick(AREAS) };
}

export function citizenName(random: Random): string {
  return random.chance(0.6) ? `${random.pick(SURNAMES)}${random.chance(0.5) ? "先生" : "女士"}` : `${random.pick(SURNAMES)}${random.pick(GIVEN)}`;
}

export const replyText = (random: Random) => random.pick(REPLIES);
export const directAnswer = (random: Random) => random.pick(ANSWERS);
export const ratingComment = (random: Random) => (random.chance(0.3) ? random.pick(COMMENTS) : null);

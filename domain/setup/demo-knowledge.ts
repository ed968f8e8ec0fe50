import { eq } from "drizzle-orm";
import type { Database, Transaction } from "~/db/client";
import { departments, users } from "~/db/schema";
import { type Clock, manualClock } from "../clock";
import { type ArticleIndexer, type ArticleInput, createArticle, type KnowledgeActor, publishArticle, submitArticle } from "../knowledge/articles";
import { reviewToday } from "../knowledge/review-dates";
import { createSynonymGroup } from "../knowledge/synonyms";

interface DemoArticle {
  /** Owning unit by seed code; null = the knowledge-base administrators. */
  department: string | null;
  input: Omit<ArticleInput, "departmentId" | "reviewBy">;
  /** published (the default), or left in review by the owning unit's handler. */
  status?: "published" | "in_review";
  /** Review-by date this many days from the seed day (negative: already due, so 需复核 shows). */
  reviewInDays?: number;
}

const OFFICE_HOURS = "工作日 上午 9:00—12:00，下午 13:30—17:00（法定节假日除外）";

/**
 * A small knowledge base of our own for the demo district, on the topics the demo tickets are
 * about, so that a fresh `npm start` has answers in the intake desk's search panel, on the
 * citizens' `/kb` page and in the review queue. Statutory references are to national laws;
 * addresses and office hours are the demo district's.
 */
const DEMO_ARTICLES: readonly DemoArticle[] = [
  {
    department: "CGJ",
    input: {
      type: "faq",
      visibility: "public",
      title: "夜间施工噪声扰民怎么办？",
      body: [
        "根据《中华人民共和国噪声污染防治法》，夜间是指晚上二十二点至次日早晨六点。在噪声敏感建筑物集中区域，夜间禁止进行产生噪声的建筑施工作业；抢修、抢险作业，以及因生产工艺要求或其他特殊需要必须连续施工的除外。",
        "",
        "因特殊需要必须夜间连续施工的，施工单位应当取得住房和城乡建设、生态环境主管部门或区政府指定部门的证明，并在施工现场显著位置公示或以其他方式告知附近居民。",
        "",
        "**市民可以这样反映：**",
        "",
        "1. 拨打 12345 热线或在网上提交诉求，说明工地位置、施工时段和噪声情况；",
        "2. 如方便，提供录像或照片，便于执法人员核实；",
        "3. 工单将派至区城管局核查，是否持有夜间施工证明会在答复中告知。",
      ].join("\n"),
    },
    reviewInDays: 180,
  },
  {
    department: "CGJ",
    input: {
      type: "faq",
      visibility: "public",
      title: "路灯不亮、井盖缺失找哪个部门？",
      body: [
        "道路照明设施（路灯）和市政道路上的井盖由区城管局负责维护。发现路灯不亮、灯杆倾斜、井盖缺失或破损，可拨打 12345 反映，请说明具体路段、最近的门牌号或标志性建筑。",
        "",
        "井盖缺失属于安全隐患，热线按紧急诉求转办，承办单位应先设置警示再修复。小区内部的路灯和井盖一般由物业或产权单位维护，热线会转交属地街道协调。",
      ].join("\n"),
    },
    // Due for review already: the demo handler (区城管局) sees the 需复核 flag.
    reviewInDays: -7,
  },
  {
    department: "CGJ",
    input: {
      type: "service_guide",
      visibility: "public",
      title: "临时占用城市道路设置便民摊点审批",
      body: "在城市道路、人行道上临时设置便民摊点、堆放物料，须经市容环境卫生主管部门同意。未经批准擅自占道经营的，由城市管理执法部门依法处理。",
      guide: {
        itemName: "临时占用城市道路设置摊点审批",
        handlingDepartment: "区城管局",
        location: "卫东区政务服务中心二楼城管窗口",
        hours: OFFICE_HOURS,
        phone: "12345",
        legalLimitDays: 20,
        promisedLimitDays: 5,
        materials: ["申请书（写明占用地点、面积、期限和用途）", "申请人身份证或营业执照", "占用位置示意图"],
        process: "提交申请 → 窗口受理 → 现场勘查 → 审批决定 → 领取许可",
        fees: "不收费",
        basis: "《城市市容和环境卫生管理条例》第十四条",
      },
    },
    reviewInDays: 365,
  },
  {
    department: "STHJ",
    input: {
      type: "faq",
      visibility: "public",
      title: "楼下餐馆油烟直排怎么投诉？",
      body: [
        "排放油烟的餐饮服务经营者应当安装油烟净化设施并保持正常使用，或者采取其他油烟净化措施，使油烟达标排放，并防止对附近居民的正常生活环境造成污染（《中华人民共和国大气污染防治法》第八十一条）。",
        "",
        "居民住宅楼、未配套设立专用烟道的商住综合楼以及商住综合楼内与居住层相邻的商业楼层内，禁止新建、改建、扩建产生油烟的餐饮服务项目。",
        "",
        "反映时请说明餐馆名称、地址和油烟排放的时段，工单派至卫东生态环境分局处理。",
      ].join("\n"),
    },
  },
  {
    department: "SCJG",
    input: {
      type: "policy_qa",
      visibility: "public",
      title: "买到过期食品可以要求赔偿吗？",
      body: [
        "可以。经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以向经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元（《中华人民共和国食品安全法》第一百四十八条）。",
        "",
        "请保留购物小票、商品实物和外包装（拍下生产日期和保质期），先与商家协商；协商不成的，可拨打 12345 投诉，工单派至区市场监管局调解或查处。",
      ].join("\n"),
    },
  },
  {
    department: "ZJJ",
    input: {
      type: "policy_qa",
      visibility: "public",
      title: "物业可以自行提高小区停车费吗？",
      body: [
        "利用业主共有的道路或者其他场地停放汽车的车位属于业主共有；改变共有部分的用途、利用共有部分从事经营活动，应当由业主共同决定（《中华人民共和国民法典》第二百七十四条、第二百七十八条）。",
        "",
        "物业服务企业调整停车服务收费，应当依照物业服务合同的约定和本地价格主管部门的规定办理，并事先公示。业主认为调价不符合约定或规定的，可以向业主委员会反映，或拨打 12345 由区住建局核查。",
      ].join("\n"),
    },
  },
  {
    department: "RSJ",
    input: {
      type: "service_guide",
      visibility: "public",
      title: "灵活就业人员参加职工基本养老保险登记",
      body: "无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员以及其他灵活就业人员，可以参加基本养老保险，由个人缴纳基本养老保险费（《中华人民共和国社会保险法》第十条）。缴费基数在本地公布的上下限之间自行选择。",
      guide: {
        itemName: "灵活就业人员参保登记",
        handlingDepartment: "区人社局",
        location: "卫东区政务服务中心一楼社保窗口",
        hours: OFFICE_HOURS,
        phone: "12345",
        legalLimitDays: 10,
        promisedLimitDays: 1,
        materials: ["居民身份证", "本人银行卡（用于缴费扣款）"],
        process: "窗口或网上提交登记 → 核验身份 → 选择缴费基数 → 签订扣款协议",
        fees: "不收取办理费用",
        basis: "《中华人民共和国社会保险法》第十条",
      },
    },
  },
  {
    department: "GAFJ",
    input: {
      type: "service_guide",
      visibility: "public",
      title: "居住证申领",
      body: "公民离开常住户口所在地，到其他城市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以依照《居住证暂行条例》申领居住证。",
      guide: {
        itemName: "居住证申领",
        handlingDepartment: "卫东公安分局",
        location: "居住地派出所户籍窗口",
        hours: OFFICE_HOURS,
        phone: "12345",
        legalLimitDays: 15,
        promisedLimitDays: 7,
        materials: ["居民身份证", "本人近期证件照", "合法稳定就业、住所或就读证明之一（劳动合同、房屋租赁合同、学籍证明等）"],
        process: "办理居住登记满半年 → 提交申请 → 派出所审核 → 制证 → 领取",
        fees: "首次申领不收费",
        basis: "《居住证暂行条例》第二条、第九条、第十条",
      },
    },
  },
  {
    department: "ZWFW",
    input: {
      type: "notice",
      visibility: "public",
      title: "区政务服务中心节假日期间办事安排",
      body: "法定节假日期间，区政务服务中心窗口暂停办理业务，节后第一个工作日恢复；网上办事和 12345 热线照常受理。因节假日顺延的办理时限，按工作日计算。",
    },
  },
  {
    department: null,
    input: {
      type: "faq",
      visibility: "internal",
      title: "话务员答复口径：不属于热线受理范围的诉求",
      body: [
        "以下诉求不由 12345 受理，应告知来电人正确渠道并在工单中记录：",
        "",
        "- 正在发生的治安、刑事案件和交通事故：请拨打 110 或 122；",
        "- 火灾、抢险救援：请拨打 119；医疗急救：请拨打 120；",
        "- 已进入诉讼、仲裁、行政复议程序的事项：按相应法定程序办理；",
        "- 涉及国家秘密、商业秘密和个人隐私的查询。",
        "",
        "来电人情绪激动时先安抚，复述其诉求要点，确认后再告知渠道。",
      ].join("\n"),
    },
  },
  {
    department: "CGJ",
    status: "in_review",
    input: {
      type: "faq",
      visibility: "public",
      title: "共享单车乱停放如何处理？",
      body: "互联网租赁自行车（共享单车）在禁停区域或占用盲道、出入口停放的，由区城管局通知运营企业限时清运；运营企业未按时清运的，依法处理。市民可拨打 12345 反映具体位置。",
    },
  },
];

/** Synonym groups the demo's questions need (administrator data: `/knowledge/synonyms`). */
const DEMO_SYNONYMS: readonly string[][] = [
  ["噪音", "噪声", "扰民"],
  ["摆摊", "占道经营", "流动摊贩"],
  ["社保", "社会保险"],
  ["居住证", "暂住证"],
];

const DAY = 86_400_000;

/**
 * The demo's knowledge base, written through the same commands staff use (create, submit,
 * publish, synonym groups), indexed for the Postgres backend in each command's transaction and
 * queued for other backends through the outbox. Never in production (it comes with the demo
 * accounts).
 */
export async function seedDemoKnowledge(tx: Transaction, realClock: Clock, indexer: ArticleIndexer): Promise<void> {
  const now = realClock.now().getTime();
  const clock = manualClock(new Date(now - 30 * DAY));
  const db = tx as unknown as Database;
  const units = await tx.select({ id: departments.id, code: departments.code }).from(departments);
  const unitId = (code: string | null) => (code === null ? null : units.find((u) => u.code === code)!.id);
  const [handler] = await tx.select({ id: users.id, username: users.username, departmentId: users.departmentId }).from(users).where(eq(users.username, "handler"));
  const reviewer: KnowledgeActor = { id: null, label: "system:seed", ip: null, roles: ["administrator"], departmentId: null };
  const unitEditor = (departmentId: number | null): KnowledgeActor =>
    handler && handler.departmentId === departmentId
      ? { id: handler.id, label: handler.username, ip: null, roles: ["department_handler"], departmentId }
      : { ...reviewer, roles: ["department_handler"], departmentId };

  for (const article of DEMO_ARTICLES) {
    const departmentId = unitId(article.department);
    const reviewBy = article.reviewInDays === undefined ? null : reviewToday(new Date(now + article.reviewInDays * DAY));
    const editor = departmentId === null ? reviewer : unitEditor(departmentId);
    const created = await createArticle({ db, clock, actor: editor, indexer }, { ...article.input, departmentId, reviewBy });
    clock.advance(2 * 3_600_000);
    if (article.status === "in_review") {
      await submitArticle({ db, clock, actor: editor, indexer }, created.id);
    } else {
      await publishArticle({ db, clock, actor: reviewer, indexer }, created.id);
    }
    clock.advance(DAY);
  }
  for (const terms of DEMO_SYNONYMS) await createSynonymGroup({ db, clock, actor: reviewer }, { terms });
}

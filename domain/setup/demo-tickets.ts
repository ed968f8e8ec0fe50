import { inArray } from "drizzle-orm";
import type { Database, Transaction } from "~/db/client";
import { departments, type RequestType, users } from "~/db/schema";
import { type Clock, manualClock } from "../clock";
import { rateTicket } from "../ratings/rate";
import { reportRectification } from "../ratings/rectification";
import { upholdRating } from "../ratings/verification";
import { rollUpDepartmentStats } from "../stats/rollup";
import { runDeadlineSweep } from "../supervision/sweep";
import type { TicketActor } from "../tickets/access";
import * as actions from "../tickets/actions";
import { createTicket } from "../tickets/create-ticket";
import type { TicketContext } from "../tickets/run-action";

/** What citizens of a district commonly call about, and which unit usually handles it. */
const DEMO_REQUESTS: readonly { title: string; description: string; address: string; department: string; type: RequestType }[] = [
  { title: "夜间施工噪音扰民", description: "工地每天夜里十一点后仍在打桩，严重影响休息。", address: "卫东区建设路 18 号", department: "CGJ", type: "complaint" },
  { title: "小区门口路灯不亮", description: "小区南门外三盏路灯已坏一周，夜间出行不安全。", address: "卫东区光明路 12 号", department: "CGJ", type: "help" },
  { title: "占道经营堵塞人行道", description: "早市摊贩占用人行道，行人只能走机动车道。", address: "卫东区胜利街菜市场", department: "CGJ", type: "complaint" },
  { title: "生活垃圾清运不及时", description: "垃圾桶已满三天无人清运，气味很大。", address: "卫东区和平里 5 号院", department: "CGJ", type: "complaint" },
  { title: "餐馆油烟直排", description: "楼下餐馆油烟直接排到居民窗口，无净化设施。", address: "卫东区民主路 66 号", department: "STHJ", type: "complaint" },
  { title: "物业擅自提高停车费", description: "物业未经业主大会同意将停车费从每月 100 元涨到 200 元。", address: "卫东区幸福家园小区", department: "ZJJ", type: "complaint" },
  { title: "公交站台顶棚破损", description: "站台顶棚玻璃破碎，雨天无法避雨，存在安全隐患。", address: "卫东区人民路公交站", department: "JTYS", type: "help" },
  { title: "学校周边上下学拥堵", description: "第三小学门口上下学时段车辆乱停，建议增设临时停车区。", address: "卫东区第三小学", department: "JTJ", type: "suggestion" },
  { title: "超市销售过期食品", description: "在超市购买的酸奶已过保质期两天，要求处理。", address: "卫东区中心超市", department: "SCJG", type: "report" },
  { title: "灵活就业人员社保缴费咨询", description: "想了解灵活就业人员养老保险的缴费基数和办理地点。", address: "卫东区", department: "RSJ", type: "consultation" },
  { title: "井盖缺失存在安全隐患", description: "人行道上的井盖丢失，已有行人险些跌倒。", address: "卫东区东风路与解放路交叉口", department: "CGJ", type: "help" },
  { title: "共享单车乱停放", description: "地铁口共享单车堆放，阻挡出入口。", address: "卫东区地铁一号线东站", department: "CGJ", type: "complaint" },
];

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * A few weeks of a small centre's work, made through the same commands staff use, so a fresh
 * `npm start` shows every page with something on it: open tickets in every stage, overdue ones
 * (which the first deadline sweep turns into warnings and 督办 notices), replies rated well and
 * badly, a rectification, and the statistics rolled up. Never in production (no demo accounts).
 */
export async function seedDemoTickets(tx: Transaction, realClock: Clock): Promise<void> {
  const now = realClock.now().getTime();
  const clock = manualClock(new Date(now - 21 * DAY));
  const db = tx as unknown as Database;
  const staff = await tx.select({ id: users.id, username: users.username, displayName: users.displayName, departmentId: users.departmentId }).from(users).where(inArray(users.username, ["operator", "dispatcher", "supervisor", "handler", "lead"]));
  const units = await tx.select({ id: departments.id, code: departments.code }).from(departments);
  const unit = (code: string) => units.find((u) => u.code === code)!.id;
  const person = (username: string) => staff.find((s) => s.username === username);
  const actorFor = (username: string, roles: TicketActor["roles"], departmentId: number | null = null): TicketActor => {
    const user = person(username);
    return { id: user?.id ?? null, label: user?.displayName ?? username, ip: null, roles, departmentId: user?.departmentId ?? departmentId };
  };
  const as = (actor: TicketActor): TicketContext => ({ db, clock, actor });
  const operator = actorFor("operator", ["operator"]);
  const dispatcher = actorFor("dispatcher", ["dispatcher"]);
  const supervisor = actorFor("supervisor", ["supervisor"]);
  const handlerOf = (departmentId: number): TicketActor =>
    person("handler")?.departmentId === departmentId ? actorFor("handler", ["department_handler"]) : { id: null, label: "承办单位经办人", ip: null, roles: ["department_handler"], departmentId };

  // 36 tickets over three weeks; what happens to each depends on its age, like a real queue.
  for (let i = 0; i < 36; i++) {
    clock.set(new Date(now - 21 * DAY + i * 14 * HOUR));
    const request = DEMO_REQUESTS[i % DEMO_REQUESTS.length]!;
    const departmentId = unit(request.department);
    const handler = handlerOf(departmentId);
    const ticket = await createTicket(as(operator), {
      channel: i % 5 === 0 ? "web" : "phone",
      requestType: request.type,
      title: request.title,
      description: request.description,
      address: request.address,
      citizenName: `市民${"甲乙丙丁戊己庚辛"[i % 8]}`,
      citizenPhone: `1380000${String(1000 + i).padStart(4, "0")}`,
    });
    const ageDays = (now - clock.now().getTime()) / DAY;
    if (i % 12 === 11) continue; // waiting for dispatch (some of them well past the dispatch limit)
    clock.advance(2 * HOUR);
    await actions.dispatchTicket(as(dispatcher), ticket.id, { leadDepartmentId: departmentId });
    if (i % 9 === 4) continue; // dispatched, not yet signed
    clock.advance(3 * HOUR);
    await actions.signTicket(as(handler), ticket.id);
    if (ageDays < 4 || i % 7 === 3) continue; // being handled (the older ones are overdue)
    // Some old ones were answered late, so the overdue-rate chart and the on-time rate have something to show.
    const lateReply = i % 5 === 0 && ageDays > 17;
    clock.advance((lateReply ? 12 : 2 + (i % 3)) * DAY);
    await actions.replyTicket(as(handler), ticket.id, `已核实情况并处理：${request.title}问题已安排专人整改，后续将加强巡查。`);
    if (i % 6 === 1) continue; // replied, waiting for the callback
    clock.advance(DAY);
    const level = i % 10 === 2 ? 1 : i % 4 === 0 ? 4 : 5;
    await rateTicket(as(operator), ticket.id, { level, resolved: level >= 4, channel: "callback", comment: level === 1 ? "问题没有解决，还是老样子" : null });
    if (level === 1 && i < 20) {
      // An old bad rating: verified, rectified and awaiting the second rating.
      clock.advance(4 * HOUR);
      await upholdRating(as(supervisor), ticket.id, "回访核实：问题仍然存在");
      clock.advance(2 * DAY);
      await reportRectification(as(handler), ticket.id, "已再次现场处置，并安排每周复查。");
    }
  }
  await runDeadlineSweep({ db, clock: realClock });
  await rollUpDepartmentStats({ db, clock: realClock }, { full: true });
}

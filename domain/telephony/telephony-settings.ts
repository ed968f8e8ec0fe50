import { z } from "zod";
import type { Queryable } from "~/db/client";
import { cachedAdminData } from "../admin-data/cached";
import { type CommandContext, parseInput } from "../command";
import { recordAudit } from "../audit";
import { getSetting, putSetting } from "../settings";

/**
 * What the hotline says and where it transfers to: administrator data (settings rows), edited on
 * the settings page. Code holds only the defaults used until an administrator saves.
 */
export const IVR_PROMPTS_SETTING = "telephony.ivr_prompts";
export const QUEUE_SETTING = "telephony.queue";
export const TRANSFER_TARGETS_SETTING = "telephony.transfer_targets";

const prompt = z.string().trim().min(2, "prompt_invalid").max(500, "prompt_invalid");

export const ivrPromptsSchema = z.object({
  welcome: prompt,
  emergency: prompt,
  menu: prompt,
  noInput: prompt,
  askTicketNumber: prompt,
  askQueryCode: prompt,
  ticketNotFound: prompt,
  /** Offered after the state of a replied ticket awaiting a rating is read back. */
  askRating: prompt,
  ratingThanks: prompt,
  queueHold: prompt,
  /** {position} is replaced by the caller's place in the queue. */
  queuePosition: prompt,
  voicemail: prompt,
  voicemailThanks: prompt,
  connecting: prompt,
  /** Said by the fallback URL when our own server failed (no database involved). */
  apology: prompt,
  /** Twilio <Say> voice and language, e.g. Polly.Zhiyu / zh-CN. */
  voice: z.string().trim().regex(/^[A-Za-z0-9.-]{2,40}$/, "voice_invalid"),
  language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "language_invalid"),
});
export type IvrPrompts = z.output<typeof ivrPromptsSchema>;

export const DEFAULT_IVR_PROMPTS: IvrPrompts = {
  welcome: "您好，这里是12345政务服务便民热线。",
  emergency: "如遇危及生命财产安全的紧急情况，请挂机后拨打110、119或120。",
  menu: "投诉或求助请按1，咨询请按2，查询办件进度请按3，人工服务请按0。您也可以直接说出您的需求。",
  noInput: "抱歉，没有听清您的选择。",
  askTicketNumber: "请输入办件编号，以井号键结束。",
  askQueryCode: "请输入六位查询码，以井号键结束。",
  ticketNotFound: "没有查到这个办件，请核对编号和查询码，或按0转人工服务。",
  askRating: "请您对办理结果进行评价：非常满意请按5，满意请按4，基本满意请按3，不满意请按2，非常不满意请按1。",
  ratingThanks: "感谢您的评价。",
  queueHold: "话务员正忙，请您稍候，我们将尽快为您服务。",
  queuePosition: "您目前排在第{position}位。",
  voicemail: "现在暂无空闲话务员，请在提示音后留下您的诉求和联系方式，按井号键结束，我们会尽快给您回电。",
  voicemailThanks: "您的留言已记录，我们会尽快给您回电，再见。",
  connecting: "正在为您接通话务员，请稍候。",
  apology: "非常抱歉，系统暂时出现故障。请在提示音后留言，我们会尽快给您回电。",
  voice: "Polly.Zhiyu",
  language: "zh-CN",
};

export const queueSettingsSchema = z.object({
  /** Seconds in the queue with no operator before the caller is offered voicemail. */
  voicemailAfterSeconds: z.number({ message: "queue_wait_invalid" }).int("queue_wait_invalid").min(15, "queue_wait_invalid").max(1800, "queue_wait_invalid"),
});
export type QueueSettings = z.output<typeof queueSettingsSchema>;
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { voicemailAfterSeconds: 120 };

export const transferTargetSchema = z.object({
  label: z.string().trim().min(1, "transfer_target_invalid").max(40, "transfer_target_invalid"),
  number: z.string().trim().regex(/^\+?\d{3,15}$/, "transfer_target_invalid"),
});
export const transferTargetsSchema = z.array(transferTargetSchema).max(30, "transfer_target_invalid");
export type TransferTarget = z.output<typeof transferTargetSchema>;

/** 110/119/120/122 are linked by law (国办发〔2022〕12号); department hotlines are added by administrators. */
export const DEFAULT_TRANSFER_TARGETS: TransferTarget[] = [
  { label: "110 报警", number: "110" },
  { label: "119 火警", number: "119" },
  { label: "120 急救", number: "120" },
  { label: "122 交通事故", number: "122" },
];

const readIvrPrompts = (db: Queryable) => getSetting(db, IVR_PROMPTS_SETTING, ivrPromptsSchema, DEFAULT_IVR_PROMPTS);

/**
 * The prompts the calls hear. Every call webhook needs them and only an administrator changes
 * them, so each process keeps its copy until the settings change (cachedAdminData). Shared: do
 * not mutate.
 */
export const getIvrPrompts = cachedAdminData(readIvrPrompts);

export const getQueueSettings = (db: Queryable) => getSetting(db, QUEUE_SETTING, queueSettingsSchema, DEFAULT_QUEUE_SETTINGS);
export const getTransferTargets = (db: Queryable) => getSetting(db, TRANSFER_TARGETS_SETTING, transferTargetsSchema, DEFAULT_TRANSFER_TARGETS);

export async function getTelephonySettings(db: Queryable) {
  // The settings page shows what is stored right now, not a cached copy.
  const [prompts, queue, transferTargets] = await Promise.all([readIvrPrompts(db), getQueueSettings(db), getTransferTargets(db)]);
  return { prompts, queue, transferTargets };
}

async function save(ctx: CommandContext, key: string, value: unknown) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await putSetting(tx, key, value, now);
    await recordAudit(tx, { action: "settings.update", actor: ctx.actor, at: now, target: { type: "setting", id: key, label: key }, detail: { value } });
  });
}

export async function updateIvrPrompts(ctx: CommandContext, raw: unknown) {
  await save(ctx, IVR_PROMPTS_SETTING, parseInput(ivrPromptsSchema, raw));
}

export async function updateQueueSettings(ctx: CommandContext, raw: unknown) {
  await save(ctx, QUEUE_SETTING, parseInput(queueSettingsSchema, raw));
}

export async function updateTransferTargets(ctx: CommandContext, raw: unknown) {
  await save(ctx, TRANSFER_TARGETS_SETTING, parseInput(transferTargetsSchema, raw));
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { suggestDepartments } from "~/domain/dispatch-suggest/suggest";
import type { StaffRole } from "~/domain/staff/roles";
import { jsonProblem } from "~/app/api.server";

/**
 * POST /api/dispatch/suggest  {"text": "…"}
 * → { suggestions: [{ label, departmentId, score }] }  (best first, at most 3; score 0–1)
 * Staff who route tickets only: signed out → 401, other roles → 403, bad body → 400, all JSON.
 * With too little dispatch history to learn from, suggestions is empty and `reason` says why.
 */
const ALLOWED_ROLES: readonly StaffRole[] = ["dispatcher", "operator", "supervisor"];
export const MAX_TEXT_LENGTH = 5000;

const bodySchema = z.object({
  text: z
    .string({ required_error: "text_required", invalid_type_error: "text_required" })
    .trim()
    .min(1, "text_required")
    .max(MAX_TEXT_LENGTH, "text_too_long"),
});

const MESSAGES: Record<string, string> = {
  text_required: "请在 JSON 请求体中提供非空字符串 text。",
  text_too_long: `text 不能超过 ${MAX_TEXT_LENGTH} 个字符。`,
};

export async function loader() {
  return jsonProblem(405, "method_not_allowed", "请使用 POST，JSON 请求体 {\"text\": \"…\"}。", { Allow: "POST" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = context.auth.user;
  if (!user) return jsonProblem(401, "unauthenticated", "请先登录。");
  if (!ALLOWED_ROLES.some((role) => user.roles.includes(role))) return jsonProblem(403, "forbidden", "只有派单员、话务员和督办员可以获取派单建议。");
  if (request.method !== "POST") return loader();

  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return jsonProblem(400, "invalid_json", "请求体须为 JSON，例如 {\"text\": \"小区门口路灯不亮\"}。");
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message ?? "text_required";
    return jsonProblem(400, code, MESSAGES[code] ?? MESSAGES.text_required!);
  }
  const { db, clock, logger } = context.services;
  const result = await suggestDepartments({ db, clock, logger }, parsed.data.text);
  const body =
    result.status === "ok"
      ? { suggestions: result.suggestions }
      : { suggestions: [], reason: "insufficient_history", message: `已派单工单少于 ${result.needed} 件，暂无法学习派单建议。` };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}


import { describe, expect, it } from "vitest";
import { diffText, diffVersions } from "./knowledge-diff.server";

const version = (patch: Partial<Parameters<typeof diffVersions>[0]> = {}): Parameters<typeof diffVersions>[0] => ({
  title: "居住证办理",
  type: "service_guide",
  body: "携带身份证到社区服务站办理居住证。",
  visibility: "public",
  status: "published",
  reviewBy: null,
  guide: { legalLimitDays: 15, promisedLimitDays: 7, materials: ["身份证"] },
  departmentName: "区公安分局",
  ...patch,
});

describe("diffText", () => {
  it("diffs Chinese by words, not whole sentences", () => {
    expect(diffText("携带身份证到社区服务站办理居住证。", "携带身份证和户口本到街道服务中心办理居住证。")).toEqual([
      { kind: "same", text: "携带身份证" },
      { kind: "ins", text: "和户口本" },
      { kind: "same", text: "到" },
      { kind: "del", text: "社区" },
      { kind: "ins", text: "街道" },
      { kind: "same", text: "服务" },
      { kind: "del", text: "站" },
      { kind: "ins", text: "中心" },
      { kind: "same", text: "办理居住证。" },
    ]);
  });
});

describe("diffVersions", () => {
  it("lists only the fields that changed, with labels", () => {
    const fields = diffVersions(version(), version({ status: "archived", guide: { legalLimitDays: 15, promisedLimitDays: 5, materials: ["身份证", "户口本"] } }));
    expect(fields.map((f) => f.label)).toEqual(["状态", "承诺时限（工作日）", "申请材料"]);
    expect(fields[2]!.parts).toContainEqual({ kind: "ins", text: expect.stringContaining("户口本") });
  });

  it("is empty for identical versions", () => {
    expect(diffVersions(version(), version())).toEqual([]);
  });
});

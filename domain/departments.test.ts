import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~/db/schema";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { createDepartment, getDepartment, listDepartments, updateDepartment } from "./departments";
import { DomainError } from "./errors";

describe.each(testEngines)("departments on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("creates, normalises the code, updates and audits with a before/after", async () => {
    const created = await createDepartment(ctx(), { name: "区城管局", code: "cgj", contactPhone: "0375-1234567", active: true });
    expect(created.code).toBe("CGJ");
    await updateDepartment(ctx(), created.id, { name: "区城市管理局", code: "CGJ", contactPhone: "", active: false });
    expect(await getDepartment(database.db, { id: created.id })).toMatchObject({ name: "区城市管理局", contactPhone: null, active: false });
    expect((await listDepartments(database.db, { activeOnly: true })).some((d) => d.id === created.id)).toBe(false);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, String(created.id)));
    expect(audit.map((a) => a.action)).toEqual(["department.create", "department.update"]);
    expect(audit[1]!.detail).toMatchObject({ name: { from: "区城管局", to: "区城市管理局" }, active: { from: true, to: false } });
  });

  it.each([
    [{ code: "A" }, "department_code_invalid", 400],
    [{ code: "含中文" }, "department_code_invalid", 400],
    [{ name: "x" }, "department_name_invalid", 400],
    [{ contactPhone: "call me" }, "phone_invalid", 400],
  ])("rejects %j", async (patch, code, status) => {
    const input = { name: "某某单位", code: "MMDW", contactPhone: null, active: true, ...patch };
    await expect(createDepartment(ctx(), input)).rejects.toMatchObject({ code, status });
  });

  it("keeps the list per process until a department changes, through the pages or by hand in SQL", async () => {
    const created = await createDepartment(ctx(), { name: "区档案局", code: "daj", contactPhone: "", active: true });
    const first = await listDepartments(database.db);
    expect(first.some((d) => d.id === created.id)).toBe(true);
    expect(await listDepartments(database.db)).toBe(first);
    await database.db.execute(sql`update departments set name = '区档案馆' where id = ${created.id}`);
    const after = await listDepartments(database.db);
    expect(after).not.toBe(first);
    expect(after.find((d) => d.id === created.id)?.name).toBe("区档案馆");
  });

  it("refuses a duplicate code or name with 409", async () => {
    await createDepartment(ctx(), { name: "区医保局", code: "YBJ", contactPhone: null, active: true });
    await expect(createDepartment(ctx(), { name: "别的名字", code: "ybj", contactPhone: null, active: true })).rejects.toMatchObject({
      code: "department_code_taken",
      status: 409,
    });
    await expect(createDepartment(ctx(), { name: "区医保局", code: "OTHER", contactPhone: null, active: true })).rejects.toBeInstanceOf(DomainError);
  });
});

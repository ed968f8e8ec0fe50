import { randomBytes } from "node:crypto";
import { createStaffUser } from "~/domain/staff/users";
import { DomainError } from "~/domain/errors";
import { bootServices } from "../boot";
import { loadConfig } from "../config";
import { createLogger } from "../logger";

/**
 * Creates an administrator account and prints a one-time random password. This is how a
 * production installation (which has no demo accounts) gets its first administrator:
 *   npm run user:create-admin -- <username> [display name]
 * With the embedded database, stop the server first: one process owns a data directory.
 */
async function main() {
  const [username, displayName = "系统管理员"] = process.argv.slice(2);
  if (!username) {
    process.stderr.write("usage: npm run user:create-admin -- <username> [display name]\n");
    process.exit(2);
  }
  const config = loadConfig(process.env);
  const services = await bootServices(config, createLogger("warn"));
  try {
    const password = `${randomBytes(9).toString("base64url")}7a`;
    await createStaffUser(
      { db: services.db, clock: services.clock, actor: { id: null, label: "cli:create-admin", ip: null } },
      { username, displayName, password, roles: ["administrator"], departmentId: null },
    );
    process.stdout.write(`Created administrator "${username.toLowerCase()}". Password (shown once): ${password}\n`);
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`Could not create the administrator: ${error.code}\n`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await services.database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

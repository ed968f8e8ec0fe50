import { bootServices } from "~/server/boot";
import { loadConfig } from "~/server/config";
import { createLogger } from "~/server/logger";
import type { AppServices } from "~/server/services";
import type { SearchServices } from "../create";

/** Boots the database (migrated, seeded) and the search backends for a command-line script. */
export async function bootSearchScript(): Promise<{ services: AppServices; search: SearchServices; close(): Promise<void> }> {
  const logger = createLogger("warn", (line) => process.stderr.write(line + "\n"));
  const services = await bootServices(loadConfig(process.env), logger);
  return { services, search: services.search, close: () => services.database.close() };
}

export function runScript(main: () => Promise<void>) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

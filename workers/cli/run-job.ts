import { bootServices } from "~/server/boot";
import { ConfigError, loadConfig } from "~/server/config";
import { createLogger } from "~/server/logger";
import { JOBS, jobByName } from "../jobs";

/**
 * `npm run job -- NAME [JSON]`: runs one background job once, in this process, and prints what it
 * did. For operators (a sweep right now) and for tests that need a real process to kill.
 */
async function main() {
  const [name, json] = process.argv.slice(2);
  const job = name ? jobByName(name) : undefined;
  if (!job) {
    process.stderr.write(`Usage: npm run job -- NAME [JSON payload]\nJobs: ${JOBS.map((j) => j.name).join(", ")}\n`);
    process.exit(2);
  }
  const payload = job.payload.parse(json ? JSON.parse(json) : null);
  const config = loadConfig(process.env);
  const services = await bootServices(config, createLogger(config.logLevel));
  try {
    const outcome = await job.run(services, payload);
    process.stdout.write(JSON.stringify({ job: job.name, ...outcome }) + "\n");
  } finally {
    await services.database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
  process.exit(1);
});

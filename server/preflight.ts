import path from "node:path";
import { DataDirectoryInUseError, liveLockOwner } from "~/db/pglite-lock";
import { ConfigError, loadConfig } from "./config";

/**
 * Runs before `npm start` builds: a wrong setting or a data directory already served by another
 * process stops the start at once, before a build would overwrite files a running server uses.
 */
try {
  const config = loadConfig(process.env);
  if (config.database.engine === "pglite") {
    const dataDir = path.resolve(config.database.dataDir);
    const owner = liveLockOwner(dataDir);
    if (owner !== null) throw new DataDirectoryInUseError(dataDir, owner);
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirectoryInUseError) {
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(1);
  }
  throw error;
}

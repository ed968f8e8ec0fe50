import type { Database, DatabaseHandle } from "~/db/client";
import type { AttachmentStore } from "~/domain/attachments";
import type { Clock } from "~/domain/clock";
import type { SearchServices } from "~/search/create";
import type { TelephonyServices } from "~/telephony/services";
import type { Auth } from "./auth";
import type { Config } from "./config";
import type { Logger } from "./logger";

/** Long-lived things built once at boot and handed to every request, job and script. */
export interface AppServices {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  auth: Auth;
  clock: Clock;
  logger: Logger;
  /** Where ticket attachment bytes live (disk under DATA_DIR/attachments). */
  attachments: AttachmentStore;
  /** Knowledge-base search: Meilisearch with Postgres fallback, or Postgres alone. */
  search: SearchServices;
  /** Twilio webhooks' token, call control, SMS sender and the screen-pop bus. */
  telephony: TelephonyServices;
}

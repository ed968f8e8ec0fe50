import type { z } from "zod";
import type { Database } from "~/db/client";
import type { Actor } from "./audit";
import type { Clock } from "./clock";
import { invalidInput } from "./errors";

/** What every command needs: where to write, what time it is, and who is acting. */
export interface CommandContext {
  db: Database;
  clock: Clock;
  actor: Actor;
}

/**
 * Validates command input. Schemas use error-code strings as their messages
 * (e.g. "username_invalid"), which the UI turns into words; the first problem is reported
 * with the field it belongs to.
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const code = issue.code === "custom" || /^[a-z_]+$/.test(issue.message) ? issue.message : "invalid_input";
  throw invalidInput(code, issue.path.join(".") || undefined);
}

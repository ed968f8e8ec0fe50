import { PgTransaction } from "drizzle-orm/pg-core";
import type { Queryable, Transaction } from "./client";

/**
 * Whether `db` is a transaction (callers that write inside one hand it on as a Database). Kept
 * apart from client.ts so modules that browser bundles reach do not pull in the drivers.
 */
export const isTransaction = (db: Queryable): db is Transaction => db instanceof PgTransaction;

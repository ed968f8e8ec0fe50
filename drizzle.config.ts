import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; the app applies them at start
// (see db/migrate.ts). `npm run db:generate -- --name=<intent>` names each one by intent.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});

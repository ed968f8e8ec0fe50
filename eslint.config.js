import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", ".test-builds/", "data/", "node_modules/", "test-results/", "db/migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/app/*", "@remix-run/*", "twilio", "meilisearch"], message: "domain/ and db/ must not depend on the web, telephony or search layers." },
          ],
        },
      ],
    },
  },
  {
    // Only domain/ and db/ are bound by the import rule above.
    files: ["app/**", "server/**", "telephony/**", "search/**", "workers/**", "tests/**", "bench/**", "*.ts", "*.js"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The Content-Security-Policy refuses style attributes (server/csp.ts); the browser test sees
    // only the pages it visits, this sees every component.
    files: ["app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "JSXAttribute[name.name='style']", message: "The CSP refuses style attributes: use a class (app/styles/app.css)." },
      ],
    },
  },
);

// Lint: typescript-eslint's recommended rules over the sources and tests; build output and data are ignored.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["out/**", "node_modules/**", "dist/**", ".cache/**", "schema/**", "templates/**", "**/*.gguf", "docs/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { console: "readonly", process: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-control-regex": "off",
    },
  },
  // A closed store: SQL and the SQLite connection live only in src/main/store; everything else in src/ goes through
  // its repositories (tests and seed scripts may reach the connection through store/database.ts).
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/main/store/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "better-sqlite3", message: "SQL lives only in src/main/store: add a repository method there." }],
          patterns: [{ group: ["**/store/database", "**/store/database.ts"], message: "the store's connection is for src/main/store (and tests) only: add a repository method." }],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[property.name='db']:not([object.name='values'])", message: "no `db` outside src/main/store: use the store's repositories." },
        { selector: "CallExpression[callee.property.name='prepare'][arguments.0.type=/Literal|TemplateLiteral/]", message: "SQL lives only in src/main/store: add a repository method there." },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", setTimeout: "readonly", fetch: "readonly", performance: "readonly" } },
  },
);

/**
 * The closed store: no SQLite connection, SQL or `db` outside src/main/store (eslint.config.js). Lints snippets
 * as if they were files of the engine and of the store, with the project's own configuration.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const eslint = new ESLint({ cwd: ROOT });

async function problems(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the closed-store lint rule", () => {
  it("refuses a connection, a db member or SQL in the engine, the service or the CLI", async () => {
    const cases: [string, RegExp][] = [
      ['import Database from "better-sqlite3";\nexport const d = Database;\n', /no-restricted-imports: .*SQL lives only in src\/main\/store/],
      ['import { databaseOf } from "../store/database";\nexport const d = databaseOf;\n', /no-restricted-imports: .*connection is for src\/main\/store/],
      ["export const f = (opts: { store: { db: unknown } }) => opts.store.db;\n", /no-restricted-syntax: no `db` outside src\/main\/store/],
      ['export const f = (x: { prepare(s: string): unknown }) => x.prepare("SELECT 1");\n', /no-restricted-syntax: SQL lives only in src\/main\/store/],
    ];
    for (const [code, expected] of cases) {
      for (const file of ["src/main/engine/leak.ts", "src/main/service/leak.ts", "src/renderer/src/leak.tsx"]) {
        expect(await problems(code, file), `${file}: ${code}`).toEqual([expect.stringMatching(expected)]);
      }
    }
  });

  it("lets the store use its connection, and the CLI read its --db option", async () => {
    expect(await problems('import type { Database } from "better-sqlite3";\nexport const f = (db: Database) => db.prepare("SELECT 1").get();\n', "src/main/store/x.ts")).toEqual([]);
    expect(await problems("export const f = (values: { db?: string }) => values.db;\n", "src/main/cli/commands/x.ts")).toEqual([]);
  });
});

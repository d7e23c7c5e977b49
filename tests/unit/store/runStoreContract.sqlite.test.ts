/** The store contract's suite (runStoreContract.ts) on SQLite: a database file in a temp folder per test. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRunStore } from "../../../src/main/store/openRunStore";
import { defaultDbPath } from "../../../src/main/store/paths";
import { openStore } from "../../../src/main/store/store";
import { tinyDoc } from "./helpers";
import { runStoreContract } from "./runStoreContract";

const dir = mkdtempSync(join(tmpdir(), "cascade-contract-"));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

runStoreContract("SQLite", async () => {
  const path = join(dir, `store-${++n}.db`);
  return (opts) => openRunStore(path, opts);
});

describe("openRunStore on SQLite", () => {
  it("a path opens that SQLite file; with no target, $CASCADE_DB's path; a store file opened by openStore sees the same runs", async () => {
    const path = join(dir, "chosen.db");
    const byPath = await openRunStore(path);
    const byEnv = await openRunStore(undefined, {}, { CASCADE_DB: path });
    try {
      expect([byPath.backend, byPath.where, byEnv.backend, byEnv.where]).toEqual(["sqlite", path, "sqlite", path]);
      await byPath.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "seen" });
      expect(await byEnv.runs.has("seen")).toBe(true);
      const store = openStore(path);
      expect(store.runs.has("seen")).toBe(true);
      store.close();
    } finally {
      await byPath.close();
      await byEnv.close();
    }
  });

  it("no target and no $CASCADE_DB: the file in the user-data folder, as before", async () => {
    const home = join(dir, "home");
    const store = await openRunStore(undefined, {}, { XDG_CONFIG_HOME: join(home, "config") });
    try {
      expect(store.where).toBe(defaultDbPath({ XDG_CONFIG_HOME: join(home, "config") }));
      expect(store.where.startsWith(home)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("openStore refuses a PostgreSQL URL (e.g. $CASCADE_DB for a command that needs the SQLite file) or another URL, its password hidden", () => {
    expect(() => openStore("postgres://me:secret@db.lab:5432/cascade")).toThrow(
      "cannot open the database postgres://me:***@db.lab:5432/cascade as an SQLite file: it is a PostgreSQL URL, which only the runs, results and cache part of the store opens yet",
    );
    expect(() => openStore("mysql://root:secret@db/lab")).toThrow('cannot open the database "mysql://root:***@db/lab": it is a URL, not an SQLite file');
  });
});

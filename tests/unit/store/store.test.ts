import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, SCHEMA_VERSION } from "../../../src/main/store/migrations";
import { defaultDbPath } from "../../../src/main/store/paths";
import { migrate, openStore } from "../../../src/main/store/store";
import { runBaseDir, setRunBaseDir } from "../../../src/main/store/runBaseDir";
import { tinyDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("openStore", () => {
  it("applies every migration and sets user_version, WAL and foreign keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-store-"));
    dirs.push(dir);
    const store = openStore(join(dir, "sub", "c.db"));
    expect(databaseOf(store).pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(databaseOf(store).pragma("journal_mode", { simple: true })).toBe("wal");
    expect(databaseOf(store).pragma("foreign_keys", { simple: true })).toBe(1);
    const tables = (databaseOf(store).prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(["batch_jobs", "batch_requests", "call_cache", "content_bases", "contents", "experiments", "pipeline_versions", "pipelines", "result_rows", "review_decisions", "run_nodes", "runs", "settings", "shared_facts", "sqlite_sequence", "trace_rows"]);
    store.close();
    // Reopening applies nothing twice.
    const again = openStore(join(dir, "sub", "c.db"));
    expect(databaseOf(again).pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it("migrates step by step from an older user_version and refuses a newer database", () => {
    const db = new Database(":memory:");
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer Cascade Studio/);
    db.close();
  });

  it("settings round-trip JSON values", () => {
    const store = openStore(":memory:");
    store.settings.set("theme", { dark: true, size: 3 });
    expect(store.settings.get("theme")).toEqual({ dark: true, size: 3 });
    store.settings.set("theme", "light");
    expect(store.settings.get("theme")).toBe("light");
    expect(store.settings.get("missing")).toBeUndefined();
    store.settings.set("theme", undefined);
    expect(store.settings.all()).toEqual({});
    store.close();
  });
});

describe("defaultDbPath", () => {
  it("uses CASCADE_DB, then the OS user-data folder", () => {
    expect(defaultDbPath({ CASCADE_DB: "/x/y.db" }, "linux", "/home/u")).toBe("/x/y.db");
    expect(defaultDbPath({}, "linux", "/home/u")).toBe("/home/u/.config/cascade-studio/cascade.db");
    expect(defaultDbPath({ XDG_CONFIG_HOME: "/cfg" }, "linux", "/home/u")).toBe("/cfg/cascade-studio/cascade.db");
    expect(defaultDbPath({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Application Support/Cascade Studio/cascade.db");
    expect(defaultDbPath({ APPDATA: "C:/Users/u/AppData/Roaming" }, "win32", "C:/Users/u")).toContain("Cascade Studio");
  });
});

describe("migration 2 (reviews, run folders)", () => {
  it("keeps decisions of a store whose reviews table was created before the migration existed", () => {
    const tmp = mkdtempSync(join(tmpdir(), "cascade-migrate-"));
    dirs.push(tmp);
    const file = join(tmp, "old.db");
    const old = new Database(file);
    old.exec(MIGRATIONS[0].sql);
    old.pragma("user_version = 1");
    old.exec(`CREATE TABLE review_decisions (node_key TEXT NOT NULL, item_id TEXT NOT NULL, decision TEXT NOT NULL, edited_json TEXT, note TEXT,
      inputs_hash TEXT NOT NULL, decided_at INTEGER NOT NULL, PRIMARY KEY (node_key, item_id))`);
    old.prepare("INSERT INTO review_decisions VALUES ('k', 'i1', 'reject', NULL, 'blurry', 'h', 1)").run();
    old.close();
    const store = openStore(file);
    expect(store.reviews.get("k", "i1")).toEqual({ decision: "reject", note: "blurry", inputsHash: "h", decidedAt: 1 });
    const run = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
    expect(runBaseDir(databaseOf(store), run.id)).toBeUndefined();
    setRunBaseDir(databaseOf(store), run.id, "/data/p");
    expect(runBaseDir(databaseOf(store), run.id)).toBe("/data/p");
    store.close();
  });
});

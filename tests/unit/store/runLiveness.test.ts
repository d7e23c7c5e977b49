import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../../src/main/store/migrations";
import { beatRun, DEFAULT_STALE_RUN_MS, STALE_RUN_ENV, staleRunMsFromEnv } from "../../../src/main/store/runLiveness";
import { RunsRepo, emptyTotals } from "../../../src/main/store/runsRepo";
import { openStore, type Store } from "../../../src/main/store/store";
import { tinyDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** What another process's heartbeat would have written `ageMs` ago. */
function beatAgo(store: Store, runId: string, ageMs: number): void {
  databaseOf(store).prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ?").run(Date.now() - ageMs, runId);
}

/** The status as stored, not as reported. */
function stored(store: Store, runId: string): string {
  return (databaseOf(store).prepare("SELECT status FROM runs WHERE id = ?").get(runId) as { status: string }).status;
}

function newRun(store: Store, startedAt?: number): string {
  return store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", startedAt }).id;
}

describe("run liveness: a running run whose process stopped beating is interrupted", () => {
  it("lists a stale running run as interrupted and stores that; a live one and a finished one are left alone", () => {
    const store = openStore(":memory:", { staleRunMs: DEFAULT_STALE_RUN_MS });
    const killed = newRun(store);
    beatAgo(store, killed, DEFAULT_STALE_RUN_MS + 1_000);
    const live = newRun(store); // executed by another process that beat a second ago
    beatAgo(store, live, 1_000);
    const finished = newRun(store);
    store.runs.finish(finished, { status: "done", totals: emptyTotals(), metrics: {} });
    beatAgo(store, finished, 10 * DEFAULT_STALE_RUN_MS);
    expect(stored(store, killed)).toBe("running");

    const statuses = Object.fromEntries(store.runs.list().map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ [killed]: "interrupted", [live]: "running", [finished]: "done" });
    expect(stored(store, killed)).toBe("interrupted");
    expect(stored(store, live)).toBe("running");
    store.close();
  });

  it("get and summary report and store the same, one run at a time", () => {
    const store = openStore(":memory:", { staleRunMs: DEFAULT_STALE_RUN_MS });
    const [a, b, c] = [newRun(store), newRun(store), newRun(store)];
    for (const id of [a, b, c]) beatAgo(store, id, DEFAULT_STALE_RUN_MS + 1_000);
    expect(store.runs.get(a).status).toBe("interrupted");
    expect(stored(store, a)).toBe("interrupted");
    expect(stored(store, b)).toBe("running"); // get(a) looked at a only
    expect(store.runs.summary(b).status).toBe("interrupted");
    expect(stored(store, b)).toBe("interrupted");
    beatAgo(store, c, 0);
    expect(store.runs.get(c).status).toBe("running");
    store.close();
  });

  it("honours the threshold: given to openStore, or from CASCADE_STALE_RUN_MS", () => {
    const store = openStore(":memory:", { staleRunMs: 60_000 });
    const id = newRun(store);
    beatAgo(store, id, 45_000);
    expect(store.runs.list()[0].status).toBe("running");
    expect(new RunsRepo(databaseOf(store), store.writer).list()[0].status).toBe("interrupted"); // the 30 s default
    store.close();

    expect(staleRunMsFromEnv({})).toBe(DEFAULT_STALE_RUN_MS);
    expect(staleRunMsFromEnv({ [STALE_RUN_ENV]: "250" })).toBe(250);
    for (const bad of ["", "soon", "0", "-5"]) expect(staleRunMsFromEnv({ [STALE_RUN_ENV]: bad })).toBe(DEFAULT_STALE_RUN_MS);

    const saved = process.env[STALE_RUN_ENV];
    process.env[STALE_RUN_ENV] = "2000";
    try {
      const envStore = openStore(":memory:");
      const [old, recent] = [newRun(envStore), newRun(envStore)];
      beatAgo(envStore, old, 3_000);
      beatAgo(envStore, recent, 1_000);
      expect(Object.fromEntries(envStore.runs.list().map((r) => [r.id, r.status]))).toEqual({ [old]: "interrupted", [recent]: "running" });
      envStore.close();
    } finally {
      if (saved === undefined) delete process.env[STALE_RUN_ENV];
      else process.env[STALE_RUN_ENV] = saved;
    }
  });

  it("a run that never beat is judged by its start", () => {
    const store = openStore(":memory:", { staleRunMs: DEFAULT_STALE_RUN_MS });
    const old = newRun(store, Date.now() - DEFAULT_STALE_RUN_MS - 1_000);
    const fresh = newRun(store);
    expect(Object.fromEntries(store.runs.list().map((r) => [r.id, r.status]))).toEqual({ [old]: "interrupted", [fresh]: "running" });
    store.close();
  });

  it("a heartbeat takes back a run marked interrupted meanwhile, never a finished one", () => {
    const store = openStore(":memory:", { staleRunMs: DEFAULT_STALE_RUN_MS });
    const [slept, done] = [newRun(store), newRun(store)];
    beatAgo(store, slept, DEFAULT_STALE_RUN_MS + 1_000);
    expect(store.runs.summary(slept).status).toBe("interrupted");
    beatRun(databaseOf(store), slept);
    expect(store.runs.summary(slept).status).toBe("running");
    store.runs.finish(done, { status: "cancelled", totals: emptyTotals(), metrics: {} });
    beatRun(databaseOf(store), done);
    expect(store.runs.summary(done).status).toBe("cancelled");
    store.close();
  });

  it("migration 4 upgrades a store with a run left running by an older build", () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-liveness-"));
    dirs.push(dir);
    const file = join(dir, "v3.db");
    const old = new Database(file);
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) old.exec(m.sql);
    old.pragma("user_version = 3");
    const insert = old.prepare("INSERT INTO runs (id, pipeline_hash, pipeline_name, doc, status, started_at) VALUES (?, 'h', 'old', ?, 'running', ?)");
    insert.run("left-running", JSON.stringify(tinyDoc()), Date.now() - 3_600_000);
    insert.run("just-started", JSON.stringify(tinyDoc()), Date.now());
    old.close();

    const store = openStore(file, { staleRunMs: DEFAULT_STALE_RUN_MS });
    expect(databaseOf(store).pragma("user_version", { simple: true })).toBeGreaterThanOrEqual(4);
    expect(Object.fromEntries(store.runs.list().map((r) => [r.id, r.status]))).toEqual({ "left-running": "interrupted", "just-started": "running" });
    beatRun(databaseOf(store), "just-started", 1234);
    expect(databaseOf(store).prepare("SELECT heartbeat_at FROM runs WHERE id = 'just-started'").get()).toEqual({ heartbeat_at: 1234 });
    store.close();
  });
});

/**
 * Migrations 9-14 (content stored once; pins; batches; contents packed against a base; experiments; runs sharing
 * equal rows) on a database of schema
 * 8: tests/fixtures/schema8/runs.db was written by the build of schema 8, and expected.json holds what that
 * build read back from it (generate.ts). The copy is opened (migrated) and every run must read back
 * identically: the rows of results and result_traces, each run, each node's results (and a search), each
 * item's traces, compare. Then this build runs the fixture's pipeline again on it (a warm re-run, which writes
 * no content and shares the old warm run's rows, and a new prompt, whose contents are packed) and the old runs
 * still read the same; deleting the old runs (their shared rows handed over) leaves the new ones reading the same.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { databaseOf } from "../../../src/main/store/database";
import { openStore } from "../../../src/main/store/store";
import { SCHEMA_VERSION } from "../../../src/main/store/migrations";
import { startRun } from "../../../src/main/engine/startRun";
import { doc, provider, rawRows, readRun } from "../../fixtures/schema8/generate";

const fixture = join(import.meta.dirname, "../../fixtures/schema8");
const dir = mkdtempSync(join(tmpdir(), "cascade-upgrade-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

interface Expected {
  schema: number;
  runIds: string[];
  raw: ReturnType<typeof rawRows>;
  runs: ReturnType<typeof readRun>[];
}
const expected = JSON.parse(readFileSync(join(fixture, "expected.json"), "utf8")) as Expected;
/** As the fixture holds it: through JSON (undefined fields gone). */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** The raw rows of the fixture's runs only. */
const oldRows = (raw: ReturnType<typeof rawRows>) => {
  const old = (r: unknown) => expected.runIds.includes((r as { run_id: string }).run_id);
  return { results: raw.results.filter(old), traces: raw.traces.filter(old) };
};

describe("migrations 9-14 on a database of schema 8", () => {
  it("keeps every run: rows, results, traces and compare read back identically, also after this build writes runs", async () => {
    const path = join(dir, "runs.db");
    copyFileSync(join(fixture, "runs.db"), path);
    const plain = new Database(path, { readonly: true });
    expect(plain.pragma("user_version", { simple: true })).toBe(8);
    expect(plain.prepare("SELECT type FROM sqlite_schema WHERE name = 'results'").pluck().get()).toBe("table");
    plain.close();

    const store = openStore(path, { writer: { thread: false } });
    const db = databaseOf(store);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT type FROM sqlite_schema WHERE name = 'results'").pluck().get()).toBe("view");
    expect(store.runs.list().map((r) => r.id).sort()).toEqual([...expected.runIds].sort());
    expect(asJson(rawRows(store))).toEqual(expected.raw);
    expected.runIds.forEach((runId, i) => expect(asJson(readRun(store, runId))).toEqual(expected.runs[i]));
    expect(expected.runs[1].searched).toBe(6);

    // The cold and warm runs share their outputs and trace contents: the contents hold each once.
    const longOutputs = db.prepare("SELECT COUNT(DISTINCT output) FROM results WHERE length(output) > 64").pluck().get() as number;
    const traceContents = db.prepare("SELECT COUNT(DISTINCT cascade_trace_content(trace)) FROM result_traces").pluck().get() as number;
    expect(db.prepare("SELECT COUNT(*) FROM contents").pluck().get()).toBe(longOutputs + traceContents);
    expect(db.prepare("SELECT COUNT(*) FROM result_rows WHERE output_hash IS NOT NULL").pluck().get()).toBeGreaterThan(longOutputs);
    expect(traceContents).toBeLessThan(expected.raw.traces.length);
    expect(db.prepare("SELECT COUNT(*) FROM contents WHERE base IS NOT NULL").pluck().get()).toBe(0);

    const runAgain = async (reason: string) => {
      const { done, runId } = startRun({ doc: doc(reason), baseDir: dir, store, providerFactory: () => provider });
      expect((await done).status).toBe("done");
      store.writer.flush();
      return runId;
    };
    const contentsNow = () => db.prepare("SELECT COUNT(*) FROM contents").pluck().get() as number;
    const before = contentsNow();
    const warm = await runAgain("Think step by step about {{question}} and answer with a number at the end, please.");
    expect(contentsNow()).toBe(before);
    expect(readRun(store, warm).results.reason.rows.map((r) => r.output)).toEqual(expected.runs[0].results.reason.rows.map((r) => r.output));
    // Its rows equal old runs' (cache keys the old build wrote as text, this one as bytes): every node shares them,
    // the newest equal run's (the old third run's where its prompt made no difference, else the old warm run's).
    expect(db.prepare("SELECT node_id, rows_of FROM run_nodes WHERE run_id = ? ORDER BY node_id").raw().all(warm)).toEqual(
      [["check", 1], ["data", 2], ["pick", 2], ["reason", 1], ["score", 2], ["vote", 2]].map(([n, i]) => [n, expected.runIds[i as number]]),
    );
    const fresh = await runAgain("Reason about {{question}} in a few words, then give the number.");
    expect(db.prepare("SELECT COUNT(*) FROM contents WHERE base IS NOT NULL").pluck().get()).toBeGreaterThan(0);
    expect(readRun(store, fresh).results.reason.rows.map((r) => (r.output as { text: string }).text)).toEqual(
      Array.from({ length: 6 }, (_, i) => `Working through it: Reason about question ${i + 1} in a f … so the answer is 2`),
    );
    expect(asJson(oldRows(rawRows(store)))).toEqual(expected.raw);
    expected.runIds.forEach((runId, i) => expect(asJson(readRun(store, runId))).toEqual(expected.runs[i]));
    const fresher = [warm, fresh].map((id) => asJson(readRun(store, id)));
    for (const id of expected.runIds) store.runs.delete(id);
    expect([warm, fresh].map((id) => asJson(readRun(store, id)))).toEqual(fresher);
    store.close();
  });
});

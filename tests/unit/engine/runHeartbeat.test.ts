import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startRunHeartbeat } from "../../../src/main/engine/runHeartbeat";
import { startRun } from "../../../src/main/engine/startRun";
import { beatRun } from "../../../src/main/store/runLiveness";
import { openStore, type Store } from "../../../src/main/store/store";
import { memStore, run, testProvider, twoPromptDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";

// Counts the beats: after a run ends, its heartbeat writes nothing visible (the run is no longer running), so a
// timer left behind shows only as more calls.
vi.mock("../../../src/main/store/runLiveness", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../src/main/store/runLiveness")>();
  return { ...actual, beatRun: vi.fn(actual.beatRun) };
});
const beats = (runId: string) => vi.mocked(beatRun).mock.calls.filter((c) => c[1] === runId).length;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function heartbeatOf(store: Store, runId: string): number | null {
  return (databaseOf(store).prepare("SELECT heartbeat_at FROM runs WHERE id = ?").get(runId) as { heartbeat_at: number | null }).heartbeat_at;
}

/** Heartbeats seen while `done` is pending, then how many beats came once the run ended (should be none). */
async function watch(store: Store, runId: string, done: Promise<unknown>) {
  const seen = new Set<number | null>();
  let ended = false;
  void done.finally(() => (ended = true));
  while (!ended) {
    seen.add(heartbeatOf(store, runId));
    await sleep(10);
  }
  const last = heartbeatOf(store, runId);
  const beatsAtEnd = beats(runId);
  await sleep(120);
  return { seen, last, after: heartbeatOf(store, runId), beatsAfterEnd: beats(runId) - beatsAtEnd };
}

describe("run heartbeat", () => {
  it("beats at once and then every interval until stopped", async () => {
    const store = memStore();
    const { id } = store.runs.create({ doc: twoPromptDoc(1), datasetFingerprint: "" });
    expect(heartbeatOf(store, id)).toBeNull();
    const hb = startRunHeartbeat(store.runMeta, id, 20);
    const first = heartbeatOf(store, id);
    expect(first).toBeGreaterThan(0);
    await sleep(100);
    const later = heartbeatOf(store, id)!;
    expect(later).toBeGreaterThan(first!);
    hb.stop();
    const stopped = heartbeatOf(store, id);
    const count = beats(id);
    await sleep(100);
    expect(heartbeatOf(store, id)).toBe(stopped);
    expect(beats(id)).toBe(count);
    // A store closed under a beating run makes it stop quietly (no uncaught error from the timer).
    startRunHeartbeat(store.runMeta, id, 10);
    store.close();
    await sleep(50);
  });

  it("refreshes while a run goes and stops when it finishes, is cancelled or fails", async () => {
    const store = memStore();
    const slow = testProvider({ latencyMs: 40 });
    const done = startRun({ doc: twoPromptDoc(4), baseDir: process.cwd(), store, providerFactory: slow.factory, concurrency: 1, heartbeatIntervalMs: 20 });
    const finished = await watch(store, done.runId, done.done);
    expect((await done.done).status).toBe("done");
    expect(finished.seen.size).toBeGreaterThanOrEqual(5); // ~320 ms of calls at a beat every 20 ms
    expect(finished.after).toBe(finished.last);
    expect(finished.beatsAfterEnd).toBe(0);

    const controller = new AbortController();
    const cancelled = startRun({ doc: twoPromptDoc(20), baseDir: process.cwd(), store, providerFactory: slow.factory, concurrency: 1, heartbeatIntervalMs: 20, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const c = await watch(store, cancelled.runId, cancelled.done);
    expect((await cancelled.done).status).toBe("cancelled");
    expect(c.seen.size).toBeGreaterThanOrEqual(2);
    expect(c.after).toBe(c.last);
    expect(c.beatsAfterEnd).toBe(0);

    const failing = startRun({ doc: twoPromptDoc(1), baseDir: process.cwd(), store, heartbeatIntervalMs: 20, providerFactory: () => { throw new Error("no such server"); } });
    const f = await watch(store, failing.runId, failing.done);
    expect((await failing.done).status).toBe("failed");
    expect(f.last).toBeGreaterThan(0);
    expect(f.after).toBe(f.last);
    expect(f.beatsAfterEnd).toBe(0);
    store.close();
  });

  it("keeps a run going in one process from being interrupted by another that lists runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-heartbeat-"));
    dirs.push(dir);
    const file = join(dir, "shared.db");
    const executing = openStore(file);
    // A threshold 80 heartbeats long: a machine under load (the full suite on 2 cores) can hold the run's
    // process back for some hundred ms without its heartbeat being late.
    const reading = openStore(file, { staleRunMs: 2000 });
    const started = Date.now();
    // ~3 s of calls, longer than the threshold: without heartbeats the reader would call it interrupted.
    const p = run(executing, twoPromptDoc(15), testProvider({ latencyMs: 100 }), { concurrency: 1, heartbeatIntervalMs: 25 });
    const seen = new Set<string>();
    let ended = false;
    void p.finally(() => (ended = true));
    while (!ended) {
      for (const r of reading.runs.list()) seen.add(r.status);
      await sleep(50);
    }
    const { summary, runId } = await p;
    // The two connections write at the same time (heartbeats, result batches): no "database is locked".
    expect([summary.status, reading.runMeta.error(runId)]).toEqual(["done", undefined]);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect([...seen]).toEqual(["running"]);
    expect(reading.runs.get(runId).status).toBe("done");
    executing.close();
    reading.close();
  });
});

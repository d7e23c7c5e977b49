/** storage.summary, runs.pin and storage.gc through the service, as the app calls them. */
import { afterEach, describe, expect, it } from "vitest";
import { seedCascadeRuns } from "../store/storageFixture";
import { makeService } from "./helpers";

let env: ReturnType<typeof makeService>;
afterEach(async () => env?.close());

describe("storage methods", () => {
  it("sums up the database, pins a run, and collects with a dry run first", async () => {
    env = makeService();
    const [a1, a2, a3] = await seedCascadeRuns(env.store);
    const summary = await env.service.call("storage.summary", undefined);
    expect(summary.pinned).toEqual([]);
    expect(Object.keys(summary.runSizes).sort()).toEqual([a1, a2, a3].sort());
    expect(summary.runSizes[a2].own).toBe(0); // the warm re-run shares the cold run's contents
    expect(summary.database.tables?.map((t) => t.name)).toEqual(expect.arrayContaining(["contents", "result_rows", "trace_rows", "call_cache", "results_items"]));

    await env.service.call("runs.pin", { runId: a1, pinned: true });
    expect((await env.service.call("storage.summary", undefined)).pinned).toEqual([a1]);
    const dry = await env.service.call("storage.gc", { keepLast: 1, dryRun: true });
    expect(dry.runs.map((r) => r.id)).toEqual([a2]);
    expect((await env.service.call("runs.list", undefined)).map((r) => r.id).sort()).toEqual([a1, a2, a3].sort());
    const real = await env.service.call("storage.gc", { keepLast: 1 });
    expect(real).toMatchObject({ dryRun: false, runsKept: 2, results: dry.results, traces: dry.traces, contents: 0, cacheRows: 0 });
    expect((await env.service.call("runs.list", undefined)).map((r) => r.id).sort()).toEqual([a1, a3].sort());
  });

  it("names the field of a bad policy and an unknown run", async () => {
    env = makeService();
    await expect(env.service.dispatch("storage.gc", { keepLast: -1 })).rejects.toThrow(/storage\.gc: bad params: params\.keepLast/);
    await expect(env.service.dispatch("storage.gc", { keep: 1 })).rejects.toThrow(/keep/);
    await expect(env.service.call("runs.pin", { runId: "nope", pinned: true })).rejects.toThrow("runs.pin: no run nope");
  });
});

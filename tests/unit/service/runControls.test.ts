/** "Run to here", "run from here", first N, selected items and cancel, end to end through the service. */
import { afterEach, describe, expect, it } from "vitest";
import { alwaysExtract, chatCount, chatRequests, docAt, runToEnd, startEnv, type Env } from "./inspectHelpers";
import { databaseOf } from "../../../src/main/store/database";

let env: Env;
afterEach(async () => env?.close());

const nodesWithResults = (env: Env, runId: string) =>
  (databaseOf(env.store).prepare("SELECT DISTINCT node_id FROM results WHERE run_id = ? ORDER BY node_id").all(runId) as { node_id: string }[]).map((r) => r.node_id);
const itemsOf = async (env: Env, runId: string, nodeId: string) =>
  (await env.service.call("runs.results", { runId, nodeId, limit: 1000 })).rows.map((r) => `${r.itemId}:${r.status}`);

describe("run controls through runs.start", () => {
  it("first N items (limit) and selected items (itemIds)", async () => {
    env = await startEnv();
    const doc = docAt("cot.json", env.fake.url);
    const first = await runToEnd(env, { doc, limit: 2 });
    // One call per item: the replies end on "Final answer: X", so the rules decide and the extractor is not asked.
    expect(first.end).toMatchObject({ status: "done", totals: { items: 2, calls: 2 } });
    expect(await itemsOf(env, first.runId, "score")).toEqual(["count-01:done", "count-02:done"]);

    const picked = await runToEnd(env, { doc, itemIds: ["count-05", "count-03"] });
    expect(await itemsOf(env, picked.runId, "reason")).toEqual(["count-03:done", "count-05:done"]);
    expect(picked.end.totals).toMatchObject({ items: 2, calls: 2, cacheHits: 0 });
  });

  it("run to here: the node and its ancestors only", async () => {
    env = await startEnv();
    const doc = docAt("cas-seat.json", env.fake.url);
    const { runId, end } = await runToEnd(env, { doc, limit: 3, toNode: "selfeval" });
    expect(end.status).toBe("done");
    expect(nodesWithResults(env, runId)).toEqual(["dataset", "reason", "selfeval"]);
    expect(chatCount(env.fake)).toBe(6);
    expect(Object.keys((await env.service.call("runs.get", { runId })).nodes).sort()).toEqual(["dataset", "reason", "selfeval"]);
  });

  it("run from here: ancestors come from the cache (zero calls for them), the node and its descendants run", async () => {
    env = await startEnv();
    const doc = alwaysExtract(docAt("cas-seat.json", env.fake.url));
    await runToEnd(env, { doc, limit: 3 });
    expect(chatCount(env.fake)).toBe(9);

    const edited = structuredClone(doc);
    const extract = edited.nodes.find((n) => n.id === "extract_llm")!;
    extract.config = { ...extract.config, template: `${(extract.config as { template: string }).template}\nOne word.` };
    const { runId, end } = await runToEnd(env, { doc: edited, limit: 3, fromNode: "extract_llm", noCache: true });
    expect(end.status).toBe("done");
    const sent = chatRequests(env.fake, 9);
    expect(sent).toHaveLength(3); // extract_llm only (noCache does not apply to the ancestors)
    expect(sent.every((msgs) => msgs.at(-1)!.text.endsWith("One word.") && msgs.every((m) => m.images === 0))).toBe(true);
    expect(await itemsOf(env, runId, "reason")).toEqual(["count-01:cached", "count-02:cached", "count-03:cached"]);
    expect(await itemsOf(env, runId, "selfeval")).toEqual(["count-01:cached", "count-02:cached", "count-03:cached"]);
    expect(await itemsOf(env, runId, "extract_llm")).toEqual(["count-01:done", "count-02:done", "count-03:done"]);
    expect((await itemsOf(env, runId, "score")).length).toBe(3);
    expect(end.totals).toMatchObject({ calls: 3, cacheHits: 6 });
  });

  it("cancel: the run ends as cancelled; running it again finishes it from the cache", async () => {
    env = await startEnv({ latencyMs: 300 });
    const doc = docAt("cot.json", env.fake.url);
    doc.models.reasoner = { ...doc.models.reasoner, concurrency: 1 };
    let runId = "";
    const cancelled = new Promise<string>((resolve) =>
      env.service.on("run-event", (e) => {
        if (e.type === "item-done" && e.runId === runId && e.nodeId === "reason") void env.service.call("runs.cancel", { runId });
        if (e.type === "run-finished" && e.runId === runId) resolve(e.status);
      }),
    );
    ({ runId } = await env.service.call("runs.start", { doc, limit: 6 }));
    expect(await cancelled).toBe("cancelled");
    expect((await env.service.call("runs.get", { runId })).status).toBe("cancelled");
    const sentBefore = chatCount(env.fake);
    expect(sentBefore).toBeLessThan(6);
    const again = await runToEnd(env, { doc, limit: 6 });
    expect(again.end.status).toBe("done");
    expect(again.end.totals.cacheHits).toBeGreaterThan(0);
    expect(again.end.totals.calls + again.end.totals.cacheHits).toBe(6); // reason only: the rules decide every answer
  }, 30_000);
});

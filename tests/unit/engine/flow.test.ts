import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineKind } from "../../../src/shared/nodes/kind";
import type { AggregateExecutor, PerItemExecutor } from "../../../src/main/engine/nodes/types";
import { valueToText } from "../../../src/shared/values";
import { edge, lastUser, memStore, node, outputsOf, run, testProvider, twoPromptDoc } from "./helpers";

const keepKind = defineKind({
  kind: "test-keep",
  title: "Keep",
  description: "test-only filter",
  category: "filter",
  mode: "per-item",
  mayDrop: true,
  configSchema: z.object({ contains: z.string() }),
  defaultConfig: () => ({ contains: "" }),
  ports: () => ({ inputs: [{ name: "text", type: "text", required: true }], outputs: [{ name: "text", type: "text" }] }),
});
const keepExecutor: PerItemExecutor<{ contains: string }> = {
  async run(config, ctx) {
    const t = valueToText(ctx.inputs.text);
    return t.includes(config.contains) ? { output: { text: t } } : { drop: { code: "message", values: { message: `does not contain "${config.contains}"` } } };
  },
};

const countKind = defineKind({
  kind: "test-count",
  title: "Count",
  description: "test-only aggregate",
  category: "output",
  mode: "aggregate",
  configSchema: z.object({}),
  defaultConfig: () => ({}),
  ports: () => ({ inputs: [{ name: "text", type: "text", required: true }], outputs: [{ name: "count", type: "number" }, { name: "items", type: "json" }] }),
});
let doneWhenAggregated = -1;
const countExecutor: AggregateExecutor = {
  async run(_config, ctx) {
    const items: string[] = [];
    for (const row of ctx.rows()) if (row.values.text !== undefined) items.push(row.itemId);
    return { output: { count: items.length, items } };
  },
};
const plugins = [
  { kind: keepKind, executor: keepExecutor },
  { kind: countKind, executor: countExecutor },
];

describe("engine: failures, drops and aggregates", () => {
  it("a failed node fails only its item; downstream is skipped naming the failed node", async () => {
    const store = memStore();
    const p = testProvider({
      reply: (req) => {
        if (lastUser(req) === "Q: question 2") throw new Error("server exploded");
        return `ok ${lastUser(req)}`;
      },
    });
    const { summary, runId, events } = await run(store, twoPromptDoc(3), p);
    expect(summary.status).toBe("done");
    expect(summary.totals).toMatchObject({ itemsDone: 3, itemsFailed: 1, errors: 1 });
    const first = outputsOf(store, runId, "first");
    expect(first.find((r) => r.itemId === "q2")).toMatchObject({ status: "failed", error: "server exploded" });
    const second = outputsOf(store, runId, "second");
    expect(second.map((r) => r.status)).toEqual(["done", "skipped", "done"]);
    expect(second[1].error).toBe("upstream failed: first");
    expect(events.find((e) => e.type === "item-skipped")).toMatchObject({ nodeId: "second", itemId: "q2", reason: "upstream failed: first" });
    store.close();
  });

  it("a drop keeps the item in the results as dropped; downstream does not run and does not fail", async () => {
    const store = memStore();
    const doc = twoPromptDoc(3);
    doc.nodes.splice(2, 0, node("keep", "test-keep", { contains: "question 2" }));
    doc.edges.splice(1, 1, edge("first", "text", "keep", "text"), edge("keep", "text", "second", "prev"));
    const p = testProvider();
    const { summary, runId, events } = await run(store, doc, p, { plugins });
    expect(outputsOf(store, runId, "keep").map((r) => [r.itemId, r.status])).toEqual([["q1", "dropped"], ["q2", "done"], ["q3", "dropped"]]);
    expect(outputsOf(store, runId, "keep")[0].error).toBe('does not contain "question 2"');
    expect(outputsOf(store, runId, "second").map((r) => r.itemId)).toEqual(["q2"]);
    expect(summary.totals.errors).toBe(0);
    expect(events.filter((e) => e.type === "item-dropped")).toHaveLength(2);
    expect(p.calls).toHaveLength(4);
    store.close();
  });

  it("an aggregate node runs once after every item, reading its inputs from the store", async () => {
    const store = memStore();
    const doc = twoPromptDoc(40);
    doc.nodes.push(node("count", "test-count", {}));
    doc.edges.push(edge("second", "text", "count", "text"));
    const p = testProvider({ latencyMs: 2 });
    let itemDoneBefore = 0;
    const { runId } = await run(store, doc, p, {
      plugins,
      concurrency: 4,
      onEvent: (e) => {
        if (e.type === "item-started" && e.nodeId === "count") doneWhenAggregated = itemDoneBefore;
        if (e.type === "item-done" && e.nodeId === "second") itemDoneBefore++;
      },
    });
    expect(doneWhenAggregated).toBe(40);
    const rows = outputsOf(store, runId, "count");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ itemId: "*", status: "done" });
    expect(rows[0].output?.count).toBe(40);
    expect((rows[0].output?.items as string[]).slice(0, 3)).toEqual(["q1", "q2", "q3"]);
    store.close();
  });

  it("broken dataset rows fail at the dataset node; the other items go on", async () => {
    const store = memStore();
    const doc = twoPromptDoc(3);
    (doc.nodes[0].config.source as { rows: unknown[] }).rows[1] = { id: "q2", answer: "2" };
    const { summary, runId } = await run(store, doc, testProvider());
    const data = outputsOf(store, runId, "data");
    expect(data[1]).toMatchObject({ itemId: "q2", status: "failed", error: 'inline row 2: missing column "question"' });
    expect(outputsOf(store, runId, "second").map((r) => r.status)).toEqual(["done", "skipped", "done"]);
    expect(summary.totals.errors).toBe(1);
    store.close();
  });
});

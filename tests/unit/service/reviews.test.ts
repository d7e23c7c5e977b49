/** reviews.queue, reviews.decide and runs.reports through the service's dispatch (params checked at runtime). */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import type { RunEvent } from "../../../src/shared/events";
import { reviewDoc } from "../review/reviewDoc";
import { makeService, TEMPLATES } from "./helpers";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import type { ImageRef } from "../../../src/shared/values";

let ctx: ReturnType<typeof makeService> | undefined;
afterEach(async () => {
  await ctx?.close();
  await closeSharedSandboxPool();
});

async function finishedRun(c: ReturnType<typeof makeService>) {
  const finished = new Promise<RunEvent>((resolve) => c.service.on("run-event", (e) => e.type === "run-finished" && resolve(e)));
  const pending: string[] = [];
  c.service.on("run-event", (e) => e.type === "item-pending" && pending.push(e.itemId));
  // Inline data; the export goes to the templates dir's "out" unless the doc points elsewhere, so drop the export node.
  const doc = reviewDoc();
  doc.nodes = doc.nodes.filter((n) => n.id !== "export");
  doc.edges = doc.edges.filter((e) => e.target !== "export");
  const { runId } = await c.service.call("runs.start", { doc });
  await finished;
  return { runId, pending };
}

describe("reviews service", () => {
  it("queues the waiting items, records decisions, and reports per node", async () => {
    ctx = makeService();
    const { service } = ctx;
    const { runId, pending } = await finishedRun(ctx);
    expect(pending.sort()).toEqual(["a", "b", "c", "d"]);
    const queue = await service.call("reviews.queue", { runId, nodeId: "check" });
    expect(queue).toMatchObject({ runId, nodeId: "check", instructions: "Is the sum right?", waiting: 4, total: 4 });
    expect(await service.call("reviews.decide", { runId, nodeId: "check", itemId: "b", decision: "edit", edits: { answer: "5" } })).toMatchObject({
      itemId: "b",
      state: "edited",
      inputs: { question: "2+3?", answer: "6" },
    });
    expect((await service.call("reviews.queue", { runId, nodeId: "check" })).waiting).toBe(3);
    const reports = await service.call("runs.reports", { runId });
    expect(reports.map((r) => [r.nodeId, r.kind, r.in, r.pending])).toEqual([
      ["check", "review", 4, 4],
      ["short", "filter", 0, 0],
    ]);
  });

  it("refuses bad params and decisions with messages naming the field or item", async () => {
    ctx = makeService();
    const { service } = ctx;
    const { runId } = await finishedRun(ctx);
    await expect(service.dispatch("reviews.decide", { runId, nodeId: "check", itemId: "a", decision: "maybe" })).rejects.toThrow(/reviews\.decide: bad params: params\.decision/);
    await expect(service.dispatch("reviews.decide", { runId, nodeId: "check", itemId: "a", decision: "edit", edits: { question: "?" } })).rejects.toThrow(
      'review check, item "a": "question" is not editable (editable: answer)',
    );
    await expect(service.dispatch("reviews.queue", { runId: "nope", nodeId: "check" })).rejects.toThrow('run "nope" does not exist');
    await expect(service.dispatch("reviews.queue", { runId, nodeId: "short" })).rejects.toThrow(/not a review node/);
    await expect(service.dispatch("runs.reports", { runId, extra: 1 })).rejects.toThrow(/bad params/);
  });

  it("shows image inputs with absolute, existing paths (the folder the run read them from)", async () => {
    ctx = makeService();
    const { service } = ctx;
    const pos = { x: 0, y: 0 };
    const doc: PipelineDoc = {
      format: "cascade-studio/pipeline",
      version: 1,
      name: "look at the pictures",
      models: {},
      nodes: [
        {
          id: "data",
          kind: "dataset",
          position: pos,
          config: { source: { type: "file", path: "data/visual-math.jsonl" }, columns: [{ name: "question", type: "text" }, { name: "image", type: "image" }], idColumn: "id" },
        },
        { id: "look", kind: "review", position: pos, config: { instructions: "Is the picture clear?", inputs: ["question", "image"], editable: [] } },
      ],
      edges: [
        { id: "look_question", source: "data", sourcePort: "question", target: "look", targetPort: "question" },
        { id: "look_image", source: "data", sourcePort: "image", target: "look", targetPort: "image" },
      ],
    };
    const finished = new Promise<void>((resolve) => service.on("run-event", (e) => e.type === "run-finished" && resolve()));
    const { runId } = await service.call("runs.start", { doc, limit: 2 });
    await finished;
    const queue = await service.call("reviews.queue", { runId, nodeId: "look" });
    expect(queue.imageInputs).toEqual(["image"]);
    expect(queue.waiting).toBe(2);
    for (const item of queue.items) {
      const image = (item.inputs.image as ImageRef).source;
      expect(item.inputs.image).toMatchObject({ kind: "image" });
      expect(isAbsolute(image) && image.startsWith(join(TEMPLATES, "data/images/"))).toBe(true);
      expect(existsSync(image)).toBe(true);
      expect(service.readableFiles(image)).toEqual([image]);
    }
    // Deciding keeps the hash of the stored (relative) inputs: the next run applies it.
    await service.call("reviews.decide", { runId, nodeId: "look", itemId: queue.items[0].itemId, decision: "accept" });
    const again = new Promise<void>((resolve) => service.on("run-event", (e) => e.type === "run-finished" && resolve()));
    const second = await service.call("runs.start", { doc, limit: 2 });
    await again;
    const rows = await service.call("runs.results", { runId: second.runId, nodeId: "look" });
    expect(rows.rows.map((r) => r.status)).toEqual(["done", "pending"]);
  });
});

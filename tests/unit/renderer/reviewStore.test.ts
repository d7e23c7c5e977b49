/**
 * The review panel's store against the real service (in memory): 250 items waiting, loaded 100 at a time; moving
 * past a page loads it; a decision updates the order and the waiting count and moves to the next waiting item.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClient } from "../../../src/renderer/src/api/client";
import { PAGE, shownItem, useReview } from "../../../src/renderer/src/review/reviewStore";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import type { ApiClient } from "../../../src/shared/contract";
import { reviewDoc } from "../review/reviewDoc";
import { makeService } from "../service/helpers";

let ctx: ReturnType<typeof makeService>;
let runId: string;
const calls: { method: string; params: unknown }[] = [];

beforeAll(async () => {
  ctx = makeService();
  const client: ApiClient = {
    call: (method, params) => {
      calls.push({ method, params });
      return ctx.service.call(method, params);
    },
    on: (event, listener) => ctx.service.on(event, listener),
  };
  setClient(client);
  const rows = Array.from({ length: 250 }, (_, i) => ({ id: `q${String(i).padStart(3, "0")}`, question: `${i}+${i}?`, answer: String(2 * i) }));
  const doc = reviewDoc(rows);
  doc.nodes = doc.nodes.filter((n) => n.kind === "dataset" || n.kind === "review");
  doc.edges = doc.edges.filter((e) => e.target === "check");
  const finished = new Promise<void>((resolve) => ctx.service.on("run-event", (e) => e.type === "run-finished" && resolve()));
  runId = (await ctx.service.call("runs.start", { doc })).runId;
  await finished;
});
afterAll(async () => {
  setClient(undefined);
  await ctx.close();
  await closeSharedSandboxPool();
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("review store", () => {
  it("loads pages as the reviewer moves, and decides", async () => {
    const st = useReview.getState();
    await st.openNode(runId, "check");
    let s = useReview.getState();
    expect(s.queue).toMatchObject({ total: 250, waiting: 250 });
    expect(Object.keys(s.loaded)).toHaveLength(PAGE);
    expect(shownItem(s)?.itemId).toBe("q000");

    s.go(150);
    await until(() => shownItem(useReview.getState())?.itemId === "q150");
    expect(Object.keys(useReview.getState().loaded)).toHaveLength(2 * PAGE);
    expect(calls.filter((c) => c.method === "reviews.queue").map((c) => (c.params as { offset: number }).offset)).toEqual([0, 100]);

    await useReview.getState().decide({ decision: "edit", edits: { answer: "x" } });
    s = useReview.getState();
    expect(s.queue!.order[150]).toEqual({ itemId: "q150", state: "edited" });
    expect(s.queue!.waiting).toBe(249);
    expect(s.waiting[`${runId}/check`]).toBe(249);
    expect(shownItem(s)?.itemId).toBe("q151");

    // The last item's page loads on the way; deciding it leads back to the first waiting item.
    s.go(1000);
    await until(() => shownItem(useReview.getState())?.itemId === "q249");
    await useReview.getState().decide({ decision: "reject", note: "no" });
    expect(shownItem(useReview.getState())?.itemId).toBe("q000");
    useReview.getState().close();
    expect(useReview.getState().open).toBeNull();
  });
});

/**
 * The run the app starts is known by the id the app chose before its first event: events that arrive before
 * runs.start answers are applied from the first one (no buffer of unknown runs' events), events of other runs
 * are not, and run-finished brings where the exports went (no runs.get / runs.results afterwards).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClient } from "../../../src/renderer/src/api/client";
import { useRun } from "../../../src/renderer/src/run/runStore";
import type { ApiClient } from "../../../src/shared/contract";
import { emptyCounts, type RunEvent } from "../../../src/shared/events";
import type { RunBatch } from "../../../src/shared/runBatch";

const listeners: ((b: RunBatch) => void)[] = [];
const calls: string[] = [];
/** One event in a batch of its own (as the Node side sends an ordered event). */
const emit = (e: RunEvent) => listeners.forEach((l) => l({ runId: e.runId, events: [e as RunBatch["events"][number]] }));
const totals = { items: 1, itemsDone: 1, itemsFailed: 0, calls: 1, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 0 };
const frame = () => new Promise((r) => setTimeout(r, 40));

beforeAll(() => {
  const client: ApiClient = {
    call: async (method) => {
      calls.push(method);
      throw new Error(`${method}: not expected`);
    },
    on: (_event, listener) => {
      listeners.push(listener as (b: RunBatch) => void);
      return () => {};
    },
  };
  setClient(client);
});
afterAll(() => setClient(undefined));

describe("following the run started here", () => {
  it("applies its events from the first one, before runs.start answers; ignores other runs'", async () => {
    useRun.getState().expect("mine-0001", "P");
    emit({ type: "run-started", runId: "other-0001", pipelineName: "Q", items: 5, at: 1 });
    emit({ type: "run-started", runId: "mine-0001", pipelineName: "P", items: 1, at: 2 });
    emit({ type: "progress", runId: "mine-0001", totals, nodes: { a: { ...emptyCounts(), done: 1 } }, etaMs: 0 });
    emit({ type: "run-finished", runId: "mine-0001", status: "done", totals, metrics: {}, exports: [{ nodeId: "x", path: "/out/train.jsonl", records: 3 }], at: 3 });
    // runs.start answers only now.
    useRun.getState().follow("mine-0001", "P");
    await frame();
    const live = useRun.getState().live!;
    expect(live).toMatchObject({ runId: "mine-0001", status: "done", items: 1, totals, exports: [{ nodeId: "x", path: "/out/train.jsonl", records: 3 }] });
    expect(live.nodes.a.done).toBe(1);
    emit({ type: "progress", runId: "other-0001", totals: { ...totals, items: 5 }, nodes: {}, etaMs: 0 });
    await frame();
    expect(useRun.getState().live!.runId).toBe("mine-0001");
    expect(calls).toEqual([]); // nothing asked after the end
  });

  it("a run held back by the pre-flight is not followed", async () => {
    useRun.getState().clear();
    useRun.getState().expect("held-0001", "P");
    useRun.getState().expect(null);
    emit({ type: "run-started", runId: "held-0001", pipelineName: "P", items: 1, at: 2 });
    await frame();
    expect(useRun.getState().live).toBeNull();
  });
});

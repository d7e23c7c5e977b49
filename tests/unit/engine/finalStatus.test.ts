/** A failed run is not a result: every item failed → "failed"; most failed → "done", shown as "done with errors". */
import { describe, expect, it } from "vitest";
import { runOutcome, RUN_OUTCOME_TEXT } from "../../../src/shared/runOutcome";
import { runReport } from "../../../src/main/engine/summary";
import { lastUser, memStore, run, testProvider, twoPromptDoc } from "./helpers";

describe("a run's final status", () => {
  it("is failed when every item failed, with how many and the first error", async () => {
    const store = memStore();
    const p = testProvider({ reply: () => { throw new Error("no API key"); } });
    const { summary, runId, events } = await run(store, twoPromptDoc(4), p);
    expect(summary.status).toBe("failed");
    expect(summary.totals).toMatchObject({ items: 4, itemsFailed: 4 });
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "failed" });
    const report = runReport(store, runId);
    expect(report).toMatchObject({ status: "failed", items: 4, itemsFailed: 4 });
    expect(report.error).toMatch(/^every item failed \(4 of 4\); the first: first, item q\d: no API key$/);
    expect(store.runs.get(runId).status).toBe("failed");
    store.close();
  });

  it("stays done when most items failed; the outcome reads 'done with errors'", async () => {
    const store = memStore();
    const p = testProvider({ reply: (req) => { if (["Q: question 2", "Q: question 3"].includes(lastUser(req))) throw new Error("boom"); return "ok"; } });
    const { summary } = await run(store, twoPromptDoc(3), p);
    expect(summary.status).toBe("done");
    expect(summary.totals).toMatchObject({ items: 3, itemsFailed: 2 });
    expect(runOutcome(summary.status as "done", summary.totals)).toBe("done-with-errors");
    expect(RUN_OUTCOME_TEXT["done-with-errors"]).toBe("Done with errors");
    store.close();
  });

  it("classifies totals: few failures are done, none read is done, cancelled stays cancelled", () => {
    expect(runOutcome("done", { items: 10, itemsFailed: 5 })).toBe("done");
    expect(runOutcome("done", { items: 10, itemsFailed: 6 })).toBe("done-with-errors");
    expect(runOutcome("done", { items: 10, itemsFailed: 10 })).toBe("failed");
    expect(runOutcome("done", { items: 0, itemsFailed: 0 })).toBe("done");
    expect(runOutcome("cancelled", { items: 10, itemsFailed: 10 })).toBe("cancelled");
  });
});

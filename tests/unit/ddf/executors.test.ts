/** The DDF executors inside a run: judge failures name what was missing, code errors keep their line, filters drop with values. */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import type { Store } from "../../../src/main/store/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { datasetNode, edge, lastUser, memStore, node, outputsOf, run, testProvider } from "../engine/helpers";

let store: Store | undefined;
afterEach(() => store?.close());
afterAll(() => closeSharedSandboxPool());

const data = [
  { id: "q1", question: "What is 2+3?", answer: "5" },
  { id: "q2", question: "Is this ok?", answer: "maybe" },
];
const doc = (nodes: PipelineDoc["nodes"], edges: PipelineDoc["edges"]): PipelineDoc => ({
  format: "cascade-studio/pipeline",
  version: 1,
  name: "ddf",
  models: { m: { provider: "openai", model: "fake", baseUrl: "http://127.0.0.1:1/v1" } },
  nodes: [datasetNode(data), ...nodes],
  edges,
});
const byItem = (rows: { itemId: string }[]) => new Map(rows.map((r) => [r.itemId, r]));

describe("judge, code, filter in a run", () => {
  it("judge: asks for JSON, parses tolerant replies, fails an unreadable one with what was missing", async () => {
    store = memStore();
    const provider = testProvider({ reply: (req) => (lastUser(req).includes("2+3") ? "Score: 5\nLabel: clear\nReason: simple" : "no idea") });
    const judge = node("j", "judge", { model: "m", rubric: "Rate: {{question}}", labels: ["clear", "ambiguous"], scoreMin: 1, scoreMax: 5 });
    const { runId } = await run(store, doc([judge], [edge("data", "question", "j", "question")]), provider);
    expect(provider.calls.every((c) => c.params.json === true)).toBe(true);
    expect(lastUser(provider.calls[0])).toMatch(/^Rate: .*\n\nReply with only a JSON object/);
    const rows = byItem(outputsOf(store, runId, "j"));
    expect(rows.get("q1")).toMatchObject({ status: "done", output: { score: 5, label: "clear", reason: "simple" } });
    expect(rows.get("q2")).toMatchObject({ status: "failed", error: expect.stringMatching(/^judge j: judge reply has no score .* and no label/) });
  });

  it("code: outputs become ports; a thrown error fails the item with its line", async () => {
    store = memStore();
    const code = node("c", "code", {
      source: "({ answer }) => {\n  if (answer === 'maybe') throw new Error('not a number: ' + answer);\n  return { n: Number(answer), doubled: Number(answer) * 2 };\n}",
      inputs: ["answer"],
      outputs: ["n", "doubled"],
    });
    const { runId } = await run(store, doc([code], [edge("data", "answer", "c", "answer")]), testProvider());
    const rows = byItem(outputsOf(store, runId, "c"));
    expect(rows.get("q1")).toMatchObject({ status: "done", output: { n: 5, doubled: 10 } });
    expect(rows.get("q2")).toMatchObject({ status: "failed", error: "code node c: not a number: maybe (line 2)" });
  });

  it("filter: passes inputs through or drops with the condition and values; downstream skips dropped items", async () => {
    store = memStore();
    const filter = node("f", "filter", { condition: "answer matches /^\\d+$/ && len(question) > 3", inputs: ["answer", "question"] });
    const code = node("c", "code", { source: "({ a }) => ({ a: a + '!' })", inputs: ["a"], outputs: ["a"] });
    const { runId } = await run(store, doc([filter, code], [edge("data", "answer", "f", "answer"), edge("data", "question", "f", "question"), edge("f", "answer", "c", "a")]), testProvider());
    const rows = byItem(outputsOf(store, runId, "f"));
    expect(rows.get("q1")).toMatchObject({ status: "done", output: { answer: "5", question: "What is 2+3?" } });
    expect(rows.get("q2")).toMatchObject({
      status: "dropped",
      error: 'filter f: answer matches /^\\d+$/ && len(question) > 3 was false (answer="maybe", question="Is this ok?")',
    });
    const after = byItem(outputsOf(store, runId, "c"));
    expect(after.get("q1")).toMatchObject({ status: "done", output: { a: "5!" } });
    expect(after.has("q2")).toBe(false);
  });
});

import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compareCommand } from "../../../src/main/cli/commands/compare";
import type { CompareItemRow, ResultRow } from "../../../src/shared/contract";
import { isConversation, type Value } from "../../../src/shared/values";
import { docAt, runToEnd, startEnv, type Env } from "./inspectHelpers";

let env: Env;
afterEach(async () => env?.close());

describe("runs.trace", () => {
  it("gives every node of the pipeline in order with inputs, outputs and the exact calls; images resolve for the UI", async () => {
    env = await startEnv();
    const doc = docAt("cas-seat.json", env.fake.url);
    const { runId } = await runToEnd(env, { doc, limit: 2 });
    const trace = await env.service.call("runs.trace", { runId, itemId: "count-02" });
    expect(trace.steps.map((s) => s.nodeId)).toEqual(["dataset", "reason", "selfeval", "rules", "extract_llm", "answer", "score"]);
    expect(trace.steps.map((s) => s.status)).toEqual(["done", "done", "done", "done", "done", "done", "done"]);
    const [dataset, reason, selfeval, rules, extract, answer, score] = trace.steps;
    expect(dataset.calls).toEqual([]);
    expect(dataset.output?.question).toBe("How many squares are in the picture?");

    expect(reason.label).toBe("Reason");
    expect(reason.calls).toHaveLength(1);
    const call = reason.calls[0];
    expect(call).toMatchObject({ provider: "openai", model: "qwen2-vl-7b-instruct", modelName: "reasoner", cached: false, retries: 0, sample: 0 });
    expect(call.reply).toBe(reason.output?.text);
    const image = call.messages[1].images![0];
    expect(image).toMatchObject({ kind: "image", mime: "image/png" });
    expect(image.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(isAbsolute(image.source) && existsSync(image.source)).toBe(true);
    expect(env.service.readableFiles(image.source)).toEqual([image.source]); // GET /files will serve it
    expect((reason.inputs.image as { source: string }).source).toBe(image.source);
    expect(reason.usage?.inputTokens).toBeGreaterThan(0);

    const conv = selfeval.inputs.conversation as Value;
    expect(isConversation(conv) && conv.messages.at(-1)?.content).toBe(reason.output?.text);
    expect(selfeval.calls[0].messages.slice(0, -1)).toEqual((conv as { messages: unknown[] }).messages);
    // The self-evaluation ends on "Final answer: X": the rules decide and the extractor model is not asked.
    expect(rules.inputs.text).toBe(selfeval.output?.text);
    expect(rules.output?.rule).toBe("answer-line");
    expect(extract.inputs.solution).toBe(selfeval.output?.text);
    expect(extract.inputs.given).toBe(rules.output?.value);
    expect(extract.calls).toEqual([]);
    expect(extract.output).toEqual({ text: rules.output?.value, decidedBy: "rules" });
    expect(answer.inputs.text).toBe(extract.output?.text);
    expect(score.inputs.prediction).toBe(answer.output?.value);

    await expect(env.service.call("runs.trace", { runId, itemId: "count-09" })).rejects.toThrow(/no item "count-09"/);
    await expect(env.service.call("runs.trace", { runId: "nope", itemId: "count-01" })).rejects.toThrow(/nope/);
  });

  it("marks the nodes a run to a node did not reach as not-run; a re-run's calls are cached", async () => {
    env = await startEnv();
    const doc = docAt("cas-seat.json", env.fake.url);
    await runToEnd(env, { doc, limit: 1 });
    const { runId } = await runToEnd(env, { doc, limit: 1, toNode: "selfeval" });
    const trace = await env.service.call("runs.trace", { runId, itemId: "count-01" });
    expect(trace.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["dataset", "done"],
      ["reason", "cached"],
      ["selfeval", "cached"],
      ["rules", "not-run"],
      ["extract_llm", "not-run"],
      ["answer", "not-run"],
      ["score", "not-run"],
    ]);
    expect(trace.steps[1].calls[0].cached).toBe(true);
  });
});

describe("runs.compare and runs.compareItems", () => {
  async function twoRuns() {
    env = await startEnv();
    const seat = await runToEnd(env, { doc: docAt("seat.json", env.fake.url), limit: 10, label: "SEAT" });
    const cas = await runToEnd(env, { doc: docAt("cas-seat.json", env.fake.url), limit: 10, label: "Cas-SEAT" });
    return [seat.runId, cas.runId];
  }

  it("gives exactly what `cascade compare --json` prints", async () => {
    const runIds = await twoRuns();
    const fromService = await env.service.call("runs.compare", { runIds });
    const out: string[] = [];
    const code = await compareCommand.run([...runIds, "--db", env.dbPath, "--json"], { out: (t) => out.push(t), err: () => {}, isTTY: false });
    expect(code).toBe(0);
    expect(fromService).toEqual(JSON.parse(out.join("\n")));
    expect(fromService.pairs[0].n).toBe(10);
    const withNode = await env.service.call("runs.compare", { runIds, nodeId: "answer" });
    expect(withNode.runs[0].scoreNodeId).toBe("answer");
    await expect(env.service.call("runs.compare", { runIds: [runIds[0], "nope"] })).rejects.toThrow(/nope/);
  });

  it("pages one node's results across runs, searches, and keeps only disagreements", async () => {
    const runIds = await twoRuns();
    const all: CompareItemRow[] = [];
    for (let offset = 0; ; offset += 4) {
      const page = await env.service.call("runs.compareItems", { runIds, nodeId: "answer", offset, limit: 4 });
      expect(page.total).toBe(10);
      all.push(...page.rows);
      if (page.rows.length < 4) break;
    }
    const order = (await env.service.call("runs.results", { runId: runIds[0], nodeId: "answer", limit: 100 })).rows.map((r) => r.itemId);
    expect(all.map((r) => r.itemId)).toEqual(order);

    // Expected disagreement from the two runs' own results: answers (trimmed) or scores differ.
    const byItem = async (runId: string, nodeId: string) =>
      new Map((await env.service.call("runs.results", { runId, nodeId, limit: 100 })).rows.map((r: ResultRow) => [r.itemId, r]));
    const answers = await Promise.all(runIds.map((id) => byItem(id, "answer")));
    const scores = await Promise.all(runIds.map((id) => byItem(id, "score")));
    const text = (r?: ResultRow) => String(r?.output?.value ?? "").trim();
    const expected = order.filter(
      (id) => text(answers[0].get(id)) !== text(answers[1].get(id)) || scores[0].get(id)?.output?.score !== scores[1].get(id)?.output?.score,
    );
    for (const row of all) {
      expect(row.disagree).toBe(expected.includes(row.itemId));
      expect(row.cells.map((c) => c?.output)).toEqual(answers.map((m) => m.get(row.itemId)?.output));
      expect(row.scores).toEqual(scores.map((m) => m.get(row.itemId)?.output?.score));
    }
    const only = await env.service.call("runs.compareItems", { runIds, nodeId: "answer", onlyDisagreements: true, limit: 100 });
    expect(only.total).toBe(expected.length);
    expect(only.rows.map((r) => r.itemId)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0); // the oracle makes the two cascades differ on some items

    const search = await env.service.call("runs.compareItems", { runIds, nodeId: "answer", search: "count-0" });
    expect(search.rows.map((r) => r.itemId)).toEqual(order.filter((id) => id.includes("count-0")));
    // A node only one run has: the other's cells are null.
    const reason = await env.service.call("runs.compareItems", { runIds, nodeId: "selfeval", limit: 2 });
    expect(reason.rows[0].cells[0]).toBeNull();
    expect(reason.rows[0].cells[1]?.status).toBe("done");
    expect(reason.rows[0].disagree).toBe(true);
    await expect(env.service.call("runs.compareItems", { runIds, nodeId: "ghost" })).rejects.toThrow(/ghost/);
  });
});

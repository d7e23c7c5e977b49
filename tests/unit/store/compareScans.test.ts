import { describe, expect, it } from "vitest";
import { loadRunForCompare } from "../../../src/main/compare/loadRunForCompare";
import { compareBinary, latenciesSql, outcomesSql, portPath, portSql } from "../../../src/main/store/compareScans";
import { openStore, type Store } from "../../../src/main/store/store";
import type { ResultRecord } from "../../../src/main/store/types";
import { compareRuns, nodeAggregateFromCounts, type ItemOutcome, type NodeAggregate, type RunForCompare } from "../../../src/shared/compare";
import { emptyCounts, type NodeCounts } from "../../../src/shared/events";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { valueToText, type Value } from "../../../src/shared/values";
import { databaseOf } from "../../../src/main/store/database";
import { OWN_ROWS, rowPlan, SHARED_ROWS, withoutLookups } from "./queryPlan";



/** dataset -> ask (prompt) -> score, the score's prediction being ask's `text`. */
function doc(port = "text"): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "scored",
    models: { m: { provider: "openai", model: "fake-model", baseUrl: "http://127.0.0.1:9/v1" } },
    nodes: [
      { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "inline", rows: [] }, columns: [] } },
      { id: "ask", kind: "prompt", position: { x: 200, y: 0 }, config: { model: "m", template: "{{question}}" } },
      { id: "score", kind: "score", position: { x: 400, y: 0 }, config: { method: "exact" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" },
      { id: "e2", source: "ask", sourcePort: port, target: "score", targetPort: "prediction" },
    ],
  };
}

/** Item ids whose SQLite order differs from JS `<` (a character above U+FFFF against U+E000..U+FFFF), and plain ones. */
const IDS = ["b-7", "a-10", "a-9", "\u{1F600}x", "\uFF01x", "z", "é", "a-1", "\uE000", "\u{10000}", "m-3", "m-2", "q", "c"];

/** What each item gives at `ask` (the answer port in every shape) and at `score` (every score shape and status). */
function seed(store: Store, variant: number, port = "text"): string {
  const runId = store.runs.create({ doc: doc(port), datasetFingerprint: "", label: `v${variant}` }).id;
  const counts: Record<string, NodeCounts> = { data: emptyCounts(), ask: emptyCounts(), score: emptyCounts() };
  const answers: (Value | "missing" | "no-output")[] = ["A", " B\n", null, 7, { kind: "conversation", messages: [{ role: "assistant", content: "C" }] }, "missing", "no-output", ["x", "y"], { deep: { "q\"uote": 1 } }];
  const scores: [ResultRecord["status"], Record<string, Value> | null][] = [
    ["done", { score: 1 }],
    ["done", { score: 0 }],
    ["cached", { correct: true }],
    ["failed", null],
    ["pending", null],
    ["skipped", null],
    ["done", { score: { kind: "samples", values: [1, 0, 1] } }],
    ["done", { score: "n/a" }],
    ["dropped", { score: 1 }],
    ["done", { score: 0.25 }],
  ];
  IDS.forEach((itemId, i) => {
    const seq = [3, 1, 1, 5, 5, 0, 9, 2, 5, 5, 8, 7, 4, 6][i]; // ties: the item id (in SQLite's order) decides
    store.writer.putResult({ runId, nodeId: "data", itemId, seq, status: "done", output: { question: `q${i}` } });
    const a = answers[(i + variant) % answers.length];
    const askFailed = a === "no-output";
    const askOut: Record<string, Value> | null = askFailed ? null : a === "missing" ? { other: "x" } : { [port]: a as Value, conversation: { kind: "conversation", messages: [] } };
    const lat = i % 4 === 3 ? undefined : (i * 37 + variant * 11) % 23;
    store.writer.putResult({ runId, nodeId: "ask", itemId, seq, status: askFailed ? "failed" : i % 5 === 4 ? "cached" : "done", output: askOut, ...(lat === undefined ? {} : { latencyMs: lat }) });
    const [status, out] = scores[(i * 3 + variant) % scores.length];
    if (i === 12 && variant === 1) return; // an item only the first run scored
    store.writer.putResult({ runId, nodeId: "score", itemId, seq, status, output: out });
    for (const [n, c] of Object.entries(counts)) {
      c.done++;
      if (n === "ask" && lat !== undefined) {
        c.calls++;
        c.latencyMsTotal += lat;
      }
    }
  });
  if (variant === 1) store.writer.putResult({ runId, nodeId: "score", itemId: "only-b", seq: 99, status: "done", output: { score: 1 } });
  const totals = { items: IDS.length, itemsDone: IDS.length, itemsFailed: 0, calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 0 };
  store.runs.finish(runId, { status: "done", totals, metrics: {}, nodes: counts });
  return runId;
}

/** The loader as it was: whole rows through iterateResults, in item order. */
function referenceLoad(store: Store, runId: string): RunForCompare {
  const run = store.runs.get(runId);
  const nodes: NodeAggregate[] = [];
  for (const node of run.doc.nodes) {
    const counts = run.nodes[node.id];
    if (!counts) continue;
    const latencies: number[] = [];
    for (const r of store.runs.iterateResults(run.id, node.id)) if (r.status === "done" && r.latencyMs !== undefined) latencies.push(r.latencyMs);
    nodes.push(nodeAggregateFromCounts(node.id, counts, latencies));
  }
  const edge = run.doc.edges.find((e) => e.target === "score" && e.targetPort === "prediction")!;
  const answers = new Map<string, string | null>();
  for (const r of store.runs.iterateResults(run.id, edge.source)) {
    const v = r.output?.[edge.sourcePort] as Value | undefined;
    answers.set(r.itemId, v === undefined ? null : valueToText(v));
  }
  const items: ItemOutcome[] = [];
  for (const r of store.runs.iterateResults(run.id, "score")) {
    items.push({ itemId: r.itemId, status: r.status, ...(r.output ? { score: r.output as Value } : {}), answer: answers.get(r.itemId) ?? null });
  }
  return { id: run.id, label: run.label || run.pipelineName, nodes, scoreNodeId: "score", items };
}

/** Latencies in a canonical order: the new loader reads them in index order, the old one in item order. */
function sortedLatencies(r: RunForCompare): RunForCompare {
  return { ...r, nodes: r.nodes.map((n) => ({ ...n, latenciesMs: [...(n.latenciesMs ?? [])].sort((x, y) => x - y) })) };
}

describe("compare's column scans (loadRunForCompare)", () => {
  it("give the same runs as whole result rows did: outcomes in item order, every score and answer shape, latencies", () => {
    const store = openStore(":memory:");
    const ids = [seed(store, 0), seed(store, 1)];
    for (const id of ids) {
      const loaded = loadRunForCompare(store, id);
      const reference = referenceLoad(store, id);
      expect(loaded.items).toEqual(reference.items);
      const { id: runId, label, nodes, scoreNodeId, items } = loaded; // the run's time, models and configuration aside
      expect(sortedLatencies({ id: runId, label, nodes, scoreNodeId, items })).toEqual(sortedLatencies(reference));
      expect(loaded.nodes.find((n) => n.nodeId === "ask")!.latenciesMs!.length).toBeGreaterThan(5);
    }
    // The items in SQLite's order of (seq, item id), which JS `<` would get wrong for "\u{1F600}x" and "\uFF01x".
    expect(loadRunForCompare(store, ids[0]).items.map((o) => o.itemId).slice(0, 8)).toEqual(["z", "a-10", "a-9", "a-1", "b-7", "q", "\uE000", "\uFF01x"]);
    const answers = new Set(loadRunForCompare(store, ids[0]).items.map((o) => o.answer));
    expect(answers).toEqual(new Set(["A", " B\n", "", "7", "assistant: C", null, '["x","y"]', '{"deep":{"q\\"uote":1}}']));
    // The same comparison from the column scans as from whole rows (the run's time, models and configuration aside).
    const scanned = ids.map((id) => {
      const { id: runId, label, nodes, scoreNodeId, items } = loadRunForCompare(store, id);
      return { id: runId, label, nodes, scoreNodeId, items };
    });
    expect(compareRuns(scanned)).toEqual(compareRuns(ids.map((id) => referenceLoad(store, id))));
    store.close();
  });

  it("read a port whose name needs quoting in a JSON path", () => {
    for (const port of ["the.answer", 'a "quoted" \\ name[0]']) {
      const store = openStore(":memory:");
      const id = seed(store, 0, port);
      expect(loadRunForCompare(store, id).items).toEqual(referenceLoad(store, id).items);
      expect(loadRunForCompare(store, id).items.some((o) => o.answer === "A")).toBe(true);
      store.close();
    }
  });

  it("order strings as SQLite's BINARY collation does", () => {
    const store = openStore(":memory:");
    const strings = [...IDS, "", "a", "ab", "\uD7FF", "\u{10FFFF}", "\u{1F600}", "\uFFFF", "a\u{1F600}", "a\uFFFF"];
    databaseOf(store).exec("CREATE TEMP TABLE s (x TEXT)");
    const insert = databaseOf(store).prepare("INSERT INTO s VALUES (?)");
    for (const x of strings) insert.run(x);
    expect([...strings].sort(compareBinary)).toEqual(databaseOf(store).prepare("SELECT x FROM s ORDER BY x").pluck().all());
    store.close();
  });

  it("read latencies from a covering index and the rest in one primary-key range each", () => {
    const store = openStore(":memory:");
    for (const t of [OWN_ROWS, SHARED_ROWS]) {
      const plan = (sql: string, ...params: unknown[]) => rowPlan((databaseOf(store).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail), t);
      expect(plan(latenciesSql(t), "r", "n").join(" | ")).toMatch(/^SEARCH result_rows USING COVERING INDEX results_items /);
      expect(withoutLookups(plan(portSql(t), portPath("text"), "r", "n"))).toEqual(["SEARCH result_rows USING PRIMARY KEY (run_id=? AND node_id=?)"]);
      expect(withoutLookups(plan(outcomesSql(t), "r", "n"))).toEqual(["SEARCH result_rows USING PRIMARY KEY (run_id=? AND node_id=?)"]);
    }
    store.close();
  });
});

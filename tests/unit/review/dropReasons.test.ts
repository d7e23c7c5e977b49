/**
 * Drop reasons are data: a filter stores `{code: "condition-false", values}` (results.drop_reason, migration 8),
 * the report groups by it, and the text is made where it is read. Rows of schema 7 (a filter's {clause, values}
 * in drop_clause) and rows before it (text only) stay readable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { runReports } from "../../../src/main/review/reports";
import { databaseOf } from "../../../src/main/store/database";
import { MIGRATIONS } from "../../../src/main/store/migrations";
import { openStore } from "../../../src/main/store/store";
import { dropReasonText, parseStoredDropReason, type DropReason } from "../../../src/shared/dropReason";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { datasetNode, edge, memStore, node, run, testProvider } from "../engine/helpers";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const CONDITION = 'label == "clear" && score >= 3';

function filterDoc(): PipelineDoc {
  const data = [
    { id: "a", label: "clear", score: 4 },
    { id: "b", label: "vague", score: 5 },
    { id: "c", label: "clear", score: 1 },
    { id: "d", label: "vague", score: 2 },
  ];
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "filtered",
    models: {},
    nodes: [datasetNode(data, ["label", "score"]), node("f", "filter", { condition: CONDITION, inputs: ["label", "score"] })],
    edges: [edge("data", "label", "f", "label"), edge("data", "score", "f", "score")],
  };
}

describe("structured drop reasons", () => {
  it("a filter stores its failing clause and the values read as data; the text is made when read", async () => {
    const store = memStore();
    const { runId } = await run(store, filterDoc(), testProvider());
    const stored = databaseOf(store).prepare("SELECT item_id, error, drop_reason FROM results WHERE run_id = ? AND node_id = 'f' AND status = 'dropped' ORDER BY item_id").all(runId) as {
      item_id: string;
      error: string | null;
      drop_reason: string;
    }[];
    expect(stored.map((r) => r.item_id)).toEqual(["b", "c", "d"]);
    expect(stored.every((r) => r.error === null)).toBe(true); // no text is stored: it is made from the data
    expect(JSON.parse(stored[1].drop_reason)).toEqual({
      code: "condition-false",
      values: { condition: CONDITION, clause: "score >= 3", read: { score: "1" }, conditionRead: { label: "clear", score: "1" } },
    });
    expect(store.runs.getResult(runId, "f", "c")!.error).toBe(`filter f: ${CONDITION} was false (label="clear", score="1")`); // text columns
    const [report] = runReports(store, runId);
    expect(report.dropReasons).toEqual([
      { reason: 'label == "clear"', count: 2, items: ["b", "d"], values: [{ label: "vague" }, { label: "vague" }] },
      { reason: "score >= 3", count: 1, items: ["c"], values: [{ score: "1" }] },
    ]);
    store.close();
  });

  it("rows of schema 7 (a clause) and before it (text only) are read after the upgrade: grouped by clause, and by text", () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-drops-"));
    dirs.push(dir);
    const file = join(dir, "v7.db");
    const old = new Database(file);
    for (const m of MIGRATIONS.filter((m) => m.version <= 7)) old.exec(m.sql);
    old.pragma("user_version = 7");
    old.prepare("INSERT INTO runs (id, pipeline_hash, pipeline_name, doc, status, started_at) VALUES ('r', 'h', 'old', ?, 'done', 1)").run(JSON.stringify(filterDoc()));
    const insert = old.prepare("INSERT INTO results (run_id, node_id, item_id, seq, status, output, error, drop_clause) VALUES ('r', 'f', ?, ?, 'dropped', NULL, ?, ?)");
    // Written by a build of schema 7: its text and its clause.
    insert.run("b", 2, `filter f: ${CONDITION} was false (label="vague", score=5)`, JSON.stringify({ clause: 'label == "clear"', values: { label: "vague" } }));
    // Written before clauses were kept: text only.
    insert.run("c", 3, `filter f: ${CONDITION} was false (label="clear", score=1)`, null);
    insert.run("d", 4, `filter f: ${CONDITION} was false (label="clear", score=0)`, null);
    old.close();

    const store = openStore(file);
    expect(store.runs.getResult("r", "f", "b")!.error).toBe(`filter f: ${CONDITION} was false (label="vague", score=5)`); // the stored text, as it is
    const [report] = runReports(store, "r");
    expect(report).toMatchObject({ nodeId: "f", dropped: 3 });
    expect(report.dropReasons).toEqual([
      { reason: `${CONDITION} was false`, count: 2, items: ["c", "d"] },
      { reason: 'label == "clear"', count: 1, items: ["b"], values: [{ label: "vague" }] },
    ]);
    store.close();
  });

  it("read back: each code, schema 7's clause, and nothing from NULL or other JSON", () => {
    const reasons: DropReason[] = [
      { code: "condition-false", values: { condition: "x > 1", clause: "x > 1", read: { x: 0 } } },
      { code: "rejected-by-reviewer", values: { note: "blurry", sample: 2 } },
      { code: "message", values: { message: "not wanted" } },
    ];
    for (const r of reasons) expect(parseStoredDropReason(JSON.stringify(r))).toEqual(r);
    expect(dropReasonText("f", reasons[0])).toBe("filter f: x > 1 was false (x=0)");
    expect(dropReasonText("r", reasons[1])).toBe("rejected by reviewer: blurry (sample 2)");
    expect(dropReasonText("k", reasons[2])).toBe("not wanted");
    expect(parseStoredDropReason(JSON.stringify({ clause: "x > 1", values: { x: 0 } }))).toEqual({ code: "condition-false", values: { condition: "x > 1", clause: "x > 1", read: { x: 0 } } });
    for (const junk of [null, "", "{", "3", '{"code":"nope","values":{}}', '{"clause":1,"values":{}}']) expect(parseStoredDropReason(junk)).toBeUndefined();
  });
});

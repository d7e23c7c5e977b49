import { describe, expect, it } from "vitest";
import { compareItemList, compareItemsPage, firstOutputStoredSql, nodeScanSql, scoresScanSql, type CompareItemsInput, type ItemListEntry } from "../../../src/main/store/compareItemsQuery";
import { portPath } from "../../../src/main/store/compareScans";
import type { ResultWriter } from "../../../src/main/store/resultWriter";
import { openStore, type Store } from "../../../src/main/store/store";
import type { Database } from "better-sqlite3";
import type { Value } from "../../../src/shared/values";
import { tinyDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";
import { OWN_ROWS, rowPlan, SHARED_ROWS, withoutLookups } from "./queryPlan";



/**
 * The item list as it was computed before (every run's rows joined on the primary key, the disagreement decided
 * in SQL), with the port path quoted as compareScans quotes it: the reference the column scans must match. It
 * reads `own_results`: these runs own their rows (none finished, so none shares another's).
 */
function referenceList(db: Database, writer: ResultWriter, q: CompareItemsInput): ItemListEntry[] {
  writer.flush();
  const k = q.runIds.length;
  const params: Record<string, unknown> = { node: q.nodeId };
  q.runIds.forEach((id, i) => (params[`r${i}`] = id));
  q.ports.forEach((p, j) => (params[`p${j}`] = portPath(p)));
  q.scoreNodes.forEach((s, i) => (params[`s${i}`] = s));
  const WS = "char(32, 9, 10, 13)";
  const valueExpr = (alias: string, path: string) =>
    `(CASE json_type(${alias}.output, ${path}) WHEN 'text' THEN trim(json_extract(${alias}.output, ${path}), ${WS}) ELSE json_extract(${alias}.output, ${path}) END)`;
  const joins: string[] = [];
  for (let i = 0; i < k; i++) {
    joins.push(`LEFT JOIN own_results r${i} ON r${i}.run_id = @r${i} AND r${i}.node_id = @node AND r${i}.item_id = ids.item_id`);
    if (q.scoreNodes[i]) joins.push(`LEFT JOIN own_results c${i} ON c${i}.run_id = @r${i} AND c${i}.node_id = @s${i} AND c${i}.item_id = ids.item_id`);
  }
  const norm = (i: number): string[] => (q.ports.length ? q.ports.map((_, j) => valueExpr(`r${i}`, `@p${j}`)) : [`r${i}.output`]);
  const score = (i: number) => `json_extract(c${i}.output, '$.score')`;
  const differs: string[] = [];
  for (let i = 1; i < k; i++) {
    const a = norm(0);
    const b = norm(i);
    a.forEach((x, j) => differs.push(`${x} IS NOT ${b[j]}`));
    differs.push(`(r0.output IS NULL) <> (r${i}.output IS NULL)`);
    if (q.scoreNodes[0] && q.scoreNodes[i]) differs.push(`${score(0)} IS NOT ${score(i)}`);
  }
  const disagree = differs.length ? `(${differs.join(" OR ")})` : "0";
  const where: string[] = [];
  if (q.search) {
    params.search = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (col: string) => `${col} LIKE @search ESCAPE '\\'`;
    const any = ["ids.item_id", ...q.runIds.flatMap((_, i) => [`r${i}.output`, `r${i}.error`])].map(like);
    where.push(`(${any.join(" OR ")})`);
  }
  const runList = q.runIds.map((_, i) => `@r${i}`).join(", ");
  const ids = `SELECT item_id, MIN(seq) AS seq FROM own_results WHERE run_id IN (${runList}) AND node_id = @node GROUP BY item_id`;
  const sql = `SELECT ids.item_id AS item_id, ${disagree} AS disagree FROM (${ids}) ids ${joins.join(" ")}
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ids.seq, ids.item_id`;
  const out: ItemListEntry[] = [];
  for (const r of db.prepare(sql).raw().iterate(params) as Iterable<[string, number]>) {
    if (!q.onlyDisagreements || r[1] === 1) out.push({ itemId: r[0], disagree: r[1] === 1 });
  }
  return out;
}

const PORT = "text";
const ODD_PORT = 'a "quoted" \\ name[0].x';

/** Item ids whose SQLite order differs from JS `<` (above U+FFFF against U+E000..U+FFFF), LIKE's specials, plain ones. */
const IDS = ["b-7", "a-10", "a-9", "\u{1F600}x", "\uFF01x", "z", "é", "a-1", "\uE000", "\u{10000}", "m-3", "m_2", "q%", "c\\d", ...Array.from({ length: 46 }, (_, i) => `g-${i}`)];

/** Port values, each run picking its own per item: trimmed equal strings, numbers and their text, objects and their JSON text. */
const VALUES: (Value | "missing")[] = ["A", " A\n", "A\t ", "\r\nA", "B", "", "  ", null, 1, true, "1", 1152921504606846976, 1152921504606846976, 0.1, { a: 1 }, '{"a":1}', ["x", "y"], '["x","y"]', "missing", "é ", "é", "%", "A_B"];

/** Outputs written as raw JSON text (numbers JS would never write: 1.0, an overflow, spaces in an object). */
const RAW: string[] = [`{"${PORT}": 1.0}`, `{"${PORT}": 1}`, `{"${PORT}": { "a" : 1 }}`, `{"${PORT}": {"a":1}}`, `{"${PORT}": 1e400}`, `{"${PORT}": -0.0}`, `{"${PORT}": 0}`];

const SCORES: (Record<string, Value> | "raw" | null)[] = [{ score: 1 }, { score: 0 }, { score: 1 }, "raw", { score: "1" }, { score: { kind: "samples", values: [1, 0] } }, { score: null }, {}, null, { score: 0.25 }];

function h(text: string): number {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return x >>> 0;
}

/**
 * A run of nodes ask (the compared node) and score. Variant 0 is the baseline; others differ from it on some
 * items (value, status, score), lack some items, have some of their own, and put some at other seqs.
 */
function seed(store: Store, variant: number, opts: { empty?: boolean } = {}): string {
  const runId = store.runs.create({ doc: tinyDoc(`v${variant}`), datasetFingerprint: "", label: `v${variant}` }).id;
  const raw = databaseOf(store).prepare("INSERT INTO results (run_id, node_id, item_id, seq, status, output, error) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const ids = variant === 0 ? IDS : [...IDS.filter((_, i) => (i + variant) % 7 !== 0), `extra-${variant}`, "zz-shared-extra"];
  ids.forEach((itemId, i) => {
    const base = IDS.indexOf(itemId);
    const seq = base < 0 ? 3 : (base * 7) % 11 + (variant > 0 && base % 5 === 0 ? variant : 0); // ties; other runs move some
    // Runs 1 and 3 pick a neighbour of the baseline's value (often an equal one: " A\n" for "A", true for 1).
    const pick = (h(itemId) + (variant % 2 ? h(`${itemId}:${variant}`) % 3 : 0)) % (VALUES.length + RAW.length + 3);
    if (!opts.empty) {
      if (pick < VALUES.length) {
        const v = VALUES[pick];
        const output: Record<string, Value> = v === "missing" ? { other: "x" } : { [PORT]: v, [ODD_PORT]: typeof v === "string" ? `odd ${v}` : v, conversation: { kind: "conversation", messages: [{ role: "assistant", content: `c${variant}` }] } };
        store.writer.putResult({ runId, nodeId: "ask", itemId, seq, status: "done", output });
      } else if (pick < VALUES.length + RAW.length) {
        store.writer.flush();
        raw.run(runId, "ask", itemId, seq, "done", RAW[pick - VALUES.length], null);
      } else {
        store.writer.putResult({ runId, nodeId: "ask", itemId, seq, status: "failed", output: null, error: `boom ${pick % 2 ? "A" : "x%y"}` });
      }
    }
    if (i % 9 === 8) return; // no score for this item
    const s = SCORES[h(`${itemId}:${variant}`) % SCORES.length];
    if (s === "raw") {
      store.writer.flush();
      raw.run(runId, "score", itemId, seq, "done", '{"score": 1.0}', null);
    } else store.writer.putResult({ runId, nodeId: "score", itemId, seq, status: s ? "done" : "failed", output: s });
  });
  store.writer.putResult({ runId, nodeId: "score", itemId: `score-only-${variant}`, seq: 0, status: "done", output: { score: 1 } });
  store.writer.flush();
  return runId;
}

describe("runs.compareItems' item list (column scans)", () => {
  it("gives what joining the runs in SQL gave, for every run set, port set, score set, search and filter", () => {
    const store = openStore(":memory:");
    const [a, b, c] = [seed(store, 0), seed(store, 1), seed(store, 2)];
    const empty = seed(store, 3, { empty: true });
    const same = seed(store, 4); // the same outputs as the baseline on most items
    const runSets = [[a], [a, b], [b, a], [a, same], [a, b, c], [a, empty], [empty, a], [c, b, a, same]];
    // The co-routine scan (outputs in contents) and the flat one (outputs in their rows) give the same row.
    for (const run of [a, b, c, empty])
      for (const [ports, search] of [[0, false], [1, false], [2, true]] as const) {
        const params = { run, node: "ask", ids: null, seqs: null, p0: portPath(PORT), p1: portPath(ODD_PORT), search: "%A%" };
        const scan = (stored: boolean) => databaseOf(store).prepare(nodeScanSql(ports, search, stored, OWN_ROWS)).raw().get(params);
        expect(scan(true)).toEqual(scan(false));
      }
    const portSets = [[PORT], [], [PORT, ODD_PORT], [ODD_PORT], ["nope"]];
    const searches = [undefined, "A", "a-", "%", "_", "\\", "x%y", "é", "\u{1F600}", "odd", "1", "zz"];
    let checked = 0;
    let disagreements = 0;
    for (const runIds of runSets) {
      const scoreSets: (string | null)[][] = [runIds.map(() => "score"), runIds.map(() => null), runIds.map((_, i) => (i === 0 ? null : "score")), runIds.map((_, i) => (i === 0 ? "score" : null)), runIds.map((_, i) => (i % 2 ? "score" : "ask"))];
      for (const ports of portSets)
        for (const scoreNodes of scoreSets)
          for (const search of searches)
            for (const onlyDisagreements of [false, true]) {
              const q: CompareItemsInput = { runIds, nodeId: "ask", ports, scoreNodes, ...(search === undefined ? {} : { search }), onlyDisagreements };
              const got = compareItemList(databaseOf(store), store.writer, q);
              expect(got, JSON.stringify({ ...q, runIds: runIds.length })).toEqual(referenceList(databaseOf(store), store.writer, q));
              checked++;
              disagreements += got.filter((e) => e.disagree).length;
            }
    }
    // The score node compared itself (its port, its scores).
    for (const runIds of [[a, b], [b, c, a]]) {
      const q: CompareItemsInput = { runIds, nodeId: "score", ports: ["score"], scoreNodes: runIds.map(() => "score") };
      expect(compareItemList(databaseOf(store), store.writer, q)).toEqual(referenceList(databaseOf(store), store.writer, q));
    }
    expect(checked).toBe(runSets.length * portSets.length * 5 * searches.length * 2);
    expect(disagreements).toBeGreaterThan(1000);
    // Both orders are exercised: the baseline's items in (seq, SQLite's item order), not JS `<`.
    const order = compareItemList(databaseOf(store), store.writer, { runIds: [a], nodeId: "ask", ports: [PORT], scoreNodes: [null] }).map((e) => e.itemId);
    expect(order.indexOf("\uFF01x")).toBeLessThan(order.indexOf("\u{1F600}x"));
    store.close();
  });

  it("reads a port whose name holds a quote and a backslash", () => {
    const store = openStore(":memory:");
    const runs = [0, 1].map((v) => store.runs.create({ doc: tinyDoc(`p${v}`), datasetFingerprint: "", label: `p${v}` }).id);
    // Item 1 differs only at the odd port, item 2 only at "plain", item 3 at neither (a trimmed space).
    const outputs: Record<string, Value>[][] = [
      [{ [ODD_PORT]: "x", plain: "p" }, { [ODD_PORT]: "y", plain: "p" }],
      [{ [ODD_PORT]: "x", plain: "p" }, { [ODD_PORT]: "x", plain: "q" }],
      [{ [ODD_PORT]: "x ", plain: "p" }, { [ODD_PORT]: "x", plain: "p" }],
    ];
    outputs.forEach((pair, i) => runs.forEach((runId, v) => store.writer.putResult({ runId, nodeId: "ask", itemId: `i${i + 1}`, seq: i, status: "done", output: pair[v] })));
    const list = (ports: string[]) => compareItemList(databaseOf(store), store.writer, { runIds: runs, nodeId: "ask", ports, scoreNodes: [null, null] });
    expect(list([ODD_PORT])).toEqual([
      { itemId: "i1", disagree: true },
      { itemId: "i2", disagree: false },
      { itemId: "i3", disagree: false },
    ]);
    expect(list(["plain"]).map((e) => e.disagree)).toEqual([false, true, false]);
    expect(list([ODD_PORT])).toEqual(referenceList(databaseOf(store), store.writer, { runIds: runs, nodeId: "ask", ports: [ODD_PORT], scoreNodes: [null, null] }));
    // The page reads the rows whole.
    const page = compareItemsPage(databaseOf(store), { runIds: runs, nodeId: "ask", ports: [ODD_PORT], scoreNodes: [null, null], limit: 2 }, list([ODD_PORT]));
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.cells.map((c) => c?.output?.[ODD_PORT]))).toEqual([
      ["x", "y"],
      ["x", "x"],
    ]);
    store.close();
  });

  it("reads each run's rows in one primary-key range, never row by row", () => {
    const store = openStore(":memory:");
    for (const t of [OWN_ROWS, SHARED_ROWS]) {
      const plan = (sql: string) => rowPlan((databaseOf(store).prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ run: "r", node: "n", ids: null, seqs: null, p0: "$.x", search: "%" }) as { detail: string }[]).map((r) => r.detail), t);
      // The node scan reads its rows in a co-routine (each output once, however often the scan names it).
      const range = "SEARCH result_rows USING PRIMARY KEY (run_id=? AND node_id=?)";
      for (const sql of [nodeScanSql(1, false, true, t), nodeScanSql(0, true, true, t)]) expect(withoutLookups(plan(sql))).toEqual(["CO-ROUTINE (subquery-1)", range, "SCAN (subquery-1)"]);
      for (const sql of [nodeScanSql(1, false, false, t), nodeScanSql(0, true, false, t), scoresScanSql(t), firstOutputStoredSql(t)]) expect(withoutLookups(plan(sql))).toEqual([range]);
    }
    store.close();
  });
});

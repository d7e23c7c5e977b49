/**
 * Runs that share rows (rowSharing.ts), property-style: seeded random sequences of runs over the storage cascade
 * (warm, cold without the cache, another reason prompt, another item set, failing items, another pipeline with
 * the same node ids, 3 repeats of a run, two runs at once) and of deletes (one run, or gc keeping the newest few, some dry runs), in every order.
 * After each step every remaining run reads exactly what it read right after it finished — its rows and traces
 * through the views, pages, item traces, compare (alone and against the runs before it), the report's counts — and the stored rows hold together: every run's node rows exist, no facts without their run's node,
 * and deleting any run frees at least its size's rows + own (storageSizes.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { compareItemList } from "../../../src/main/store/compareItemsQuery";
import { databaseOf } from "../../../src/main/store/database";
import { openStore, type Store } from "../../../src/main/store/store";
import type { ChatRequest } from "../../../src/main/providers/types";

import { lastUser, run, testProvider } from "../engine/helpers";
import { cascadeDoc } from "./storageFixture";
import { runReads } from "./runReads";
import { createRng } from "../../../src/shared/random";

let store: Store | undefined;
afterEach(() => store?.close());

const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Everything a run reads as. */
const reads = runReads;

/** Two runs compared: item lists of a node (with a port, a search, the score nodes) and their compare scans. */
function compared(s: Store, a: string, b: string): unknown {
  const db = databaseOf(s);
  return asJson({
    items: ["reason", "check", "pick"].map((nodeId) => {
      const q = { runIds: [a, b], nodeId, ports: [], scoreNodes: ["score", "score"] };
      const list = s.compare.itemList(q);
      return [list, s.compare.itemsPage(q, list.slice(2, 7)), compareItemList(db, s.writer, { runIds: [b, a], nodeId, ports: ["text"], scoreNodes: [null, "score"], search: "answer is 2" })];
    }),
    latencies: [a, b].map((id) => s.compare.latencies(id, "reason").sort()),
  });
}

/** Uniform numbers in [0, 1) from the project's one seeded generator (shared/random.ts). */
function random(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

const len = (col: string) => `coalesce(length(CAST(${col} AS BLOB)), 0)`;
const sum = (cols: string[], numbers: number) => [...cols.map(len), String(8 * numbers)].join(" + ");
/** The bytes of every stored row as storageSizes.ts counts them, and of the contents no row refers to (gc frees them). */
const STORED_SQL = `SELECT
  (SELECT coalesce(SUM(${sum(["run_id", "node_id", "item_id", "status", "output", "output_hash", "error", "cache_key", "drop_reason"], 5)}), 0) FROM result_rows)
  + (SELECT coalesce(SUM(${sum(["run_id", "node_id", "item_id", "trace_hash", "calls"], 0)}), 0) FROM trace_rows)
  + (SELECT coalesce(SUM(${sum(["item_id", "status", "calls"], 1)}), 0) FROM shared_facts),
  (SELECT coalesce(SUM(length(CAST(body AS BLOB))), 0) FROM contents
   WHERE hash NOT IN (SELECT output_hash FROM result_rows WHERE output_hash IS NOT NULL UNION ALL SELECT trace_hash FROM trace_rows))`;

/**
 * The stored rows hold together: each run's node's rows exist in their owner, no facts are left without a run's
 * node; and what deleting a run frees (rows, and the contents then unreferenced) is at least its size's rows + own.
 */
function checkStored(s: Store): void {
  const db = databaseOf(s);
  const q = (sql: string) => db.prepare(sql).pluck().get() as number;
  expect(q("SELECT COUNT(*) FROM run_nodes n WHERE NOT EXISTS (SELECT 1 FROM runs WHERE id = n.rows_of)")).toBe(0);
  expect(q("SELECT COUNT(*) FROM run_nodes n WHERE n.rows_of != n.run_id AND NOT EXISTS (SELECT 1 FROM run_nodes o WHERE o.run_id = n.rows_of AND o.node_id = n.node_id)")).toBe(0);
  expect(q("SELECT COUNT(*) FROM shared_facts WHERE share NOT IN (SELECT share FROM run_nodes WHERE share IS NOT NULL)")).toBe(0);
  expect(q("SELECT COUNT(*) FROM result_rows r WHERE NOT EXISTS (SELECT 1 FROM run_nodes n WHERE n.rows_of = r.run_id AND n.node_id = r.node_id)")).toBe(0);
  const stored = () => db.prepare(STORED_SQL).raw().get() as [number, number];
  for (const size of s.storage.runSizes().values()) {
    const [rows, loose] = stored();
    db.exec("SAVEPOINT probe");
    s.runs.delete(size.runId);
    const [rowsAfter, looseAfter] = stored();
    db.exec("ROLLBACK TO probe; RELEASE probe");
    expect(rows - rowsAfter + (looseAfter - loose), `deleting ${size.runId} frees its rows + own`).toBeGreaterThanOrEqual(size.rows + size.own);
  }
}

/** Runs: warm, without the cache, another reason prompt, 4 of the 12 items, items 3 and 7 failing, the same node ids in another pipeline, 3 repeats, a warm and an other-prompt run at once (as a sweep's cells); deletes. */
type Step = "warm" | "cold" | "other" | "subset" | "failing" | "pipeline" | "repeats" | "parallel" | "delete" | "gc";
const STEPS: Step[] = ["warm", "cold", "other", "subset", "failing", "pipeline", "repeats", "parallel", "delete", "gc"];

/** Runs `length` random steps; returns how many run nodes came to share rows. */
async function sequence(seed: number, length: number): Promise<number> {
  const rnd = random(seed);
  store = openStore(":memory:");
  const s = store;
  let failing = false;
  const provider = testProvider({
    reply: (req: ChatRequest) => {
      const text = lastUser(req);
      if (failing && /question (3|7)\b/.test(JSON.stringify(req.messages))) throw new Error("the model is down for this item");
      return `Working through it: ${text.slice(0, 30)} … so the answer is ${req.messages.length % 3 === 0 ? 1 : 2}`;
    },
  });
  const expected = new Map<string, unknown>();
  /** Two runs compared ("a b"), as they compared when the second finished. */
  const pairs = new Map<string, unknown>();
  const log: string[] = [];
  let shared = 0;
  for (let i = 0; i < length; i++) {
    const step = STEPS[Math.floor(rnd() * STEPS.length)];
    log.push(step);
    if (step === "delete" || step === "gc") {
      const ids = [...expected.keys()];
      if (ids.length === 0) continue;
      if (step === "delete") {
        const id = ids[Math.floor(rnd() * ids.length)];
        s.runs.delete(id);
        expected.delete(id);
      } else {
        const keepLast = 1 + Math.floor(rnd() * 3);
        // A dry run reports what the gc then does.
        const { runs, runsKept, results, traces, contents, cacheRows } = s.storage.collect({ keepLast, dryRun: true });
        if (rnd() < 0.7) {
          const report = s.storage.collect({ keepLast });
          expect({ runs: report.runs, runsKept: report.runsKept, results: report.results, traces: report.traces, contents: report.contents, cacheRows: report.cacheRows }).toEqual({ runs, runsKept, results, traces, contents, cacheRows });
          for (const r of report.runs) expected.delete(r.id);
        }
      }
    } else {
      failing = step === "failing";
      const doc =
        step === "other" ? cascadeDoc("storage cascade", "Solve {{question}} carefully; end with the number alone.") : step === "pipeline" ? cascadeDoc("another cascade") : cascadeDoc();
      const extra = step === "cold" ? { noCache: true } : step === "subset" ? { itemIds: ["q1", "q2", "q3", "q5"] } : step === "repeats" ? { repeats: 3 } : {};
      const [r, beside] = await Promise.all([run(s, doc, provider, extra), step === "parallel" ? run(s, cascadeDoc("storage cascade", "Solve {{question}} carefully; end with the number alone."), provider) : undefined]);
      failing = false;
      s.writer.flush();
      const db = databaseOf(s);
      const ids = step === "repeats" ? (db.prepare("SELECT id FROM runs WHERE repeat_group = ? ORDER BY repeat_index").pluck().all(r.runId) as string[]) : beside ? [r.runId, beside.runId] : [r.runId];
      if (step === "repeats") expect(ids).toHaveLength(3);
      for (const id of ids) {
        for (const earlier of [...expected.keys()].slice(-2)) pairs.set(`${earlier} ${id}`, compared(s, earlier, id));
        expected.set(id, reads(s, id));
        shared += db.prepare("SELECT COUNT(*) FROM run_nodes WHERE run_id = ? AND rows_of != run_id").pluck().get(id) as number;
      }
    }
    for (const [id, read] of expected) expect(reads(s, id), `seed ${seed}, after ${log.join(", ")}: run ${id}`).toEqual(read);
    for (const [pair, read] of pairs) {
      const [a, b] = pair.split(" ");
      if (expected.has(a) && expected.has(b)) expect(compared(s, a, b), `seed ${seed}, after ${log.join(", ")}: ${pair}`).toEqual(read);
      else pairs.delete(pair);
    }
    checkStored(s);
  }
  return shared;
}

// SHARE_SEEDS=1,2,… SHARE_STEPS=n run other sequences (with the project's generator, shared/random.ts: seeds 1-16 of 12 steps pass; with the mulberry32 of the review, seeds 3 and 6 failed without the hand-over fix of c7a65cc).
describe("runs that share rows, in random sequences of runs and deletes", () => {
  for (const seed of (process.env.SHARE_SEEDS ?? "1,3,6,10").split(",").map(Number)) {
    it(`seed ${seed}`, async () => {
      expect(await sequence(seed, Number(process.env.SHARE_STEPS ?? 12))).toBeGreaterThan(0);
    }, 30_000);
  }
});

/**
 * Benchmark (not a test) of the store contract's two backends (#19, src/main/store/contract/runStore.ts): the
 * same work through SQLite (a file in a temp folder) and PostgreSQL (a real server, tests/servers/postgres.ts,
 * fsync off as in the tests), each a fresh store:
 *  - results.put of ITEMS rows × 2 nodes in batches of 500 (an output of ~300 characters, a trace of ~600):
 *    rows/s;
 *  - results.page: the first page of 100, a page at offset ITEMS − 100 (item order), the first page in latency
 *    order, each the median of 7;
 *  - cache.put of 2,000 rows one by one, then cache.getMany of those 2,000 keys (median of 7);
 *  - cascade push's copy (store/pushRun.ts) of the SQLite run (ITEMS × 2 rows with traces) into PostgreSQL:
 *    rows/s, and the most the process's RSS grew while it ran (sampled after each page of 1,000; after a
 *    collection when run with --expose-gc).
 * Lines start with "runstore ". Figures only; nothing fails.
 *   node --import tsx [--expose-gc] bench/runStoreBench.ts [--items N]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunStore } from "../src/main/store/contract/runStore";
import { openRunStore } from "../src/main/store/openRunStore";
import { pushRun } from "../src/main/store/pushRun";
import { emptyTotals } from "../src/main/store/runRows";
import type { ResultRecord } from "../src/main/store/types";
import { startPostgres } from "../tests/servers/postgres";
import { tinyDoc } from "../tests/unit/store/helpers";

const itemsArg = process.argv.indexOf("--items");
const ITEMS = itemsArg > 0 ? Number(process.argv[itemsArg + 1]) : 20_000;
const BATCH = 500;

function row(runId: string, nodeId: string, i: number): ResultRecord {
  const text = `Item ${i}: the reasoning goes step by step over the question and its image, then names the answer. `.repeat(3);
  return {
    runId,
    nodeId,
    itemId: `item-${i}`,
    seq: i,
    status: i % 17 === 0 ? "failed" : "done",
    output: { text, answer: String(i % 4) },
    latencyMs: (i * 7919) % 1000,
    inputTokens: 120,
    outputTokens: 60,
    costUsd: 0.0001,
    cacheKey: (i % 256).toString(16).padStart(2, "0").repeat(32),
    trace: { inputs: { question: `question ${i} `.repeat(20), image: null }, messages: [[{ role: "user", content: `question ${i} `.repeat(20) }]] },
  };
}

async function median(times: number, f: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let k = 0; k < times; k++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

async function measure(name: string, store: RunStore): Promise<Record<string, number> & { runId: string }> {
  const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
  const rows = ["ask", "judge"].flatMap((node) => Array.from({ length: ITEMS }, (_, i) => row(id, node, i)));
  let t = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) await store.results.put(rows.slice(i, i + BATCH));
  const putMs = performance.now() - t;
  const first = await median(7, () => store.results.page({ runId: id, nodeId: "ask", limit: 100 }));
  const last = await median(7, () => store.results.page({ runId: id, nodeId: "ask", offset: ITEMS - 100, limit: 100 }));
  const latency = await median(7, () => store.results.page({ runId: id, nodeId: "ask", sort: "latency", limit: 100 }));
  const keys = Array.from({ length: 2000 }, (_, i) => `key-${i}`);
  t = performance.now();
  for (const key of keys) await store.cache.put({ key, reply: `reply ${key} `.repeat(10), inputTokens: 10, outputTokens: 5, model: "m", createdAt: Date.now(), latencyMs: 12 });
  const cachePutMs = performance.now() - t;
  const getMany = await median(7, () => store.cache.getMany(keys));
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`runstore ${name} put ${rows.length} rows in batches of ${BATCH}: ${(putMs / 1000).toFixed(2)} s (${Math.round(rows.length / (putMs / 1000))} rows/s)`);
  console.log(`runstore ${name} page: first ${f(first)}, at offset ${ITEMS - 100} ${f(last)}, latency order ${f(latency)}`);
  console.log(`runstore ${name} cache: 2000 puts one by one ${(cachePutMs / 1000).toFixed(2)} s (${f(cachePutMs / 2000)} each), getMany of 2000 keys ${f(getMany)}`);
  return { runId: id, putMs, first, last, latency, cachePutMs, getMany };
}

const dir = mkdtempSync(join(tmpdir(), "cascade-runstore-bench-"));
const server = await startPostgres();
try {
  const sqlite = await openRunStore(join(dir, "bench.db"));
  const s = await measure("sqlite", sqlite);
  {
    await sqlite.runs.finish(s.runId, { status: "done", totals: emptyTotals(), metrics: {} });
    const target = await openRunStore(server.url);
    // With --expose-gc, RSS is read after a collection (what the push holds, not garbage not yet collected).
    const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
    collect();
    const rss0 = process.memoryUsage().rss;
    let grew = 0;
    const t = performance.now();
    const pushed = await pushRun(sqlite, target, s.runId, {
      onPage: () => {
        collect();
        grew = Math.max(grew, process.memoryUsage().rss - rss0);
      },
    });
    const ms = performance.now() - t;
    await target.close();
    console.log(`runstore push sqlite→postgres ${pushed.results} rows with traces: ${(ms / 1000).toFixed(2)} s (${Math.round(pushed.results / (ms / 1000))} rows/s), RSS grew at most ${(grew / 1024 ** 2).toFixed(0)} MB`);
  }
  await sqlite.close();
  const postgres = await openRunStore(server.url);
  const p = await measure("postgres", postgres);
  await postgres.close();
  const ratio = (k: string) => `${(p[k] / s[k]).toFixed(2)}x`;
  console.log(`runstore postgres/sqlite: put ${ratio("putMs")}, first page ${ratio("first")}, last page ${ratio("last")}, latency page ${ratio("latency")}, cache puts ${ratio("cachePutMs")}, getMany ${ratio("getMany")}`);
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

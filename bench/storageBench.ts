/**
 * Benchmark (not a test) of how much the store grows (#21): a one-prompt pipeline over 2,000 rows (prompt ~430
 * characters: fixed instructions and a short question; reply ~55 from the fake OpenAI server of tests/fakes),
 * run cold, then warm (every call from the cache) on the same database. File growth is measured after a WAL
 * checkpoint (TRUNCATE), so the -wal file holds nothing not yet in the database. Prints:
 *   - bytes per item of the cold run, against 1.5 × (prompt + reply bytes) + 200 per call (target: at most);
 *   - bytes per item of the warm re-run, against 10 % of the cold run (target: at most);
 *   - per table (dbstat), the bytes each run added.
 * Lines start with "storage ".   node --import tsx bench/storageBench.ts [--items 2000]   (npm run bench runs it)
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startRun } from "../src/main/engine/startRun";
import { databaseOf } from "../src/main/store/database";
import { openStore, type Store } from "../src/main/store/store";
import type { PipelineDoc } from "../src/shared/pipeline/schema";
import { startFakeOpenAI } from "../tests/fakes/openaiServer";

const INSTRUCTIONS =
  "You are a careful grader. Read the question below, think about what it asks, and answer in one short sentence. " +
  "Do not repeat the question, do not explain your reasoning, do not add any greeting, and keep the answer under " +
  "fifteen words. If the question cannot be answered, say so plainly. Use plain words. Never use lists, markdown or code. Be brief and exact. Question: ";
const WARM_TARGET = 0.1;
const COLD_FACTOR = 1.5;
const COLD_PER_CALL = 200;

const { values } = parseArgs({ options: { items: { type: "string", default: "2000" } } });
const items = Number(values.items);

function doc(baseUrl: string): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "storage bench",
    models: { m: { provider: "openai", model: "fake-model", baseUrl, concurrency: 16 } },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "ask", kind: "prompt", position: pos, config: { model: "m", template: `${INSTRUCTIONS}{{question}}` } },
    ],
    edges: [{ id: "e", source: "data", sourcePort: "question", target: "ask", targetPort: "question" }],
  };
}

/** The database file's size with everything checkpointed into it. */
function fileBytes(store: Store): number {
  store.writer.flush();
  databaseOf(store).pragma("wal_checkpoint(TRUNCATE)");
  return statSync(store.path).size;
}

function tableBytes(store: Store): Map<string, number> {
  const rows = databaseOf(store).prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name").all() as { name: string; bytes: number }[];
  return new Map(rows.map((r) => [r.name, r.bytes]));
}

function grown(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([name, bytes]) => [name, bytes - (before.get(name) ?? 0)] as const)
    .filter(([, d]) => d > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, d]) => `${name} ${Math.round(d / items)}`)
    .join(", ");
}

const dir = mkdtempSync(join(tmpdir(), "cascade-storage-bench-"));
const fake = await startFakeOpenAI();
try {
  writeFileSync(join(dir, "data.jsonl"), Array.from({ length: items }, (_, i) => JSON.stringify({ id: `item-${i}`, question: `How many legs do ${i} spiders and ${i * 3} ants have together?` })).join("\n") + "\n");
  const store = openStore(join(dir, "store.db"));
  const sizes = [fileBytes(store)];
  const tables = [tableBytes(store)];
  const runIds: string[] = [];
  for (const label of ["cold", "warm"]) {
    const { done, runId } = startRun({ doc: doc(fake.url), baseDir: dir, store, concurrency: 16 });
    const s = await done;
    if (s.status !== "done" || s.totals.itemsDone !== items) throw new Error(`${label} run ended ${s.status} with ${s.totals.itemsDone} of ${items} items`);
    if (label === "warm" && s.totals.calls !== 0) throw new Error(`the warm run made ${s.totals.calls} calls`);
    runIds.push(runId);
    sizes.push(fileBytes(store));
    tables.push(tableBytes(store));
  }
  // What one call sends and gets: the prompt's message text and the reply, in UTF-8 bytes, averaged.
  const io = databaseOf(store)
    .prepare(
      `SELECT AVG(length(CAST(output -> '$.conversation.messages[0].content' ->> '$' AS BLOB))) AS prompt, AVG(length(CAST(output ->> '$.text' AS BLOB))) AS reply
       FROM results WHERE run_id = ? AND node_id = 'ask'`,
    )
    .get(runIds[0]) as { prompt: number; reply: number };
  store.close();
  const cold = (sizes[1] - sizes[0]) / items;
  const warm = (sizes[2] - sizes[1]) / items;
  const coldBound = COLD_FACTOR * (io.prompt + io.reply) + COLD_PER_CALL;
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(
    `storage cold run ${items} items × 1 prompt: ${Math.round(cold)} bytes/item (prompt ${Math.round(io.prompt)} + reply ${Math.round(io.reply)} bytes per call) → ` +
      `${(cold / (io.prompt + io.reply)).toFixed(2)}x prompt+reply; target ≤ ${COLD_FACTOR} × (prompt+reply) + ${COLD_PER_CALL} = ${Math.round(coldBound)}: ${met(cold <= coldBound)}` +
      (cold > coldBound ? ` (over by ${Math.round(cold - coldBound)} bytes/item, ${((cold / coldBound - 1) * 100).toFixed(0)} %)` : ""),
  );
  console.log(
    `storage warm re-run ${items} items (0 calls): ${Math.round(warm)} bytes/item → ${((warm / cold) * 100).toFixed(1)} % of the cold run; target ≤ ${WARM_TARGET * 100} %: ${met(warm <= WARM_TARGET * cold)}` +
      (warm > WARM_TARGET * cold ? ` (over by ${Math.round(warm - WARM_TARGET * cold)} bytes/item)` : ""),
  );
  console.log(`storage cold run by table (bytes/item): ${grown(tables[0], tables[1])}`);
  console.log(`storage warm re-run by table (bytes/item): ${grown(tables[1], tables[2])}`);
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}

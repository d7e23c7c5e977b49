/**
 * Benchmark (not a test) of distributed runs (#19): 1, 2 and 4 `cascade worker` processes on this machine
 * against a fake model server with 50 ms latency that serves at most ENDPOINT_LIMIT calls at once (the
 * endpoint's limit), each worker with a per-model concurrency of 8, over the bench's 3-call cascade. Each
 * count of workers gets a fresh database (a cold shared cache and queue) in one real PostgreSQL. Timed: from
 * queueing the items until every job is done (the workers' part; the coordinator's own pass is all cache hits).
 * Prints items/s and the ratio to 1 worker, against the ideal min(8·W, limit)/8. Lines start with "workers ".
 *   node --import tsx bench/workersBench.ts [--items N]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { dispatchItems } from "../src/main/distributed/dispatchItems";
import { itemIdsOf } from "../src/main/distributed/itemIds";
import { openJobQueue } from "../src/main/distributed/jobQueue";
import { startFakeOpenAI } from "../tests/fakes/openaiServer";
import { startPostgres } from "../tests/servers/postgres";
import { benchDoc, writeData } from "./cascade";

const ROOT = resolve(import.meta.dirname, "..");
const LATENCY_MS = 50;
const ENDPOINT_LIMIT = 24;
const PER_WORKER = 8;
const itemsArg = process.argv.indexOf("--items");
const ITEMS = itemsArg > 0 ? Number(process.argv[itemsArg + 1]) : 240;

let inFlight = 0;
const waiting: (() => void)[] = [];
async function endpointSlot(): Promise<() => void> {
  if (inFlight >= ENDPOINT_LIMIT) await new Promise<void>((r) => waiting.push(r));
  inFlight++;
  return () => {
    inFlight--;
    waiting.shift()?.();
  };
}

const fake = await startFakeOpenAI({
  reply: async (r) => {
    const release = await endpointSlot();
    try {
      await new Promise((res) => setTimeout(res, LATENCY_MS));
      return `The answer is ${createHash("sha256").update(JSON.stringify((r.body as { messages: unknown }).messages)).digest("hex").slice(0, 12)}.`;
    } finally {
      release();
    }
  },
});
const server = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), "cascade-workers-bench-"));
const children = new Set<ChildProcess>();

function startWorker(url: string, name: string): Promise<ChildProcess> {
  const w = spawn(process.execPath, [join(ROOT, "bin/cascade.mjs"), "worker", "--shared-cache", url, "--db", join(dir, `${name}.db`), "--concurrency", String(PER_WORKER)], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, OPENAI_API_KEY: "sk-bench" } });
  children.add(w);
  let said = "";
  return new Promise((ok, fail) => {
    w.stderr!.on("data", (d) => {
      said += d;
      if (said.includes("taking jobs from")) ok(w);
    });
    w.once("exit", (code) => fail(new Error(`worker exited ${code}: ${said}`)));
  });
}

try {
  const dataFile = await writeData(dir, ITEMS);
  const doc = benchDoc(fake.url, dataFile, PER_WORKER);
  writeFileSync(join(dir, "bench.json"), JSON.stringify(doc));
  const itemIds = await itemIdsOf(doc, dir);
  const perSecond: Record<number, number> = {};
  for (const workers of [1, 2, 4]) {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE bench_${workers}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/bench_${workers}`);
    const { openSharedCache } = await import("../src/main/store/shared/sharedCallCache");
    const shared = await openSharedCache(url);
    const boss = await openJobQueue(url, { maintenanceIntervalSeconds: 60 });
    const procs = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(url, `w${workers}-${i}`)));
    const started = performance.now();
    const outcome = await dispatchItems(boss, shared, { runKey: `bench-${workers}`, doc, baseDir: dir, itemIds, chunk: 10, pollMs: 50 });
    const ms = performance.now() - started;
    if (outcome.completed !== outcome.jobs) throw new Error(`${outcome.failed.length} jobs failed: ${outcome.failed[0]?.error}`);
    perSecond[workers] = (ITEMS / ms) * 1000;
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    await shared.close();
    for (const p of procs) p.kill("SIGTERM");
    const ideal = Math.min(PER_WORKER * workers, ENDPOINT_LIMIT) / PER_WORKER;
    const ratio = perSecond[workers] / perSecond[1];
    console.log(`workers ${workers}: ${ITEMS} items × 3 calls in ${(ms / 1000).toFixed(2)} s = ${perSecond[workers].toFixed(1)} items/s → ${ratio.toFixed(2)}x 1 worker (ideal ${ideal.toFixed(2)}x: ${PER_WORKER} calls per worker, endpoint limit ${ENDPOINT_LIMIT}, ${LATENCY_MS} ms per call)`);
  }
} finally {
  for (const c of children) c.kill("SIGKILL");
  server.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}

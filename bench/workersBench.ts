/**
 * Benchmark (not a test) of distributed runs (#19): `cascade worker` processes on this machine against a fake
 * model server with 50 ms latency that serves at most ENDPOINT_LIMIT calls at once (the endpoint's limit; more
 * wait in its queue), over the bench's 3-call cascade. Each case gets a fresh database (a cold shared cache and
 * queue) in one real PostgreSQL and a fresh server. Timed: from queueing the items until every job is done
 * (the workers' part; the coordinator's own pass is all cache hits).
 *  - "workers W": 1, 2 and 4 workers, each allowed 8 calls (--concurrency 8; the model sets no concurrency, so
 *    no shared limit): items/s and the ratio to 1 worker, against the ideal min(8·W, limit)/8.
 *  - "shared limit": 4 workers when the model's concurrency is the endpoint's limit (24): the workers share 24
 *    slots leased in PostgreSQL (each worker alone would send 24: 96 at once). Against the same 24 calls at once
 *    without leases (4 workers × --concurrency 6): the leases' cost per call, and the most requests the server
 *    saw at once in each.
 * Lines start with "workers " or "shared limit".
 *   node --import tsx bench/workersBench.ts [--items N]
 */
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { dispatchItems } from "../src/main/distributed/dispatchItems";
import { itemIdsOf } from "../src/main/distributed/itemIds";
import { openJobQueue } from "../src/main/distributed/jobQueue";
import { openSharedCache } from "../src/main/store/shared/sharedCallCache";
import { startFakeOpenAI } from "../tests/fakes/openaiServer";
import { startWorker } from "../tests/servers/cascadeWorker";
import { startPostgres } from "../tests/servers/postgres";
import { benchDoc, writeData } from "./cascade";

const LATENCY_MS = 50;
const ENDPOINT_LIMIT = 24;
const PER_WORKER = 8;
const itemsArg = process.argv.indexOf("--items");
const ITEMS = itemsArg > 0 ? Number(process.argv[itemsArg + 1]) : 240;

/** A fake server that answers at most ENDPOINT_LIMIT requests at once (the others wait), 50 ms each. */
async function limitedServer() {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  return startFakeOpenAI({
    reply: async (r) => {
      if (inFlight >= ENDPOINT_LIMIT) await new Promise<void>((res) => waiting.push(res));
      inFlight++;
      try {
        await new Promise((res) => setTimeout(res, LATENCY_MS));
        return `The answer is ${createHash("sha256").update(JSON.stringify((r.body as { messages: unknown }).messages)).digest("hex").slice(0, 12)}.`;
      } finally {
        inFlight--;
        waiting.shift()?.();
      }
    },
  });
}

const server = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), "cascade-workers-bench-"));
const children: ChildProcess[] = [];
const dataFile = await writeData(dir, ITEMS);
let databases = 0;

/** One case: `workers` workers of --concurrency `perWorker` over the cascade with the model's `modelConcurrency`. */
async function measure(workers: number, perWorker: number, modelConcurrency: number | undefined): Promise<{ perSecond: number; ms: number; maxAtServer: number; transactions: number }> {
  const fake = await limitedServer();
  const doc = benchDoc(fake.url, dataFile, modelConcurrency ?? 0);
  if (modelConcurrency === undefined) delete (doc.models.m as { concurrency?: number }).concurrency;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const name = `bench_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const shared = await openSharedCache(url);
  const boss = await openJobQueue(url, { maintenanceIntervalSeconds: 60 });
  const procs = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker({ url, db: join(dir, `${name}-${i}.db`), into: children, concurrency: perWorker, env: { OPENAI_API_KEY: "sk-bench" } })));
  try {
    const itemIds = await itemIdsOf(doc, dir);
    const started = performance.now();
    const outcome = await dispatchItems(boss, shared, { runKey: `bench-${name}`, doc, baseDir: dir, itemIds, chunk: 10, pollMs: 50 });
    const ms = performance.now() - started;
    if (outcome.completed !== outcome.jobs) throw new Error(`${outcome.failed.length} jobs failed: ${outcome.failed[0]?.error}`);
    return { perSecond: (ITEMS / ms) * 1000, ms, maxAtServer: fake.maxInFlight, transactions: 0 };
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    await shared.close();
    for (const p of procs) p.kill("SIGTERM");
    await fake.close();
  }
}

/** Transactions committed in a database so far (each query outside BEGIN is one): the queries a case cost. */
async function transactions(name: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500)); // backends report their counts within a second, and at exit
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const { rows } = await admin.query("SELECT xact_commit FROM pg_stat_database WHERE datname = $1", [name]);
  await admin.end();
  return Number(rows[0].xact_commit);
}

async function measured(workers: number, perWorker: number, modelConcurrency: number | undefined) {
  const r = await measure(workers, perWorker, modelConcurrency);
  return { ...r, transactions: await transactions(`bench_${databases}`) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const perSecond: Record<number, number> = {};
  for (const workers of [1, 2, 4]) {
    const r = await measure(workers, PER_WORKER, undefined);
    perSecond[workers] = r.perSecond;
    const ideal = Math.min(PER_WORKER * workers, ENDPOINT_LIMIT) / PER_WORKER;
    console.log(`workers ${workers}: ${ITEMS} items × 3 calls in ${(r.ms / 1000).toFixed(2)} s = ${r.perSecond.toFixed(1)} items/s → ${(r.perSecond / perSecond[1]).toFixed(2)}x 1 worker (ideal ${ideal.toFixed(2)}x: ${PER_WORKER} calls per worker, endpoint limit ${ENDPOINT_LIMIT}, ${LATENCY_MS} ms per call)`);
  }
  // Alternated, three of each: this machine's load moves more than the leases cost.
  const local: Awaited<ReturnType<typeof measured>>[] = [];
  const leased: Awaited<ReturnType<typeof measured>>[] = [];
  for (let i = 0; i < 3; i++) {
    local.push(await measured(4, ENDPOINT_LIMIT / 4, undefined));
    leased.push(await measured(4, PER_WORKER, ENDPOINT_LIMIT));
  }
  const ideal = (ENDPOINT_LIMIT / 3 / LATENCY_MS) * 1000;
  const calls = ITEMS * 3;
  const l = { perSecond: median(local.map((r) => r.perSecond)), max: Math.max(...local.map((r) => r.maxAtServer)), tx: median(local.map((r) => r.transactions)) };
  const s = { perSecond: median(leased.map((r) => r.perSecond)), max: Math.max(...leased.map((r) => r.maxAtServer)), tx: median(leased.map((r) => r.transactions)) };
  console.log(`shared limit: 4 workers × ${ENDPOINT_LIMIT / 4} calls, no leases: ${l.perSecond.toFixed(1)} items/s (median of 3: ${local.map((r) => r.perSecond.toFixed(1)).join(", ")}), the server saw at most ${l.max} at once (ideal ${ideal.toFixed(0)} items/s); ${(l.tx / calls).toFixed(2)} queries per call`);
  console.log(`shared limit: 4 workers sharing the model's concurrency ${ENDPOINT_LIMIT} (leased slots): ${s.perSecond.toFixed(1)} items/s (${leased.map((r) => r.perSecond.toFixed(1)).join(", ")}) = ${(s.perSecond / l.perSecond).toFixed(2)}x the same ${ENDPOINT_LIMIT} without leases; the server saw at most ${s.max} at once (without the shared limit each worker would send ${ENDPOINT_LIMIT}: ${4 * ENDPOINT_LIMIT}); ${(s.tx / calls).toFixed(2)} queries per call, ${((s.tx - l.tx) / calls).toFixed(2)} of them the leases'`);
} finally {
  for (const c of children) c.kill("SIGKILL");
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

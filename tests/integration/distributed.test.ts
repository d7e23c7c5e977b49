/**
 * Distributed runs (#19) against a real PostgreSQL 15: `cascade run --distributed` puts Cas-SEAT's 18 items in
 * jobs on the queue, three `cascade worker` processes take them and answer into the shared cache, and the
 * coordinator's own pass makes no call and gives exactly the results of a local run; no call reached the model
 * twice. A worker killed with SIGKILL in the middle of a job loses nothing: its job expires, another worker
 * finishes it, and at most its calls in flight were sent again. A model's `concurrency` holds over all the
 * workers together (slots leased in PostgreSQL), a worker SIGKILLed holding every slot gives them back when
 * its leases run out, and `cascade watch` in another process follows a run it did not start to its end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import pgClient from "pg";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { endpointKey } from "../../src/main/providers/limiter";
import { endpointId, endpointLeaseTable } from "../../src/main/store/shared/endpointLeases";
import { readProgress } from "../../src/main/store/shared/runProgress";
import { openSharedCache, type SharedCallCache } from "../../src/main/store/shared/sharedCallCache";
import { startWorker as startCascadeWorker } from "../servers/cascadeWorker";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { chatRequests, tempDir } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const template = join(ROOT, "templates/cas-seat.json");
const dir = tempDir("cascade-dist-");
let fake: FakeServer;
let pg: PostgresServer;
let sharedForTest: SharedCallCache;
const workers: ChildProcess[] = [];

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

beforeAll(async () => {
  process.env.CASCADE_DIST_KEY = "sk-test";
  pg = await startPostgres();
  sharedForTest = await openSharedCache(pg.url);
  fake = await startFakeOpenAI({ reply: visualMathOracle(), models: ["qwen2-vl-7b-instruct", "qwen2.5-1.5b-instruct"], latencyMs: 40 });
}, 60_000);
afterEach(() => {
  for (const w of workers.splice(0)) w.kill("SIGKILL");
});
afterAll(async () => {
  await sharedForTest?.close();
  await fake?.close();
  pg?.close();
});

function sets(extra: string[] = [], url = fake.url, concurrency?: number): string[] {
  const out = [...extra];
  for (const m of ["reasoner", "extractor"]) {
    out.push("--set", `models.${m}.baseUrl=${url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_DIST_KEY`);
    if (concurrency !== undefined) out.push("--set", `models.${m}.concurrency=${concurrency}`);
  }
  return out;
}

/** A worker process; resolves once it says it takes jobs. */
const startWorker = (name: string, concurrency = 4, leaseSeconds?: number) => startCascadeWorker({ url: pg.url, db: join(dir, `${name}.db`), into: workers, concurrency, leaseSeconds });

async function cli(args: string[], io = capture()) {
  const code = await main(args, io);
  return { code, io, report: io.stdout.length ? JSON.parse(io.stdout.join("")) : null };
}

async function scores(db: string, runId: string): Promise<unknown[]> {
  const io = capture();
  expect(await main(["show", runId, "--db", db, "--node", "score", "--format", "jsonl"], io), io.stderr.join("\n")).toBe(0);
  return io.stdout.join("\n").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

const stripRun = (rows: unknown[]) => rows.map((r) => ({ ...(r as object), run_id: undefined, runId: undefined, latency_ms: undefined, latencyMs: undefined }));

describe("distributed runs on pg-boss with the shared cache", () => {
  it("three workers give exactly a local run's results; the coordinator makes no call; no call twice", async () => {
    const local = await cli(["run", template, "--db", join(dir, "local.db"), "--json", "--no-check", ...sets()]);
    expect(local.code, local.io.stderr.join("\n")).toBe(0);
    const before = chatRequests(fake.requests).length;
    await Promise.all(["w1", "w2", "w3"].map((n) => startWorker(n)));
    const dist = await cli(["run", template, "--db", join(dir, "coord.db"), "--json", "--no-check", "--shared-cache", pg.url, "--distributed", "--chunk", "3", ...sets()]);
    expect(dist.code, dist.io.stderr.join("\n")).toBe(0);
    expect(dist.io.stderr.join("\n")).toContain("distributed: 18 items in 6 jobs of up to 3 on the queue");
    expect(dist.io.stderr.join("\n")).toContain("distributed: 6/6 jobs done");
    expect(dist.report.calls).toBe(0);
    expect(dist.report.cacheHits).toBe(local.report.calls + local.report.cacheHits);
    const bodies = chatRequests(fake.requests).slice(before).map((q) => JSON.stringify(q.body));
    expect(bodies.length).toBe(local.report.calls);
    expect(new Set(bodies).size).toBe(bodies.length);
    const want = stripRun(await scores(join(dir, "local.db"), local.report.runId));
    expect(want).toHaveLength(18);
    expect(stripRun(await scores(join(dir, "coord.db"), dist.report.runId))).toEqual(want);
  }, 180_000);

  it("a worker killed with SIGKILL mid-job loses nothing: its job expires and another worker finishes it", async () => {
    const fresh = ["--set", "nodes.reason.config.system=Answer with care; look at every part of the image."];
    const local = await cli(["run", template, "--db", join(dir, "local2.db"), "--json", "--no-check", ...sets(fresh)]);
    expect(local.code, local.io.stderr.join("\n")).toBe(0);
    const before = chatRequests(fake.requests).length;
    const doomed = await startWorker("doomed", 2);
    const running = cli(["run", template, "--db", join(dir, "coord2.db"), "--json", "--no-check", "--shared-cache", pg.url, "--distributed", "--chunk", "6", "--job-timeout", "8", ...sets(fresh)]);
    await expect.poll(() => chatRequests(fake.requests).length - before, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    doomed.kill("SIGKILL");
    const sentByDoomed = chatRequests(fake.requests).length - before;
    await Promise.all(["s1", "s2"].map((n) => startWorker(n)));
    const dist = await running;
    expect(dist.code, dist.io.stderr.join("\n")).toBe(0);
    expect(dist.report.calls).toBe(0);
    expect(stripRun(await scores(join(dir, "coord2.db"), dist.report.runId))).toEqual(stripRun(await scores(join(dir, "local2.db"), local.report.runId)));
    const bodies = chatRequests(fake.requests).slice(before).map((q) => JSON.stringify(q.body));
    const resent = bodies.length - new Set(bodies).size;
    expect(sentByDoomed).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(2); // the killed worker's calls in flight (its concurrency), no more
    expect(new Set(bodies).size).toBe(local.report.calls);
  }, 180_000);

  it("a model's concurrency holds over all workers: 3 workers of concurrency 8, the model's 4 → the server never sees more than 4", async () => {
    const server = await startFakeOpenAI({ reply: visualMathOracle(), latencyMs: 120 });
    try {
      await Promise.all(["c1", "c2", "c3"].map((n) => startWorker(n, 8)));
      const dist = await cli(["run", template, "--db", join(dir, "coord3.db"), "--json", "--no-check", "--shared-cache", pg.url, "--distributed", "--chunk", "2", ...sets(["--set", "nodes.reason.config.system=Limits."], server.url, 4)]);
      expect(dist.code, dist.io.stderr.join("\n")).toBe(0);
      expect(dist.report.calls).toBe(0);
      expect(chatRequests(server.requests).length).toBeGreaterThan(18);
      expect(server.maxInFlight).toBeLessThanOrEqual(4);
      expect(server.maxInFlight).toBeGreaterThanOrEqual(3); // the limit is used, not just respected
    } finally {
      await server.close();
    }
  }, 180_000);

  it("a worker SIGKILLed while it holds every slot: the slots come back when its leases run out, and the run completes", async () => {
    const server = await startFakeOpenAI({ reply: visualMathOracle(), latencyMs: 400 });
    const admin = new pgClient.Client({ connectionString: pg.url });
    await admin.connect();
    try {
      const doomed = await startWorker("held", 4, 3);
      const running = cli(["run", template, "--db", join(dir, "coord4.db"), "--json", "--no-check", "--shared-cache", pg.url, "--distributed", "--chunk", "6", "--job-timeout", "8", ...sets(["--set", "nodes.reason.config.system=Leases."], server.url, 4)]);
      await expect.poll(() => server.inFlight, { timeout: 60_000, interval: 10 }).toBe(4);
      doomed.kill("SIGKILL");
      const killedAt = Date.now();
      const held = await admin.query("SELECT holder FROM cascade_endpoint_leases WHERE holder IS NOT NULL AND expires_at > now()");
      expect(held.rows).toHaveLength(4);
      expect(new Set(held.rows.map((r) => r.holder)).size).toBe(1);
      const sentBefore = chatRequests(server.requests).length;
      await Promise.all(["h1", "h2"].map((n) => startWorker(n, 4, 3)));
      const dist = await running;
      expect(dist.code, dist.io.stderr.join("\n")).toBe(0);
      expect(dist.report.calls).toBe(0);
      const after = chatRequests(server.requests).slice(sentBefore);
      expect(after.length).toBeGreaterThan(0);
      // Nothing was sent until the dead worker's leases (3 s, renewed every second) ran out.
      expect(after[0].at - killedAt).toBeGreaterThanOrEqual(1500);
      expect(server.maxInFlight).toBeLessThanOrEqual(4);
    } finally {
      await admin.end();
      await server.close();
    }
  }, 180_000);

  it("the coordinator's own pass (the items of jobs that failed on the workers) takes the same shared slots", async () => {
    const server = await startFakeOpenAI({ reply: visualMathOracle(), latencyMs: 30 });
    const table = endpointLeaseTable(sharedForTest.postgres.pool);
    const id = endpointId(endpointKey("openai", server.url));
    try {
      // Someone else holds 3 of the endpoint's 4 slots for the whole run.
      await table.ensureSlots(id, "test", 4);
      expect(await table.acquire(id, "another-run", 4, 3, 300, 300)).toHaveLength(3);
      // A worker without the API key fails its jobs (3 tries each): the coordinator runs their items itself.
      await startCascadeWorker({ url: pg.url, db: join(dir, "nokey.db"), into: workers, env: { CASCADE_DIST_KEY: "" } });
      const dist = await cli(["run", template, "--db", join(dir, "coord6.db"), "--json", "--no-check", "--shared-cache", pg.url, "--distributed", "--chunk", "9", ...sets(["--set", "nodes.reason.config.system=Coordinator."], server.url, 4)]);
      expect(dist.code, dist.io.stderr.join("\n")).toBe(0);
      expect(dist.io.stderr.join("\n")).toContain("2 of 2 jobs failed on the workers; their items run here now");
      expect(dist.report.calls).toBeGreaterThan(18);
      expect(server.maxInFlight).toBe(1); // the one slot left, though the model's concurrency is 4
      // The jobs that failed for good are counted in the run's progress (by the worker on its last try, once).
      expect(await readProgress(sharedForTest.postgres.pool, dist.report.runId)).toMatchObject({ jobs: 2, done: 0, failed: 2, failedItems: 18 });
    } finally {
      await table.releaseAll("another-run");
      await server.close();
    }
  }, 180_000);

  it("cascade watch, in another process, follows a run it did not start and ends when the run ends", async () => {
    const server = await startFakeOpenAI({ reply: visualMathOracle(), latencyMs: 60 });
    try {
      const coordinator = capture();
      const running = cli(["run", template, "--db", join(dir, "coord5.db"), "--json", "--no-check", "--shared-cache", pg.url, "--distributed", "--chunk", "3", ...sets(["--set", "nodes.reason.config.system=Watched."], server.url)], coordinator);
      await expect.poll(() => coordinator.stderr.join("\n"), { timeout: 30_000, interval: 20 }).toMatch(/cascade watch \S+ --shared-cache/);
      const runKey = /cascade watch (\S+) --shared-cache/.exec(coordinator.stderr.join("\n"))![1];
      const watcher = spawn(process.execPath, [join(ROOT, "bin/cascade.mjs"), "watch", runKey, "--shared-cache", pg.url], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      workers.push(watcher);
      let out = "";
      watcher.stdout!.on("data", (d) => (out += d));
      const exited = new Promise<number | null>((ok) => watcher.once("exit", (code) => ok(code)));
      await expect.poll(() => out, { timeout: 30_000, interval: 20 }).toContain(`run ${runKey}: 0/6 jobs done (0/18 items)`);
      await Promise.all(["v1", "v2"].map((n) => startWorker(n, 4)));
      const dist = await running;
      expect(dist.code, dist.io.stderr.join("\n")).toBe(0);
      expect(await exited).toBe(0);
      const lines = out.trim().split("\n");
      expect(lines.at(-2)).toBe(`run ${runKey}: 6/6 jobs done (18/18 items)`);
      expect(lines.at(-1)).toBe(`run ${runKey}: ended; all 6 jobs done`);
      // It saw the jobs end one by one (notifications), not only the start and the end.
      expect(lines.filter((l) => /: [1-5]\/6 jobs done/.test(l)).length).toBeGreaterThanOrEqual(3);
    } finally {
      await server.close();
    }
  }, 180_000);
});

/**
 * The shared call cache (#19, store/shared/sharedCallCache.ts) against a real PostgreSQL 15: two machines (two
 * SQLite databases) run Cas-SEAT with `--shared-cache`; the second makes no model call and gets the first's
 * results exactly. A server that is not there fails the run before any call, named; a server that stops in the
 * middle of a run fails the items it had to answer, named, and once it is back a re-run sends only the calls
 * never answered: across both runs each distinct call reached the model once.
 */
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { openSharedCache } from "../../src/main/store/shared/sharedCallCache";
import { createService } from "../../src/main/service";
import { openStore } from "../../src/main/store";
import type { RunEvent } from "../../src/shared/events";
import { templateDoc } from "../unit/service/helpers";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { chatRequests, tempDir } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

const template = resolve("templates/cas-seat.json");
const dir = tempDir("cascade-shared-");
let fake: FakeServer;
let pg: PostgresServer;
/** Called by the fake before it answers a chat request (the test stops the server there). */
let beforeReply: (n: number) => Promise<void> = async () => {};
let replies = 0;

beforeAll(async () => {
  process.env.CASCADE_SHARED_KEY = "sk-test";
  pg = await startPostgres();
  const oracle = visualMathOracle();
  fake = await startFakeOpenAI({
    models: ["qwen2-vl-7b-instruct", "qwen2.5-1.5b-instruct"],
    reply: async (req) => {
      await beforeReply(++replies);
      return oracle(req);
    },
  });
}, 60_000);
afterAll(async () => {
  await fake?.close();
  pg?.close();
});

function runArgs(db: string, extra: string[] = []): string[] {
  const args = ["run", template, "--db", db, "--json", "--no-check", "--shared-cache", pg.url, ...extra];
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${fake.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_SHARED_KEY`);
  return args;
}

async function run(db: string, extra: string[] = []) {
  const io = capture();
  const code = await main(runArgs(db, extra), io);
  return { code, io, report: io.stdout.length ? JSON.parse(io.stdout.join("")) : null };
}

async function scores(db: string, runId: string): Promise<unknown[]> {
  const io = capture();
  expect(await main(["show", runId, "--db", db, "--node", "score", "--format", "jsonl"], io), io.stderr.join("\n")).toBe(0);
  return io.stdout.join("\n").split("\n").filter(Boolean).map((l) => JSON.parse(l)).map((r) => ({ item: r.item_id ?? r.itemId, output: r.output ?? r }));
}

describe("a call cache shared by two machines in PostgreSQL", () => {
  it("the second machine makes no call and gets the first machine's results exactly", async () => {
    const before = chatRequests(fake.requests).length;
    const a = await run(join(dir, "a.db"));
    expect(a.code, a.io.stderr.join("\n")).toBe(0);
    const made = chatRequests(fake.requests).length - before;
    expect(made).toBeGreaterThanOrEqual(36); // 18 reason + 18 selfeval (+ extractor calls where rules found no answer)

    const b = await run(join(dir, "b.db"));
    expect(b.code, b.io.stderr.join("\n")).toBe(0);
    expect(chatRequests(fake.requests).length - before).toBe(made);
    expect(b.report.calls).toBe(0);
    expect(b.report.cacheHits).toBe(a.report.calls + a.report.cacheHits);
    const scoresA = await scores(join(dir, "a.db"), a.report.runId);
    expect(scoresA).toHaveLength(18);
    expect(await scores(join(dir, "b.db"), b.report.runId)).toEqual(scoresA);
    // Now in b's own cache too: without the shared cache, b still makes no call.
    const again = capture();
    const args = runArgs(join(dir, "b.db")).filter((x, i, all) => x !== "--shared-cache" && all[i - 1] !== "--shared-cache");
    expect(await main(args, again), again.stderr.join("\n")).toBe(0);
    expect(chatRequests(fake.requests).length - before).toBe(made);
  }, 120_000);

  it("the app's runs use the shared cache named by CASCADE_SHARED_CACHE: no call for what machine A answered", async () => {
    const store = openStore(join(dir, "app.db"));
    const service = createService({ store, templatesDir: resolve("templates"), mode: "browser", env: { ...process.env, CASCADE_SHARED_CACHE: pg.url } });
    try {
      const doc = templateDoc("cas-seat.json");
      for (const m of Object.values(doc.models)) Object.assign(m, { baseUrl: fake.url, apiKeyEnv: "CASCADE_SHARED_KEY" });
      const before = chatRequests(fake.requests).length;
      const finished = new Promise<RunEvent>((done) => service.on("run-event", (e) => e.type === "run-finished" && done(e)));
      await service.call("runs.start", { doc });
      const end = (await finished) as Extract<RunEvent, { type: "run-finished" }>;
      expect(end.status).toBe("done");
      expect(end.totals.calls).toBe(0);
      expect(end.totals.cacheHits).toBeGreaterThanOrEqual(36);
      expect(chatRequests(fake.requests).length).toBe(before);
    } finally {
      await service.close();
      store.close();
    }
  }, 60_000);

  it("a server that is not there fails the run before any call, naming it", async () => {
    const before = chatRequests(fake.requests).length;
    const io = capture();
    const url = `postgres://cascade:secret@127.0.0.1:${pg.port + 1}/postgres`;
    const args = runArgs(join(dir, "c.db")).map((x) => (x === pg.url ? url : x));
    expect(await main(args, io)).not.toBe(0);
    const said = io.stderr.join("\n");
    expect(said).toContain(`cannot open the shared cache postgres://cascade:***@127.0.0.1:${pg.port + 1}/postgres: `);
    expect(said).not.toContain("secret");
    expect(chatRequests(fake.requests).length).toBe(before);
  }, 60_000);

  it("a URL that is not PostgreSQL's, or not a URL, is refused before anything opens", async () => {
    await expect(openSharedCache("mysql://root:pw@db/lab")).rejects.toThrow("the shared cache mysql://root:***@db/lab: only PostgreSQL is supported (a postgres:// URL)");
    await expect(openSharedCache("dbhost:5432")).rejects.toThrow("only PostgreSQL is supported");
    await expect(openSharedCache("not a url")).rejects.toThrow('the shared cache URL "not a url" cannot be parsed (expected postgres://user@host:port/database)');
  });

  it("a server that stops mid-run fails the items it had to answer, named; a re-run sends only the calls never answered", async () => {
    // A new system prompt: none of these calls is cached anywhere yet.
    const fresh = ["--set", "nodes.reason.config.system=You are careful. Look at the image twice."];
    const db = join(dir, "d.db");
    const before = chatRequests(fake.requests).length;
    replies = 0;
    beforeReply = async (n) => {
      if (n === 6) pg.stop();
    };
    const first = await run(db, fresh);
    beforeReply = async () => {};
    expect(first.code).toBe(1);
    expect(first.report.errors).toBeGreaterThan(0);
    expect(JSON.stringify(first.report)).toContain("the shared cache postgres://cascade@127.0.0.1:");
    const sentFirst = chatRequests(fake.requests).length - before;

    pg.start();
    const second = await run(db, fresh);
    expect(second.code, second.io.stderr.join("\n")).toBe(0);
    expect(second.report.errors).toBe(0);
    const bodies = chatRequests(fake.requests).slice(before).map((q) => JSON.stringify(q.body));
    expect(new Set(bodies).size).toBe(bodies.length); // no call reached the model twice
    expect(bodies.length).toBeGreaterThan(sentFirst);
  }, 120_000);
});

/**
 * cascade push into a real PostgreSQL (tests/servers/postgres.ts), and cascade runs / show reading what it pushed:
 * a run made by a real pipeline run (templates/cas-seat.json against the fake OpenAI server: traces with images
 * and continued chats, cached calls) lists and prints byte for byte as on SQLite, its records and cache rows
 * equal; a re-push is skipped; --all; a running run and an unknown id are refused; a server stopped in the
 * middle of a push is said naming the URL (password hidden), leaves the run unfinished there, and a re-push
 * completes it.
 */
import { join, resolve } from "node:path";
import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/main/cli/main";
import type { CliIO } from "../../src/main/cli/command";
import type { RunStore } from "../../src/main/store/contract/runStore";
import { openRunStore } from "../../src/main/store/openRunStore";
import { pushRun } from "../../src/main/store/pushRun";
import { emptyTotals } from "../../src/main/store/runRows";
import type { ResultRecord } from "../../src/main/store/types";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { tinyDoc } from "../unit/store/helpers";
import { tempDir, writeCascade } from "./helpers";

const NEVER_STALE = { CASCADE_STALE_RUN_MS: String(1e13) };
let server: PostgresServer;
let admin: pg.Pool;
let fake: FakeServer;
let databases = 0;
const dir = tempDir("cascade-push-");
/** The SQLite file with the pipeline's runs: a cas-seat run, and a second, smaller pipeline's run. */
const db = join(dir, "local.db");
let casRun: string;
let smallRun: string;

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await main(args, io);
  return { code, out, err: err.join("\n") };
}

/** A new, empty database on the server; its URL, with a password (trust authentication ignores it) to see it hidden. */
async function freshDatabase(): Promise<{ url: string; shown: string }> {
  const name = `push_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = server.url.replace("cascade@", "cascade:s3cret@").replace(/\/postgres$/, `/${name}`);
  return { url, shown: url.replace(":s3cret@", ":***@") };
}

async function runOf(args: string[]): Promise<string> {
  const r = await cli([...args, "--db", db, "--json"]);
  expect(r.err).toBe("");
  return JSON.parse(r.out.join("")).runId as string;
}

beforeAll(async () => {
  Object.assign(process.env, NEVER_STALE, { CASCADE_IT_KEY: "sk-test" });
  [server, fake] = await Promise.all([startPostgres(), startFakeOpenAI({ latencyMs: 2 })]);
  admin = new pg.Pool({ connectionString: server.url, max: 2 });
  admin.on("error", () => {});
  const template = resolve("templates/cas-seat.json");
  casRun = await runOf(["run", template, "--set", `models.reasoner.baseUrl=${fake.url}`, "--set", `models.extractor.baseUrl=${fake.url}`, "--set", "models.reasoner.apiKeyEnv=CASCADE_IT_KEY", "--label", "cas ✓"]);
  smallRun = await runOf(["run", writeCascade(dir, fake.url, 6)]);
}, 120_000);
afterAll(async () => {
  await admin?.end();
  server?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** Every record of every node of the run, and the cache rows their keys name, read through the contract. */
async function everything(store: RunStore, runId: string): Promise<{ records: ResultRecord[]; cache: unknown[] }> {
  const records: ResultRecord[] = [];
  for (const nodeId of await store.results.nodes(runId)) {
    for (let after: { seq: number; itemId: string } | undefined; ; ) {
      const page = await store.results.records({ runId, nodeId, after, limit: 100 });
      if (!page.length) break;
      records.push(...page);
      after = { seq: page[page.length - 1].seq, itemId: page[page.length - 1].itemId };
    }
  }
  const keys = new Set(records.flatMap((r) => [r.cacheKey, ...(r.trace?.calls ?? []).map((c) => c.cacheKey)]).filter((k): k is string => !!k));
  const cache = [...(await store.cache.getMany(keys)).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  return { records, cache };
}

describe("cascade push --to postgres://…", () => {
  it("pushes a pipeline's run: runs and show (JSONL, CSV, --node) print it as on SQLite, byte for byte; its records, traces and cached calls are equal", async () => {
    const { url, shown } = await freshDatabase();
    const pushed = await cli(["push", casRun.slice(0, 9), "--to", url, "--db", db]);
    expect([pushed.code, pushed.err]).toEqual([0, ""]);
    expect(pushed.out.join("\n")).toMatch(new RegExp(`^pushed ${casRun} \\(\\d+ results, [1-9]\\d* cached calls\\)$`));
    expect(pushed.out.join("\n")).not.toContain("s3cret");

    type Listed = { id: string; pinned?: boolean; size?: unknown };
    const local = (JSON.parse((await cli(["runs", "--db", db, "--json"])).out.join("")) as Listed[]).find((r) => r.id === casRun)!;
    const remote = JSON.parse((await cli(["runs", "--db", url, "--json"])).out.join("")) as Listed[];
    const { pinned, size, ...summary } = local;
    expect([pinned, size]).not.toContain(undefined); // the SQLite list's own columns, which PostgreSQL has not
    expect(remote).toEqual([summary]);

    const sqlite = await openRunStore(db);
    const postgres = await openRunStore(url);
    try {
      expect(await postgres.runs.get(casRun)).toEqual(await sqlite.runs.get(casRun));
      const [a, b] = [await everything(sqlite, casRun), await everything(postgres, casRun)];
      expect(a.records.some((r) => r.trace?.calls?.length)).toBe(true);
      expect(b).toEqual(a);
      const nodes = await sqlite.results.nodes(casRun);
      expect(nodes.length).toBeGreaterThan(2);
      for (const args of [[], ["--format", "csv"], ...nodes.flatMap((n) => [["--node", n], ["--node", n, "--format", "csv"]])]) {
        const [onSqlite, onPostgres] = [await cli(["show", casRun, ...args, "--db", db]), await cli(["show", casRun.slice(0, 9), ...args, "--db", url])];
        expect(onSqlite.code).toBe(0);
        expect(onPostgres).toEqual(onSqlite);
        expect(onSqlite.out.join("").length).toBeGreaterThan(0);
      }
      expect(shown).toContain(":***@");
      const missing = await cli(["show", casRun, "--node", "nope", "--db", url]);
      expect([missing.code, missing.err]).toEqual([2, expect.stringContaining(`run ${casRun} has no node "nope"`)]);
      expect((await cli(["show", casRun, "--meta", "--db", url])).err).toContain("the PostgreSQL store keeps no run records yet");
    } finally {
      await sqlite.close();
      await postgres.close();
    }

    // Pushed again: skipped, said, nothing written twice.
    const again = await cli(["push", casRun, "--to", url, "--db", db]);
    expect([again.code, again.err, again.out]).toEqual([0, "", [`skipped ${casRun}: ${shown} has it already`]]);
    expect((await cli(["show", casRun, "--db", url])).out).toEqual((await cli(["show", casRun, "--db", db])).out);
  }, 120_000);

  it("--all pushes every finished run not there yet and leaves running ones out; a named running run or unknown id is refused, nothing pushed", async () => {
    const { url, shown } = await freshDatabase();
    const local = await openRunStore(db);
    let running: string;
    try {
      running = (await local.runs.create({ doc: tinyDoc("still running"), datasetFingerprint: "", startedAt: Date.now() })).id;
    } finally {
      await local.close();
    }
    try {
      const refused = await cli(["push", smallRun, running.slice(0, 10), "--to", url, "--db", db]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`only finished runs are pushed; not finished: ${running} (running). Nothing was pushed`);
      const unknown = await cli(["push", "zzzz-nope", "--to", url, "--db", db]);
      expect([unknown.code, unknown.err]).toEqual([2, expect.stringContaining(`no run "zzzz-nope" in ${db}`)]);
      expect((await cli(["runs", "--db", url])).out).toEqual([`no runs yet in ${shown}`]);

      expect((await cli(["push", smallRun, "--to", url, "--db", db])).code).toBe(0);
      const all = await cli(["push", "--all", "--to", url, "--db", db]);
      expect([all.code, all.err]).toEqual([0, ""]);
      expect(all.out.slice(0, -1).sort()).toEqual([expect.stringMatching(new RegExp(`^pushed ${casRun} `)), `skipped ${smallRun}: ${shown} has it already`].sort());
      expect(all.out.at(-1)).toBe(`2 finished runs in ${db} checked against ${shown}; 1 running or interrupted left out`);
      const ids = (JSON.parse((await cli(["runs", "--db", url, "--json"])).out.join("")) as { id: string }[]).map((r) => r.id).sort();
      expect(ids).toEqual([casRun, smallRun].sort());
      const json = await cli(["push", "--all", "--to", url, "--db", db, "--json"]);
      expect(JSON.parse(json.out.join(""))).toMatchObject({ to: shown, leftOut: 1, runs: [{ outcome: "skipped" }, { outcome: "skipped" }] });
    } finally {
      const store = await openRunStore(db);
      await store.runs.delete(running);
      await store.close();
    }
  }, 120_000);

  it("a server stopped in the middle of a push: said naming the URL, password hidden; the run is not finished there; a re-push completes it", async () => {
    // A larger run (4,000 results over two nodes, each with a trace and a cached call), pushed 500 at a time.
    const bigDb = join(dir, "big.db");
    const local = await openRunStore(bigDb);
    const id = "big-0001";
    try {
      await local.runs.create({ id, doc: tinyDoc("big"), datasetFingerprint: "fp", label: "big one", startedAt: 1_700_000_000_000 });
      for (const nodeId of ["ask", "data"]) {
        const batch: ResultRecord[] = Array.from({ length: 2000 }, (_, i) => ({
          runId: id, nodeId, itemId: `item-${i}`, seq: i, status: "done", output: { text: `answer ${i} ✓` }, cacheKey: `${nodeId}-key-${i}`, latencyMs: i / 3, inputTokens: 5, outputTokens: 1, costUsd: 0.0001,
          trace: { inputs: { question: `q ${i}` }, calls: [{ provider: "openai", model: "m", m: 0, params: {}, cached: false, latencyMs: 1, retries: 0, sample: 0, reply: "r", cacheKey: `${nodeId}-call-${i}` }] },
        }));
        await local.results.put(batch);
        await Promise.all(batch.flatMap((r) => [r.cacheKey!, r.trace!.calls![0].cacheKey!]).map((key) => local.cache.put({ key, reply: `reply of ${key}`, createdAt: 1, model: "m" })));
      }
      await local.runs.finish(id, { status: "done", totals: { ...emptyTotals(), items: 2000, itemsDone: 2000, calls: 4000 }, metrics: {}, finishedAt: 1_700_000_100_000 });
    } finally {
      await local.close();
    }
    const { url, shown } = await freshDatabase();

    // Through pushRun, the server stopped once the first page is in: the push fails naming the store.
    const from = await openRunStore(bigDb);
    let to = await openRunStore(url);
    let pages = 0;
    await expect(
      pushRun(from, to, id, {
        pageSize: 500,
        onPage: () => {
          if (++pages === 2) server.stop();
        },
      }),
    ).rejects.toThrow(shown);
    await to.close().catch(() => {});
    server.start();
    to = await openRunStore(url);
    try {
      const there = await to.runs.get(id);
      expect(["running", "interrupted"]).toContain(there.status); // never finished with results missing
      expect(there.finishedAt).toBeUndefined();
      expect((await to.results.page({ runId: id, nodeId: "ask", limit: 1 })).total).toBe(1000);
    } finally {
      await to.close();
    }

    // The CLI's push, the server stopped once it has written past the rows the first push left: exit 1, the URL
    // named with its password hidden.
    const watcher = new pg.Pool({ connectionString: url, max: 1 });
    watcher.on("error", () => {});
    const stopped = (async () => {
      for (;;) {
        const n = (await watcher.query<{ n: number }>("SELECT count(*)::int AS n FROM cascade_store.results").catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n;
        if (n > 1000) return server.stop();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const cliPush = cli(["push", id, "--to", url, "--db", bigDb]);
    const [failed] = await Promise.all([cliPush, stopped]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(new RegExp(`^cascade push: pushing run ${id} to ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} stopped after \\d+ results: .+\\. It is not finished there; push it again to complete it$`, "s"));
    expect(failed.err).not.toContain("s3cret");
    await watcher.end().catch(() => {});
    server.start();

    const completed = await cli(["push", id, "--to", url, "--db", bigDb]);
    expect([completed.code, completed.err, completed.out]).toEqual([0, "", [expect.stringMatching(new RegExp(`^completed ${id} \\(4000 results, \\d+ cached calls\\): an earlier push of it had stopped$`))]]);
    to = await openRunStore(url);
    try {
      expect(await to.runs.get(id)).toEqual(await from.runs.get(id));
      expect(await everything(to, id)).toEqual(await everything(from, id));
      expect(await to.cache.count()).toBe(8000);
    } finally {
      await to.close();
      await from.close();
    }
    for (const args of [["--node", "ask", "--format", "csv"], []]) expect((await cli(["show", id, ...args, "--db", url])).out).toEqual((await cli(["show", id, ...args, "--db", bigDb])).out);
  }, 180_000);
});

describe("cascade run --db postgres://…", () => {
  it("runs on this machine's file and pushes the run when it ends; show prints it from the lab's store; a store that does not answer leaves the run in the file and says how to push it", async () => {
    const { url, shown } = await freshDatabase();
    const xdg = join(dir, "xdg");
    const before = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = xdg; // the file it runs on: the user-data folder's, as the app's
    try {
      const pipeline = writeCascade(join(dir), fake.url, 4);
      const ran = await cli(["run", pipeline, "--db", url]);
      expect([ran.code, ran.err]).toEqual([0, ""]);
      const text = ran.out.join("\n");
      const id = /^run (\S+) done/.exec(text)![1];
      expect(text).toMatch(new RegExp(`\\n  pushed to ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ${id} \\([1-9]\\d* results, [1-9]\\d* cached calls\\)$`, "m"));
      expect(text).toContain(`  results: cascade show ${id} --db ${shown}`);
      expect(text).not.toContain("s3cret");
      const file = join(xdg, "cascade-studio", "cascade.db");
      for (const args of [[], ["--format", "csv", "--node", "ask"]]) expect((await cli(["show", id, ...args, "--db", url])).out).toEqual((await cli(["show", id, ...args, "--db", file])).out);
      const lab = await openRunStore(url);
      try {
        expect((await lab.runs.get(id)).status).toBe("done");
      } finally {
        await lab.close();
      }

      const down = `postgres://cascade:s3cret@127.0.0.1:${server.port + 1}/postgres`;
      const failed = await cli(["run", pipeline, "--db", down, "--label", "while the lab is down"]);
      expect(failed.code).toBe(1);
      expect(failed.err).toMatch(/^cascade run: the run is in .*cascade\.db, but the lab's store could not be opened: .+\. Push it once the store answers: cascade push \S+ --db \S+cascade\.db --to postgres:\/\/cascade:\*\*\*@127\.0\.0\.1:\d+\/postgres$/s);
      expect(failed.err).not.toContain("s3cret");
      const again = /cascade push (\S+) --db/.exec(failed.err)![1];
      const local = JSON.parse((await cli(["runs", "--db", file, "--json"])).out.join("")) as { id: string; label: string; status: string }[];
      expect(local.find((r) => r.id === again)).toMatchObject({ label: "while the lab is down", status: "done" });
      expect((await cli(["run", pipeline, "--db", "mysql://root:pw@db/lab"])).err).toContain('--db takes an SQLite file or a PostgreSQL URL (postgres://user@host:port/database), got "mysql://root:***@db/lab"');
    } finally {
      if (before === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = before;
    }
  }, 120_000);
});

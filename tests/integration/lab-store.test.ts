/**
 * The app and the lab's PostgreSQL store (#19): the runs another machine pushed (`cascade push`) are listed in
 * the app (lab.runs, with whether this database has each) and pulled into its database (lab.pull), where they
 * read exactly as on the machine that ran them — the results of every node, the traces, the cache rows — also
 * when they were run from a saved pipeline this database does not have. A second pull is skipped; without a lab
 * store the app says so; an unreachable one is named without its password. A PostgreSQL CASCADE_DB is the lab's
 * store for the app, which keeps its own file (store/appStores.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service } from "../../src/main/service/createService";
import { appDbPath, labStoreUrl } from "../../src/main/store/appStores";
import { openRunStore } from "../../src/main/store/openRunStore";
import { pushRun } from "../../src/main/store/pushRun";
import { SqliteRunStore } from "../../src/main/store/sqliteRunStore";
import { openStore, type Store } from "../../src/main/store/store";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { run } from "../unit/engine/helpers";
import { cascadeDoc, cascadeProvider } from "../unit/store/storageFixture";

let server: PostgresServer;
let url: string;
let dir: string;
let machineA: Store;
let ranThere: string[] = [];
const open: { service: Service; store: Store }[] = [];

beforeAll(async () => {
  server = await startPostgres();
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  await c.query("CREATE DATABASE lab");
  await c.end();
  url = server.url.replace(/\/postgres$/, "/lab");
  dir = mkdtempSync(join(tmpdir(), "cascade-lab-"));
  // Machine A: two runs, the second from a pipeline saved in A's database, pushed to the lab store.
  machineA = openStore(join(dir, "a.db"));
  const provider = cascadeProvider();
  const saved = machineA.pipelines.save(cascadeDoc("saved cascade"));
  ranThere = [(await run(machineA, cascadeDoc(), provider)).runId, (await run(machineA, cascadeDoc("saved cascade"), provider, { pipelineId: saved.id })).runId];
  machineA.writer.flush();
  const lab = await openRunStore(url);
  try {
    for (const id of ranThere) await pushRun(new SqliteRunStore(machineA), lab, id);
  } finally {
    await lab.close();
  }
}, 120_000);

afterAll(async () => {
  machineA?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const { service, store } of open.splice(0)) {
    await service.close();
    store.close();
  }
});

function app(env: Record<string, string>): { service: Service; store: Store } {
  const store = openStore(":memory:");
  const service = createService({ store, templatesDir: "/nonexistent", mode: "browser", env });
  const made = { service, store };
  open.push(made);
  return made;
}

describe("the lab store in the app", () => {
  it("lists the pushed runs, pulls one into this database where it reads as on the machine that ran it, and skips a second pull", async () => {
    const { service, store } = app({ CASCADE_LAB_STORE: url });
    const listed = await service.call("lab.runs", undefined);
    if (listed.state !== "on") throw new Error(JSON.stringify(listed));
    expect(listed.where).toBe(url);
    expect(listed.runs.map((r) => [r.id, r.here])).toEqual([...ranThere].reverse().map((id) => [id, false]));

    const pulled = [];
    for (const id of ranThere) pulled.push(await service.call("lab.pull", { runId: id }));
    expect(pulled.map((p) => [p.runId, p.outcome])).toEqual(ranThere.map((id) => [id, "pulled"]));
    expect(pulled.every((p) => p.results > 0)).toBe(true);
    // The second run was a warm re-run: the calls it names came with the first.
    expect(pulled.map((p) => p.cacheRows > 0)).toEqual([true, false]);
    const again = await service.call("lab.runs", undefined);
    expect(again.state === "on" && again.runs.every((r) => r.here)).toBe(true);
    expect((await service.call("runs.list", undefined)).map((r) => r.id).sort()).toEqual([...ranThere].sort());

    for (const id of ranThere) {
      const there = machineA.runs.get(id);
      const here = await service.call("runs.get", { runId: id });
      expect({ ...here, pipelineId: undefined }).toMatchObject({ ...there, pipelineId: undefined, doc: there.doc, nodes: there.nodes });
      for (const nodeId of machineA.runs.resultNodes(id)) {
        expect(store.runs.results({ runId: id, nodeId, limit: 1000 })).toEqual(machineA.runs.results({ runId: id, nodeId, limit: 1000 }));
      }
      expect(store.traces.forItem(id, "q1", machineA.runs.resultNodes(id))).toEqual(machineA.traces.forItem(id, "q1", machineA.runs.resultNodes(id)));
    }
    // The saved pipeline is machine A's: the pulled run does not name it here.
    expect(store.runs.get(ranThere[1]).pipelineId).toBeUndefined();
    expect(machineA.runs.get(ranThere[1]).pipelineId).toBeDefined();
    // The calls the runs made are in this database's cache: a re-run here would be served from it.
    expect(store.cache.count()).toBe(machineA.cache.count());

    expect(await service.call("lab.pull", { runId: ranThere[0] })).toEqual({ runId: ranThere[0], outcome: "skipped", results: 0, cacheRows: 0 });
    await expect(service.call("lab.pull", { runId: "mx0-nope" })).rejects.toThrow(/^lab\.pull: pulling run mx0-nope from .*: no run "mx0-nope"$/);
  });

  it("says there is no lab store, and names one it cannot reach without its password", async () => {
    expect(await app({}).service.call("lab.runs", undefined)).toEqual({ state: "off" });
    await expect(app({}).service.call("lab.pull", { runId: "x" })).rejects.toThrow(/no lab store/);
    const r = await app({ CASCADE_LAB_STORE: "postgres://cascade:s3cret@127.0.0.1:9/lab" }).service.call("lab.runs", undefined);
    expect(r).toMatchObject({ state: "error", where: "postgres://cascade:***@127.0.0.1:9/lab" });
    expect(JSON.stringify(r)).not.toContain("s3cret");
  });

  it("takes a PostgreSQL CASCADE_DB as the lab's store and keeps its own file in the user-data folder", () => {
    const env = { CASCADE_DB: "postgres://cascade@db:5432/lab", XDG_CONFIG_HOME: "/home/u/.config" };
    expect(labStoreUrl(env)).toBe("postgres://cascade@db:5432/lab");
    expect(appDbPath(env)).not.toContain("postgres");
    expect(appDbPath(env)).toBe(appDbPath({ XDG_CONFIG_HOME: "/home/u/.config" }));
    expect(labStoreUrl({ CASCADE_DB: "/data/cascade.db" })).toBeUndefined();
    expect(appDbPath({ CASCADE_DB: "/data/cascade.db" })).toBe("/data/cascade.db");
    expect(labStoreUrl({ CASCADE_DB: "postgres://a@b/c", CASCADE_LAB_STORE: "postgres://x@y/z" })).toBe("postgres://x@y/z");
  });
});

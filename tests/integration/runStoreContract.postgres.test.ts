/**
 * The store contract's suite (tests/unit/store/runStoreContract.ts) on a real PostgreSQL (tests/servers/postgres.ts),
 * a new database per test; then what only PostgreSQL has: its migrations (once, under an advisory lock, however
 * many processes open it at once; a newer store refused), the errors of a server that is down or refuses, the
 * choice of backend by URL, and `cascade runs --db postgres://…`.
 */
import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRunStore } from "../../src/main/store/openRunStore";
import { openPostgresRunStore } from "../../src/main/store/postgres/postgresRunStore";
import { migratePgStore, PG_MIGRATIONS, PG_STORE_VERSION } from "../../src/main/store/postgres/pgStoreSchema";
import { emptyTotals } from "../../src/main/store/runRows";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { tinyDoc } from "../unit/store/helpers";
import { runStoreContract } from "../unit/store/runStoreContract";

let server: PostgresServer;
let admin: pg.Pool;
let databases = 0;

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Pool({ connectionString: server.url, max: 2 });
  admin.on("error", () => {}); // its idle connections end when a test stops the server
}, 60_000);
afterAll(async () => {
  await admin?.end();
  server?.close();
});

/**
 * A new, empty database on the server; its URL. Its collation is ICU's en-US, as a lab's server's would be a
 * language's (the test server has only the C locale): the store must still order ids as bytes, as SQLite does.
 */
async function freshDatabase(): Promise<string> {
  const name = `store_${++databases}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.utf8'`);
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function sql<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

const appliedVersions = async (url: string) => (await sql<{ version: number }>(url, "SELECT version FROM cascade_store.schema_migrations ORDER BY version")).map((r) => r.version);

runStoreContract("PostgreSQL", async () => {
  const url = await freshDatabase();
  return (opts) => openRunStore(url, opts);
});

describe("the PostgreSQL store's migrations", () => {
  it("migrates a new database once; opening it again changes nothing and keeps its data", async () => {
    const url = await freshDatabase();
    const first = await openPostgresRunStore(url);
    await first.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "kept" });
    await first.close();
    const second = await openPostgresRunStore(url);
    try {
      expect((await second.runs.list()).map((r) => r.id)).toEqual(["kept"]);
      expect(await appliedVersions(url)).toEqual([PG_STORE_VERSION]);
    } finally {
      await second.close();
    }
  });

  it("stores opened at the same time migrate it once (the others wait on the advisory lock, then find it done)", async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openPostgresRunStore(url)));
    try {
      expect(await appliedVersions(url)).toEqual([PG_STORE_VERSION]);
      await Promise.all(stores.map((s, i) => s.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: `run-${i}` })));
      expect((await stores[0].runs.list()).length).toBe(6);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("processes opening a new database at the same moment migrate it once", async () => {
    const url = await freshDatabase();
    const children = Array.from({ length: 4 }, () => spawn(process.execPath, ["--import", "tsx", "tests/servers/openStoreProcess.ts", url], { cwd: process.cwd(), stdio: ["pipe", "pipe", "pipe"] }));
    const said = children.map(() => "");
    const exits = children.map(
      (c, i) =>
        new Promise<number | null>((resolve) => {
          c.stdout.on("data", (d) => (said[i] += d));
          c.stderr.on("data", (d) => (said[i] += d));
          c.once("exit", resolve);
        }),
    );
    // Every process loaded and waiting, then the signal to all of them at once.
    const ready = (i: number) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (!said[i].includes("ready")) return;
          clearInterval(check);
          resolve();
        }, 10);
      });
    await Promise.all(children.map((_, i) => ready(i)));
    for (const c of children) c.stdin.write("go\n");
    expect(await Promise.all(exits), said.join("\n")).toEqual([0, 0, 0, 0]);
    for (const s of said) expect(s).toBe("ready\nopened\n");
    expect(await appliedVersions(url)).toEqual([PG_STORE_VERSION]);
  }, 60_000);

  it("a store at version 1 gains a later migration once, from clients migrating together", async () => {
    const url = await freshDatabase();
    await (await openPostgresRunStore(url)).close();
    const later = [...PG_MIGRATIONS, { version: PG_STORE_VERSION + 1, description: "a test's table", sql: "CREATE TABLE cascade_store.later (x INTEGER)" }];
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const versions = await Promise.all(
        pools.map(async (pool) => {
          const client = await pool.connect();
          try {
            return await migratePgStore(client, later);
          } finally {
            client.release();
          }
        }),
      );
      expect(versions).toEqual([2, 2, 2, 2].map((v) => v + PG_STORE_VERSION - 1));
      expect(await appliedVersions(url)).toEqual([PG_STORE_VERSION, PG_STORE_VERSION + 1]);
      // This build now finds a newer store: it refuses it, naming both versions and the URL.
      await expect(openPostgresRunStore(url)).rejects.toThrow(
        `cannot open the PostgreSQL store ${url}: it was written by a newer Cascade Studio (store schema ${PG_STORE_VERSION + 1}; this build knows up to ${PG_STORE_VERSION})`,
      );
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("refuses a database with a newer store schema, and changes nothing in it", async () => {
    const url = await freshDatabase();
    await (await openPostgresRunStore(url)).close();
    await sql(url, "INSERT INTO cascade_store.schema_migrations (version, description) VALUES (99, 'from the future')");
    await sql(url, "DROP TABLE cascade_store.call_cache");
    await expect(openRunStore(url)).rejects.toThrow(/newer Cascade Studio \(store schema 99; this build knows up to 1\)/);
    expect(await sql(url, "SELECT to_regclass('cascade_store.call_cache') AS t")).toEqual([{ t: null }]); // not re-created
  });

  it("keeps its tables apart from the shared call cache's (schema cascade_store)", async () => {
    const url = await freshDatabase();
    await (await openPostgresRunStore(url)).close();
    const tables = await sql<{ table_schema: string; table_name: string }>(url, "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
    expect(tables.map((t) => `${t.table_schema}.${t.table_name}`)).toEqual(["cascade_store.call_cache", "cascade_store.results", "cascade_store.runs", "cascade_store.schema_migrations"]);
  });
});

describe("opening a PostgreSQL store that cannot be", () => {
  it("a server that is not there: named, without its password", async () => {
    const url = `postgres://cascade:s3cret-pw@127.0.0.1:${server.port + 1}/postgres`;
    const error = await openRunStore(url).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(new RegExp(`^cannot open the PostgreSQL store postgres://cascade:\\*\\*\\*@127\\.0\\.0\\.1:${server.port + 1}/postgres: nothing accepts connections there: is the server running\\?`));
    expect(error?.message).not.toContain("s3cret");
  });

  it("a database that does not exist, a URL without a host, one that cannot be parsed, another database's URL", async () => {
    await expect(openRunStore(server.url.replace(/\/postgres$/, "/no_such_db"))).rejects.toThrow(/^cannot open the PostgreSQL store postgres:\/\/cascade@127\.0\.0\.1:\d+\/no_such_db: database "no_such_db" does not exist/);
    await expect(openPostgresRunStore("postgres:///postgres")).rejects.toThrow("the PostgreSQL store postgres:///postgres names no host");
    await expect(openRunStore("postgres://u:pw@[::1/db")).rejects.toThrow('the PostgreSQL store URL "postgres://u:***@[::1/db" cannot be parsed');
    await expect(openRunStore("mysql://root:pw@localhost/db")).rejects.toThrow('the store "mysql://root:***@localhost/db" is neither a path nor a PostgreSQL URL');
  });

  it("a server that goes away while open: its queries fail naming the store; back, it answers again", async () => {
    const url = await freshDatabase();
    const store = await openRunStore(url);
    try {
      await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "before" });
      server.stop();
      try {
        await expect(store.runs.list()).rejects.toThrow(`the PostgreSQL store ${url}:`);
        await expect(store.results.put([{ runId: "before", nodeId: "n", itemId: "i", seq: 0, status: "done", output: {} }])).rejects.toThrow(`writing results to ${url} failed:`);
      } finally {
        server.start();
      }
      expect((await store.runs.list()).map((r) => r.id)).toEqual(["before"]);
    } finally {
      await store.close();
    }
  });
});

describe("openRunStore chooses the backend", () => {
  it("a postgres:// or postgresql:// URL, given or in CASCADE_DB, opens PostgreSQL", async () => {
    const url = await freshDatabase();
    const given = await openRunStore(url.replace(/^postgres:/, "postgresql:"));
    const fromEnv = await openRunStore(undefined, {}, { CASCADE_DB: url });
    try {
      expect([given.backend, fromEnv.backend]).toEqual(["postgres", "postgres"]);
      await given.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "seen-by-both" });
      expect(await fromEnv.runs.has("seen-by-both")).toBe(true);
    } finally {
      await given.close();
      await fromEnv.close();
    }
  });
});

describe("cascade runs --db postgres://…", () => {
  function cascade(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["bin/cascade.mjs", ...args], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.once("error", reject);
      child.once("exit", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("three processes listing a new store at once migrate it once; then they list its runs newest first, as a table or JSON", async () => {
    const url = await freshDatabase();
    const first = await Promise.all([cascade(["runs", "--db", url]), cascade(["runs", "--db", url]), cascade(["runs"], { CASCADE_DB: url })]);
    for (const r of first) expect([r.code, r.stderr, r.stdout.trim()]).toEqual([0, "", `no runs yet in ${url}`]);
    expect(await appliedVersions(url)).toEqual([PG_STORE_VERSION]);

    const store = await openRunStore(url, { staleRunMs: 1e13 });
    try {
      await store.runs.create({ doc: tinyDoc("older pipeline"), datasetFingerprint: "", id: "aaaa-0001", startedAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
      await store.runs.finish("aaaa-0001", { status: "done", totals: { ...emptyTotals(), items: 12, errors: 1, calls: 11, cacheHits: 4 }, metrics: { score: [{ name: "accuracy", value: 0.75, n: 12 }] } });
      await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "bbbb-0002", label: "newer ✓", startedAt: Date.UTC(2026, 0, 3) });
    } finally {
      await store.close();
    }
    const table = await cascade(["runs", "--db", url], { CASCADE_STALE_RUN_MS: String(1e13) });
    expect([table.code, table.stderr]).toEqual([0, ""]);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+STARTED \(UTC\)\s+STATUS\s+ITEMS\s+ERRORS\s+CALLS\/CACHED\s+ACCURACY\s+LABEL$/);
    expect(lines[1]).toMatch(/^bbbb-0002\s+2026-01-03 00:00:00\s+running\s+0\s+0\s+0\/0\s+newer ✓$/);
    expect(lines[2]).toMatch(/^aaaa-0001\s+2026-01-02 03:04:05\s+done\s+12\s+1\s+11\/4\s+score=0\.750\s+older pipeline$/);
    expect(lines.length).toBe(3);
    const json = await cascade(["runs", "--json"], { CASCADE_DB: url, CASCADE_STALE_RUN_MS: String(1e13) });
    expect(JSON.parse(json.stdout).map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ["bbbb-0002", "running"],
      ["aaaa-0001", "done"],
    ]);
  }, 60_000);

  it("pins are refused on PostgreSQL, and a server that is down is said, with exit code 1", async () => {
    const pin = await cascade(["runs", "pin", "x", "--db", server.url]);
    expect(pin.code).toBe(2);
    expect(pin.stderr).toContain("the PostgreSQL store keeps no pins yet");
    const down = await cascade(["runs", "--db", `postgres://cascade:pw@127.0.0.1:${server.port + 1}/postgres`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot open the PostgreSQL store postgres://cascade:***@127.0.0.1:${server.port + 1}/postgres: nothing accepts connections there`);
    expect(down.stderr).not.toContain(":pw@");
  }, 60_000);
});

/**
 * Endpoint limits shared by workers (distributed/sharedEndpointLimits.ts) against a real PostgreSQL: three
 * holders (as three workers) each send 24 calls through one endpoint whose limit is 4 → never more than 4 at
 * once over all of them; a slot freed while others wait goes to the longest waiter (so no worker starves); a holder that stops renewing (killed) gives its slots back when its lease runs out, and a call that
 * gives up while it waits leaves no waiter behind.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { SharedEndpointLimits } from "../../src/main/distributed/sharedEndpointLimits";
import { endpointId, endpointLeaseTable } from "../../src/main/store/shared/endpointLeases";
import { openSharedCache } from "../../src/main/store/shared/sharedCallCache";
import { sharedCacheSuite } from "../servers/sharedCacheSuite";

const suite = sharedCacheSuite();
const KEY = "openai http://127.0.0.1:9/v1";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the shared schema's migration", () => {
  it("brings a version 2 database (call cache and run documents only) to version 3, keeping its rows; refuses a newer one", async () => {
    const admin = new pg.Client({ connectionString: suite.server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE v2");
    await admin.end();
    const url = suite.server.url.replace(/\/postgres$/, "/v2");
    const old = new pg.Client({ connectionString: url });
    await old.connect();
    await old.query(`CREATE TABLE cascade_schema (part TEXT PRIMARY KEY, version INTEGER NOT NULL);
      CREATE TABLE cascade_call_cache (key TEXT PRIMARY KEY, reply TEXT NOT NULL, input_tokens INTEGER, output_tokens INTEGER, model TEXT, created_at BIGINT NOT NULL, latency_ms DOUBLE PRECISION);
      CREATE TABLE cascade_run_docs (run_key TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at BIGINT NOT NULL);
      INSERT INTO cascade_schema VALUES ('call_cache', 2);
      INSERT INTO cascade_call_cache (key, reply, created_at) VALUES ('k', 'kept', 1);`);
    const cache = await openSharedCache(url);
    expect((await cache.getMany(["k"])).get("k")?.reply).toBe("kept");
    await cache.close();
    expect((await old.query("SELECT version FROM cascade_schema")).rows).toEqual([{ version: 3 }]);
    const tables = (await old.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'cascade_%' ORDER BY 1")).rows.map((r) => r.tablename);
    expect(tables).toEqual(["cascade_call_cache", "cascade_endpoint_leases", "cascade_endpoint_waiters", "cascade_run_docs", "cascade_run_jobs", "cascade_run_progress", "cascade_schema"]);
    await old.query("UPDATE cascade_schema SET version = 4");
    await old.end();
    await expect(openSharedCache(url)).rejects.toThrow("made by a newer Cascade Studio (version 4; this build knows up to 3)");
  });
});

describe("endpoint limits shared in PostgreSQL", () => {
  it("caps the sum over holders at the model's concurrency", async () => {
    const holders = await Promise.all([1, 2, 3].map(() => SharedEndpointLimits.open(suite.shared.postgres, { leaseSeconds: 10 })));
    let inFlight = 0;
    let max = 0;
    const call = async (h: number) => {
      const free = await holders[h].gate(KEY, 4).acquire();
      inFlight++;
      max = Math.max(max, inFlight);
      await sleep(15);
      inFlight--;
      free();
    };
    // Each holder keeps 4 calls going (its own limit), 24 in all: 12 wanting the 4 shared slots at any time.
    await Promise.all(holders.map(async (_, h) => {
      const queue = Array.from({ length: 24 }, () => () => call(h));
      await Promise.all(Array.from({ length: 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await next();
      }));
    }));
    expect(max).toBe(4);
    expect(holders.map((h) => h.snapshot().held)).toEqual([0, 0, 0]);
    await Promise.all(holders.map((h) => h.close()));
  }, 60_000);

  it("a freed slot goes to the longest waiter, not back to the worker that freed it", async () => {
    const table = endpointLeaseTable(suite.shared.postgres.pool);
    const id = endpointId("openai http://127.0.0.1:12/v1");
    await table.ensureSlots(id, "test", 1);
    expect(await table.acquire(id, "x", 1, 1, 10, 10)).toEqual([0]);
    expect(await table.acquire(id, "y", 1, 1, 10, 10)).toEqual([]); // y now waits
    await table.release(id, "x", [0]);
    expect(await table.acquire(id, "x", 1, 1, 10, 10)).toEqual([]); // x wants it again at once: y waited longer
    expect(await table.acquire(id, "y", 1, 1, 10, 10)).toEqual([0]);
    await table.release(id, "y", [0]);
    expect(await table.acquire(id, "y", 1, 1, 10, 10)).toEqual([]); // x waits now (since its last try), y served
    expect(await table.acquire(id, "x", 1, 1, 10, 10)).toEqual([0]);
    await table.stopWaiting(id, "y");
    // x's call ended and another of x's waits: nobody else waits, x keeps the slot in one query…
    expect(await table.handOver(id, "x", 0, 10, 10)).toBe("kept");
    // …but while y waits longer, the slot goes to y.
    expect(await table.acquire(id, "y", 1, 1, 10, 10)).toEqual([]);
    expect(await table.handOver(id, "x", 0, 10, 10)).toBe("passed");
    expect(await table.handOver(id, "x", 0, 10, 10)).toBe("lost");
    expect(await table.acquire(id, "y", 1, 1, 10, 10)).toEqual([0]);
    await table.releaseAll("x");
    await table.releaseAll("y");
  });

  it("a holder that is gone gives its slots back when its leases run out", async () => {
    const table = endpointLeaseTable(suite.shared.postgres.pool);
    const key = "openai http://127.0.0.1:10/v1";
    await table.ensureSlots(endpointId(key), "test", 2);
    // A "killed" worker: it took both slots with a 2 s lease and will never renew or free them.
    expect(await table.acquire(endpointId(key), "dead-worker", 2, 2, 2, 2)).toHaveLength(2);
    const alive = await SharedEndpointLimits.open(suite.shared.postgres, { leaseSeconds: 10, pollMs: 50 });
    const started = Date.now();
    const free = await alive.gate(key, 2).acquire();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1500);
    expect(waited).toBeLessThan(5000);
    free();
    await alive.close();
  }, 30_000);

  it("a call longer than the lease keeps its slot: the heartbeat renews what a holder's calls hold", async () => {
    const key = "openai http://127.0.0.1:13/v1";
    const slow = await SharedEndpointLimits.open(suite.shared.postgres, { leaseSeconds: 1 });
    const other = await SharedEndpointLimits.open(suite.shared.postgres, { leaseSeconds: 1, pollMs: 50 });
    const free = await slow.gate(key, 1).acquire();
    let freedAt = 0;
    const t = setTimeout(() => {
      freedAt = Date.now();
      free();
    }, 2500);
    await other.gate(key, 1).acquire().then((f) => f());
    clearTimeout(t);
    expect(freedAt).toBeGreaterThan(0); // it got the slot only after the 2.5 s call (2.5 leases) freed it
    await slow.close();
    await other.close();
  }, 30_000);

  it("a call that gives up while waiting leaves no waiter row, and close frees what a holder has", async () => {
    const key = "openai http://127.0.0.1:11/v1";
    const a = await SharedEndpointLimits.open(suite.shared.postgres, { leaseSeconds: 10 });
    const b = await SharedEndpointLimits.open(suite.shared.postgres, { leaseSeconds: 10 });
    const held = await a.gate(key, 1).acquire();
    const controller = new AbortController();
    const waiting = b.gate(key, 1).acquire(controller.signal);
    const admin = new pg.Client({ connectionString: suite.server.url });
    await admin.connect();
    const waiters = async () => Number((await admin.query("SELECT count(*) AS n FROM cascade_endpoint_waiters WHERE endpoint = $1", [endpointId(key)])).rows[0].n);
    await expect.poll(waiters, { timeout: 5000, interval: 20 }).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
    await expect.poll(waiters, { timeout: 5000, interval: 20 }).toBe(0);
    // a closes while holding its slot: b's next call gets it without waiting for the lease.
    void held;
    await a.close();
    const started = Date.now();
    const free = await b.gate(key, 1).acquire();
    expect(Date.now() - started).toBeLessThan(2000);
    free();
    expect((await admin.query("SELECT label FROM cascade_endpoint_leases WHERE endpoint = $1", [endpointId(key)])).rows).toEqual([{ label: "openai http://127.0.0.1:11/v1" }]);
    await admin.end();
    await b.close();
  }, 30_000);
});

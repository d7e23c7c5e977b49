/**
 * Machines that open the job queue of a fresh database at the same moment (the coordinator and its workers,
 * started together) all open it: pg-boss's createQueue alone deadlocks there, and all but one failed with
 * "deadlock detected" (CI, distributed.test.ts; 7 of 32 opens in 8 rounds of 4 before the fix).
 */
import pg from "pg";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ITEMS_QUEUE, openJobQueue } from "../../src/main/distributed/jobQueue";
import { startPostgres, type PostgresServer } from "../servers/postgres";

let server: PostgresServer;
beforeAll(async () => { server = await startPostgres(); }, 60_000);
afterAll(() => server?.close());

async function freshDatabase(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

describe("opening the job queue", () => {
  it("four machines opening a fresh database's queue at once all open it, and there is one queue", async () => {
    for (let round = 0; round < 6; round++) {
      const url = await freshDatabase(`queue_round_${round}`);
      const opened = await Promise.allSettled([1, 2, 3, 4].map(() => openJobQueue(url)));
      const bosses = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value as PgBoss] : []));
      const failures = opened.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
      try {
        expect(failures, `round ${round}`).toEqual([]);
        expect((await bosses[0].getQueues()).filter((q) => q.name === ITEMS_QUEUE)).toHaveLength(1);
      } finally {
        await Promise.all(bosses.map((b) => b.stop({ graceful: false, wait: false })));
      }
    }
  }, 120_000);
});

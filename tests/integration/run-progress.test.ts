/**
 * A distributed run's progress in the shared PostgreSQL (store/shared/runProgress.ts) and `cascade watch`
 * (distributed/watchRun.ts): the jobs recorded at dispatch, each counted once however many times it is
 * reported, a NOTIFY with the counts per job that ends, and the watch command following them to the end —
 * exit 0 when all are done, 1 when some failed, a clear error for a run the database does not have.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { ITEMS_QUEUE, openJobQueue } from "../../src/main/distributed/jobQueue";
import { listen } from "../../src/main/store/shared/listen";
import { finishJob, parseProgress, progressChannel, readProgress, recordJobs, type RunProgress } from "../../src/main/store/shared/runProgress";
import { sharedCacheSuite } from "../servers/sharedCacheSuite";

const suite = sharedCacheSuite();

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

const jobs = [
  { id: "j1", items: 3 },
  { id: "j2", items: 3 },
  { id: "j3", items: 2 },
];

describe("distributed runs' progress", () => {
  it("counts each job once and notifies the run's channel with the counts", async () => {
    const pool = suite.shared.postgres.pool;
    await recordJobs(pool, "mx1-0001", jobs);
    const heard: RunProgress[] = [];
    const listening = await listen(suite.server.url, progressChannel("mx1-0001"), (p) => heard.push(parseProgress(p)!), () => {});
    expect(await finishJob(pool, "mx1-0001", "j1", "done")).toBe(true);
    expect(await finishJob(pool, "mx1-0001", "j1", "done")).toBe(false); // a late second report of the same job
    expect(await finishJob(pool, "mx1-0001", "j1", "failed")).toBe(false);
    expect(await finishJob(pool, "mx1-0001", "j3", "failed")).toBe(true);
    expect(await finishJob(pool, "mx1-0001", "nope", "done")).toBe(false);
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(2);
    await listening.close();
    expect(heard[1]).toEqual({ run: "mx1-0001", jobs: 3, items: 8, done: 1, failed: 1, doneItems: 3, failedItems: 2 });
    expect(await readProgress(pool, "mx1-0001")).toEqual(heard[1]);
    expect(await readProgress(pool, "other")).toBeUndefined();
    expect(progressChannel("a key with spaces")).toMatch(/^cascade_run_[0-9a-f]{40}$/);
  });

  it("cascade watch prints each job's end as it comes and exits 0 when all are done", async () => {
    const pool = suite.shared.postgres.pool;
    await recordJobs(pool, "mx2-0002", jobs);
    const io = capture();
    const watching = main(["watch", "mx2-0002", "--shared-cache", suite.server.url], io);
    await expect.poll(() => io.stdout.join("\n"), { timeout: 10_000 }).toContain("run mx2-0002: 0/3 jobs done (0/8 items)");
    for (const j of jobs) {
      await finishJob(pool, "mx2-0002", j.id, "done");
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await watching, io.stderr.join("\n")).toBe(0);
    expect(io.stdout).toEqual([
      "run mx2-0002: 0/3 jobs done (0/8 items)",
      "run mx2-0002: 1/3 jobs done (3/8 items)",
      "run mx2-0002: 2/3 jobs done (6/8 items)",
      "run mx2-0002: 3/3 jobs done (8/8 items)",
      "run mx2-0002: ended; all 3 jobs done",
    ]);
  });

  it("exits 1 when jobs failed (--json: the counts per line), and says so for a run it does not know", async () => {
    const pool = suite.shared.postgres.pool;
    await recordJobs(pool, "mx3-0003", jobs);
    await finishJob(pool, "mx3-0003", "j1", "done");
    const io = capture();
    const watching = main(["watch", "mx3-0003", "--shared-cache", suite.server.url, "--json"], io);
    await expect.poll(() => io.stdout.length, { timeout: 10_000 }).toBe(1);
    await finishJob(pool, "mx3-0003", "j2", "failed");
    await finishJob(pool, "mx3-0003", "j3", "done");
    expect(await watching).toBe(1);
    expect(JSON.parse(io.stdout.at(-1)!)).toEqual({ run: "mx3-0003", jobs: 3, items: 8, done: 2, failed: 1, doneItems: 5, failedItems: 3 });

    const unknown = capture();
    expect(await main(["watch", "mx9-0009", "--shared-cache", suite.server.url], unknown)).toBe(1);
    expect(unknown.stderr.join("\n")).toContain('has no distributed run "mx9-0009" (the run key is the run id `cascade run --distributed` prints)');
    expect(unknown.stderr.join("\n")).not.toContain("    at ");
  });

  it("a watch whose coordinator is gone ends when the queue gives up a job nobody reported (it expired on its last try)", async () => {
    const pool = suite.shared.postgres.pool;
    // A worker's queue: it runs the maintenance that expires jobs. No coordinator waits for this run.
    const boss = await openJobQueue(suite.server.url, { maintenanceIntervalSeconds: 1 });
    try {
      const [lost, done] = [randomUUID(), randomUUID()];
      await recordJobs(pool, "mx4-0004", [{ id: lost, items: 2 }, { id: done, items: 1 }]);
      const job = (id: string) => ({ id, name: ITEMS_QUEUE, data: { runKey: "mx4-0004", itemIds: ["x"] }, expireInSeconds: 1, retryLimit: 0 });
      await boss.insert([job(lost), job(done)]);
      expect((await boss.fetch(ITEMS_QUEUE, { batchSize: 2 })).map((j) => j.id).sort()).toEqual([lost, done].sort());
      await boss.complete(ITEMS_QUEUE, done);
      await finishJob(pool, "mx4-0004", done, "done");
      // The worker holding `lost` is killed: it never completes nor reports it.
      const io = capture();
      const code = await main(["watch", "mx4-0004", "--shared-cache", suite.server.url], io);
      expect(code, io.stderr.join("\n")).toBe(1);
      expect(io.stdout.at(-1)).toBe("run mx4-0004: ended; 1 of 2 jobs failed on the workers");
      expect(await readProgress(pool, "mx4-0004")).toMatchObject({ done: 1, failed: 1, failedItems: 2 });
    } finally {
      await boss.stop({ graceful: false, wait: false });
    }
  }, 60_000);

  it("refuses malformed arguments before connecting", async () => {
    for (const [args, message] of [
      [["watch"], "name the run key to watch"],
      [["watch", "a", "b", "--shared-cache", suite.server.url], "expected one run key, got 2"],
      [["watch", " ", "--shared-cache", suite.server.url], "is not a run key"],
      [["watch", "mx1-0001", "--shared-cache", ""], "--shared-cache is empty"],
      [["watch", "mx1-0001", "--bogus"], "Unknown option '--bogus'"],
    ] as const) {
      const io = capture();
      const env = process.env.CASCADE_SHARED_CACHE;
      delete process.env.CASCADE_SHARED_CACHE;
      try {
        expect(await main([...args], io), args.join(" ")).toBe(2);
      } finally {
        if (env !== undefined) process.env.CASCADE_SHARED_CACHE = env;
      }
      expect(io.stderr.join("\n")).toContain(message);
    }
  });
});

/**
 * workers.runs and "workers-progress" (#19): the app lists the shared database's distributed runs, newest
 * first with their pipeline's name, and hears each change (a run queued, a job ended — counted once) as the
 * workers report it; without CASCADE_SHARED_CACHE it says there is none; a database that cannot be read is
 * named (no password), and the list comes back, pushed again, once it can.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { WorkersRunProgress } from "../../src/shared/contract";
import { createService, type Service } from "../../src/main/service/createService";
import { finishJob, recordJobs } from "../../src/main/store/shared/runProgress";
import { openStore, type Store } from "../../src/main/store/store";
import { sharedCacheSuite } from "../servers/sharedCacheSuite";

const suite = sharedCacheSuite();
const open: { service: Service; store: Store }[] = [];

function appWith(env: Record<string, string>): Service {
  const store = openStore(":memory:");
  const service = createService({ store, templatesDir: "/nonexistent", mode: "browser", env });
  open.push({ service, store });
  return service;
}

afterEach(async () => {
  for (const { service, store } of open.splice(0)) {
    await service.close();
    store.close();
  }
});

function heard(service: Service): { events: WorkersRunProgress[]; next(match: (p: WorkersRunProgress) => boolean): Promise<WorkersRunProgress> } {
  const events: WorkersRunProgress[] = [];
  service.on("workers-progress", (p) => events.push(p));
  return {
    events,
    next: (match) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching workers-progress; heard ${JSON.stringify(events)}`)), 10_000);
        const off = service.on("workers-progress", (p) => match(p) && (clearTimeout(t), off(), resolve(p)));
      }),
  };
}

const doc = (name: string) => JSON.stringify({ doc: { name }, baseDir: "/data" });

describe("the app's list of distributed runs", () => {
  it("says there is no shared database when CASCADE_SHARED_CACHE is not set", async () => {
    expect(await appWith({}).call("workers.runs", undefined)).toEqual({ state: "off" });
  });

  it("lists runs newest first with their pipeline's name and hears every change once, live", async () => {
    const service = appWith({ CASCADE_SHARED_CACHE: suite.server.url });
    const first = await service.call("workers.runs", undefined);
    expect(first).toMatchObject({ state: "on", live: true, where: suite.server.url });
    const pool = suite.shared.postgres.pool;
    const ear = heard(service);

    await suite.shared.putRunDoc("run-older", doc("cas-seat"));
    await recordJobs(pool, "run-older", [{ id: "o1", items: 8 }]);
    await new Promise((r) => setTimeout(r, 5)); // created_at is in ms: the next run is newer
    await suite.shared.putRunDoc("run-newer", doc("mathvista style"));
    const queued = ear.next((p) => p.run === "run-newer");
    await recordJobs(pool, "run-newer", [{ id: "a", items: 8 }, { id: "b", items: 8 }, { id: "c", items: 3 }]);
    expect(await queued).toEqual({ run: "run-newer", jobs: 3, items: 19, done: 0, failed: 0, doneItems: 0, failedItems: 0 });

    const listed = await service.call("workers.runs", { limit: 10 });
    if (listed.state !== "on") throw new Error(JSON.stringify(listed));
    const ours = listed.runs.filter((r) => r.run.startsWith("run-"));
    expect(ours.map((r) => [r.run, r.pipelineName, r.jobs])).toEqual([
      ["run-newer", "mathvista style", 3],
      ["run-older", "cas-seat", 1],
    ]);
    expect(ours[0].createdAt).toBeGreaterThan(Date.now() - 60_000);

    const doneB = ear.next((p) => p.run === "run-newer" && p.done === 1);
    await finishJob(pool, "run-newer", "b", "done");
    expect(await doneB).toMatchObject({ done: 1, failed: 0, doneItems: 8 });
    expect(await finishJob(pool, "run-newer", "b", "done")).toBe(false); // counted once: no second event
    const failedC = ear.next((p) => p.run === "run-newer" && p.failed === 1);
    await finishJob(pool, "run-newer", "c", "failed");
    expect(await failedC).toMatchObject({ done: 1, failed: 1, doneItems: 8, failedItems: 3 });
    expect(ear.events.filter((p) => p.run === "run-newer").map((p) => p.done + p.failed)).toEqual([0, 1, 2]);
    const again = await service.call("workers.runs", { limit: 1 });
    expect(again.state === "on" && again.runs.map((r) => [r.run, r.done, r.failed, r.doneItems, r.failedItems])).toEqual([["run-newer", 1, 1, 8, 3]]);
  });

  it("names a database it cannot reach, without its password", async () => {
    const service = appWith({ CASCADE_SHARED_CACHE: "postgres://cascade:s3cret@127.0.0.1:9/lab" });
    const r = await service.call("workers.runs", undefined);
    expect(r).toMatchObject({ state: "error", where: "postgres://cascade:***@127.0.0.1:9/lab" });
    expect(r.state === "error" && r.error).toMatch(/postgres:\/\/cascade:\*\*\*@127\.0\.0\.1:9\/lab/);
    expect(JSON.stringify(r)).not.toContain("s3cret");
  });

  it("after the database went away and came back, lists again and pushes again", async () => {
    const service = appWith({ CASCADE_SHARED_CACHE: suite.server.url });
    expect(await service.call("workers.runs", undefined)).toMatchObject({ state: "on", live: true });
    suite.server.stop();
    try {
      await expect.poll(async () => (await service.call("workers.runs", undefined)).state, { timeout: 60_000, interval: 500 }).toBe("error");
    } finally {
      suite.server.start();
    }
    await expect.poll(async () => {
      const r = await service.call("workers.runs", undefined);
      return r.state === "on" && r.live;
    }, { timeout: 60_000, interval: 500 }).toBe(true);
    const ear = heard(service);
    const back = ear.next((p) => p.run === "run-after");
    await recordJobs(suite.shared.postgres.pool, "run-after", [{ id: "x", items: 2 }]);
    expect(await back).toMatchObject({ run: "run-after", jobs: 1, items: 2 });
  }, 150_000);
});


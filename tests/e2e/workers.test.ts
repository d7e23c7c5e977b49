/**
 * Workers in the app (#19), in Chromium on the browser-mode server with CASCADE_SHARED_CACHE set: the Runs
 * tab's Workers list shows the shared database's distributed runs with their jobs and items, follows a run
 * live as its jobs end (no reload), and opens the outputs of a run this machine coordinated.
 * Screenshot: .cache/screenshots/workers.png (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSharedCache, type SharedCallCache } from "../../src/main/store/shared/sharedCallCache";
import { finishJob, recordJobs } from "../../src/main/store/shared/runProgress";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { seedCascadeRuns } from "../unit/store/storageFixture";
import { axeBothThemes } from "./axeDriver";
import { byTestId, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

let pg: PostgresServer;
let shared: SharedCallCache;
let app: AppHarness;
let here: string;

beforeAll(async () => {
  pg = await startPostgres();
  shared = await openSharedCache(pg.url);
  app = await startApp({ viewport: { width: 1440, height: 900 }, service: { env: { CASCADE_SHARED_CACHE: pg.url } } });
  [here] = await seedCascadeRuns(app.store);
  await waitReady(app.page);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 90_000);
afterAll(async () => {
  await app?.close();
  await shared?.close();
  pg?.close();
});

describe("workers in the app", () => {
  it("lists the distributed runs and follows one live as its jobs end", async () => {
    const { page } = app;
    const pool = shared.postgres.pool;
    await shared.putRunDoc("elsewhere-1", JSON.stringify({ doc: { name: "mathvista style" }, baseDir: "/lab" }));
    await recordJobs(pool, "elsewhere-1", [{ id: "e1", items: 8 }]);
    await finishJob(pool, "elsewhere-1", "e1", "done");
    await shared.putRunDoc(here, JSON.stringify({ doc: { name: "cas-seat" }, baseDir: "/lab" }));
    await recordJobs(pool, here, [{ id: "a", items: 8 }, { id: "b", items: 8 }, { id: "c", items: 3 }]);

    await byTestId(page, "bottom-tab-runs").click();
    await byTestId(page, "runs-workers").click();
    await expect.poll(() => byTestId(page, "workers-where").innerText(), { timeout: 20_000 }).toBe(`Distributed runs in ${pg.url}`);
    const row = (key: string) => page.locator(`[data-testid="workers-row"][data-run-key="${key}"]`);
    await expect.poll(() => page.locator('[data-testid="workers-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-key")))).toEqual([here, "elsewhere-1"]);
    expect(await row(here).locator('[data-testid="workers-jobs"]').innerText()).toBe("0 / 3 jobs · 0 / 19 items");
    expect(await row(here).locator('[data-testid="workers-state"]').innerText()).toBe("on workers");
    expect(await row("elsewhere-1").locator('[data-testid="workers-state"]').innerText()).toBe("done");
    expect(await row("elsewhere-1").locator('[data-testid="workers-inspect"]').count()).toBe(0);

    // A worker ends a job: the row follows without a reload (the LISTEN of the service, pushed to the page).
    await finishJob(pool, here, "b", "done");
    await expect.poll(() => row(here).locator('[data-testid="workers-jobs"]').innerText(), { timeout: 4_000 }).toBe("1 / 3 jobs · 8 / 19 items");
    expect(await row(here).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("1");
    await finishJob(pool, here, "a", "done");
    await finishJob(pool, here, "c", "failed");
    await expect.poll(() => row(here).locator('[data-testid="workers-state"]').innerText(), { timeout: 4_000 }).toBe("1 job failed");
    expect(await row(here).locator('[data-testid="workers-jobs"]').innerText()).toBe("3 / 3 jobs · 16 / 19 items");
    await page.screenshot({ path: join(SCREENSHOTS, "workers.png") });
    const found = await axeBothThemes(page, "workers");
    expect(found, found.join("\n")).toEqual([]);

    // This machine coordinated it: its results are here.
    await row(here).locator('[data-testid="workers-inspect"]').click();
    await expect.poll(() => byTestId(page, "bottom-tab-outputs").getAttribute("aria-selected"), { timeout: 10_000 }).toBe("true");
    await expect.poll(() => byTestId(page, "results-table").getAttribute("data-total"), { timeout: 10_000 }).not.toBeNull();
    expect(app.errors).toEqual([]);
  });

  it("says how to set a shared database when the app has none", async () => {
    const bare = await startApp({ service: { env: {} } });
    try {
      await waitReady(bare.page);
      await byTestId(bare.page, "bottom-tab-runs").click();
      await byTestId(bare.page, "runs-workers").click();
      await expect.poll(() => byTestId(bare.page, "workers-off").innerText()).toMatch(/^No shared database\. Start the app with CASCADE_SHARED_CACHE=postgres:\/\/… to follow the runs of cascade run --distributed here/);
      expect(bare.errors).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

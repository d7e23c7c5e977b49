/**
 * The lab store in the app (#19), in Chromium on the browser-mode server with CASCADE_LAB_STORE set: the Runs
 * tab's Lab list shows the runs another machine pushed to the lab's PostgreSQL store; Pull copies one into this
 * database, where it joins the history and its outputs open.
 * Screenshot: .cache/screenshots/lab.png (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRunStore } from "../../src/main/store/openRunStore";
import { pushRun } from "../../src/main/store/pushRun";
import { SqliteRunStore } from "../../src/main/store/sqliteRunStore";
import { openStore } from "../../src/main/store/store";
import { startPostgres, type PostgresServer } from "../servers/postgres";
import { seedCascadeRuns } from "../unit/store/storageFixture";
import { axeBothThemes } from "./axeDriver";
import { byTestId, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

let pg: PostgresServer;
let app: AppHarness;
let dir: string;
let pushed: string[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "cascade-lab-e2e-"));
  const elsewhere = openStore(join(dir, "elsewhere.db"));
  try {
    pushed = await seedCascadeRuns(elsewhere);
    elsewhere.writer.flush();
    const lab = await openRunStore(pg.url);
    try {
      for (const id of pushed) await pushRun(new SqliteRunStore(elsewhere), lab, id);
    } finally {
      await lab.close();
    }
  } finally {
    elsewhere.close();
  }
  app = await startApp({ viewport: { width: 1440, height: 900 }, service: { env: { CASCADE_LAB_STORE: pg.url } } });
  await waitReady(app.page);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await app?.close();
  pg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the lab store in the app", () => {
  it("lists the lab's runs and pulls one into the history, where its outputs open", async () => {
    const { page } = app;
    await byTestId(page, "bottom-tab-runs").click();
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(0);
    await byTestId(page, "runs-lab").click();
    await expect.poll(() => byTestId(page, "lab-where").innerText(), { timeout: 20_000 }).toBe(`${pushed.length} runs in the lab store ${pg.url}`);
    const row = (id: string) => page.locator(`[data-testid="lab-row"][data-run-id="${id}"]`);
    const [first] = pushed;
    await row(first).locator('[data-testid="lab-pull"]').click();
    await expect.poll(() => row(first).locator('[data-testid="lab-here"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => byTestId(page, "lab-pulled").innerText()).toMatch(new RegExp(`^Pulled ${first}: \\d+ results, \\d+ cached calls$`));
    await expect.poll(() => page.locator('[data-testid="run-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")))).toEqual([first]);
    expect(await row(pushed[1]).locator('[data-testid="lab-pull"]').isEnabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "lab.png") });
    const found = await axeBothThemes(page, "lab");
    expect(found, found.join("\n")).toEqual([]);

    await page.locator(`[data-testid="run-row"][data-run-id="${first}"] [data-testid="run-inspect"]`).click();
    await expect.poll(() => byTestId(page, "results-table").getAttribute("data-total"), { timeout: 10_000 }).toMatch(/^[1-9]\d*$/);
    expect(app.errors).toEqual([]);
  });
});

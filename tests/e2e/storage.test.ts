/**
 * Storage in the app (#21), in Chromium on the browser-mode server: the Runs tab shows each run's size (a warm
 * re-run shares the cold run's rows and stored outputs, so neither frees them when deleted) and a pin; Storage shows the database's size, previews a
 * clean-up (keep the newest run of each pipeline; the pinned one stays) and then deletes and frees.
 * Screenshot: .cache/screenshots/storage.png (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCascadeRuns } from "../unit/store/storageFixture";
import { byTestId, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

let app: AppHarness;
let ids: string[] = [];

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1440, height: 900 } });
  ids = await seedCascadeRuns(app.store);
  await waitReady(app.page);
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
});

describe("storage in the app", () => {
  it("shows run sizes, pins a run, previews a clean-up and frees the space", async () => {
    const { page } = app;
    const [cold, warm, variant] = ids;
    await byTestId(page, "bottom-tab-runs").click();
    await expect.poll(() => page.locator('[data-testid="run-row"]').count(), { timeout: 20_000 }).toBe(3);
    const row = (id: string) => page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
    await expect.poll(() => row(variant).locator('[data-testid="run-size"]').innerText(), { timeout: 10_000 }).toMatch(/^\d+(\.\d)? KB$/);
    const size = async (id: string) => {
      const [n, unit] = (await row(id).locator('[data-testid="run-size"]').innerText()).split(" ");
      return parseFloat(n) * (unit === "KB" ? 1024 : unit === "MB" ? 1024 * 1024 : 1);
    };
    // The warm re-run shares the cold run's rows and stored outputs (rowSharing.ts): the cold run's size (what
    // deleting it frees) is 0 B, the warm run's only its own facts; the run with another prompt owns its own.
    expect(await row(cold).locator('[data-testid="run-size"]').innerText()).toBe("0 B");
    expect(await size(variant)).toBeGreaterThan(await size(warm));
    expect(await row(warm).locator('[data-testid="run-size"]').getAttribute("title")).toMatch(/contents only it refers to 0 B; shares [\d.]+ KB with other runs$/);

    await row(cold).locator('[data-testid="run-pin"]').click();
    await expect.poll(() => row(cold).locator('[data-testid="run-pin"]').getAttribute("aria-pressed")).toBe("true");
    expect(await row(cold).locator('[data-testid="run-pin"]').innerText()).toBe("★");
    expect(await row(warm).locator('[data-testid="run-pin"]').getAttribute("aria-label")).toBe("Pin this run");
    expect((await app.service.call("storage.summary", undefined)).pinned).toEqual([cold]);

    await byTestId(page, "runs-storage").click();
    await expect.poll(() => byTestId(page, "storage-file").innerText()).toMatch(/^Database [\d.]+ (KB|MB) · .* free inside it · 1 pinned run$/);
    expect(await byTestId(page, "storage-collect").isDisabled()).toBe(true);
    await byTestId(page, "storage-keep-last").fill("1");
    await byTestId(page, "storage-preview").click();
    await expect.poll(() => byTestId(page, "storage-preview-report").innerText()).toMatch(/^Would delete 1 run \(keeping 2\), 72 results, 0 cached calls no kept run uses — frees [\d.]+ (B|KB)\. Pinned runs are kept\.$/);
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, "storage.png") });

    await byTestId(page, "storage-collect").click();
    await expect.poll(() => byTestId(page, "storage-done").innerText()).toMatch(/^Deleted 1 run and 0 cached calls; freed [\d.]+ (B|KB) \(file [\d.]+ (KB|MB) → [\d.]+ (KB|MB)\)\.$/);
    await expect.poll(() => page.locator('[data-testid="run-row"]').count()).toBe(2);
    expect((await app.service.call("runs.list", undefined)).map((r) => r.id).sort()).toEqual([cold, variant].sort());

    await byTestId(page, "storage-keep-last").fill("x");
    expect(await byTestId(page, "storage-preview").isDisabled()).toBe(true);
    expect(await page.getByText("Keep the newest: a whole number of runs").count()).toBe(1);
    expect(app.errors).toEqual([]);
  });
});

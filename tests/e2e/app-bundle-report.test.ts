/**
 * The app side of bundles and reports (#18), in Chromium on the browser-mode server: a run made elsewhere
 * (Cas-SEAT, in another database, bundled with `cascade bundle`) is opened with "Open bundle…" and shows in the
 * history marked imported beside a run of this database (SEAT); the two are compared and "Save report…"
 * downloads the HTML file `cascade report` writes for the same runs (identical but for its written-on time).
 * Screenshots: docs/screenshots/history-imported.png and compare-save-report.png (UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { tempDir } from "../integration/helpers";
import { byTestId, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

function capture(): CliIO & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (t) => stdout.push(t), err: () => undefined, isTTY: false };
}

const dir = tempDir("cascade-app-bundle-");
const appDb = join(dir, "app.db");
const otherDb = join(dir, "elsewhere.db");
const bundle = join(dir, "cas-seat.cascade");
let fake: FakeServer;
let app: AppHarness;
const ids = { seat: "", cas: "" };

async function run(template: string, label: string, db: string): Promise<string> {
  const io = capture();
  const args = ["run", resolve(`templates/${template}.json`), "--db", db, "--json", "--label", label];
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${fake.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_APP_BUNDLE_KEY`);
  expect(await main(args, io)).toBe(0);
  return JSON.parse(io.stdout.join("")).runId;
}

/** The report without the one line that names when it was written. */
const withoutTime = (html: string) => html.replace(/ on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\./g, " on (time).");

beforeAll(async () => {
  process.env.CASCADE_APP_BUNDLE_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle() });
  ids.seat = await run("seat", "SEAT", appDb);
  ids.cas = await run("cas-seat", "Cas-SEAT", otherDb);
  expect(await main(["bundle", ids.cas, "--out", bundle, "--db", otherDb], capture())).toBe(0);
  app = await startApp({ dbPath: appDb, viewport: { width: 1440, height: 900 } });
  await waitReady(app.page);
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("bundles and reports in the app", () => {
  it("Open bundle… adds the bundle's run to the history, marked imported; opening it again adds nothing", async () => {
    const { page } = app;
    await byTestId(page, "bottom-tab-runs").click();
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(1);
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), byTestId(page, "runs-open-bundle").click()]);
    await chooser.setFiles(bundle);
    await expect.poll(() => page.locator('[data-testid="run-row"]').count(), { timeout: 20_000 }).toBe(2);
    const casRow = page.locator(`[data-testid="run-row"][data-run-id="${ids.cas}"]`);
    const seatRow = page.locator(`[data-testid="run-row"][data-run-id="${ids.seat}"]`);
    expect(await casRow.locator('[data-testid="run-imported"]').getAttribute("data-bundle")).toBe("cas-seat.cascade");
    expect(await casRow.locator('[data-testid="run-imported"]').getAttribute("title")).toMatch(/^Imported from cas-seat\.cascade \(made by Cascade Studio \d+\.\d+\.\d+/);
    expect(await casRow.locator('[data-testid="run-label"]').innerText()).toBe("Cas-SEAT");
    expect(await seatRow.locator('[data-testid="run-imported"]').count()).toBe(0);
    // The record says so on the Node side too (what `cascade runs` prints).
    const listed = await app.service.call("runs.list", undefined);
    expect(listed.find((r) => r.id === ids.cas)?.imported?.bundle).toBe("cas-seat.cascade");
    expect(listed.find((r) => r.id === ids.seat)?.imported).toBeUndefined();
    await page.screenshot({ path: join(SCREENSHOTS, "history-imported.png") });

    // The command palette offers it too; the same file again: the run is in the history already and stays one row.
    await page.keyboard.press("Control+k");
    await expect.poll(() => byTestId(page, "command-palette").getAttribute("data-mode")).toBe("all");
    await expect.poll(() => page.locator('[data-testid^="cmdk-template:"]').count()).toBeGreaterThan(0); // the list is complete
    await byTestId(page, "command-search").fill("open bundle");
    await expect.poll(() => page.locator('[data-index="0"]').getAttribute("data-testid")).toBe("cmdk-command:file.openBundle");
    await page.keyboard.press("Escape");
    const [again] = await Promise.all([page.waitForEvent("filechooser"), byTestId(page, "runs-open-bundle").click()]);
    await again.setFiles(bundle);
    await expect.poll(() => page.locator(".toast").last().innerText(), { timeout: 20_000 }).toMatch(/Nothing new imported from cas-seat\.cascade; 1 already in the history/);
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(2);
    expect(app.errors).toEqual([]);
  });

  it("Save report… downloads the file cascade report writes for the compared runs", async () => {
    const { page } = app;
    await page.locator(`[data-testid="run-row"][data-run-id="${ids.seat}"] [data-testid="run-compare-check"]`).check();
    await page.locator(`[data-testid="run-row"][data-run-id="${ids.cas}"] [data-testid="run-compare-check"]`).check();
    await byTestId(page, "runs-compare").click();
    await expect.poll(() => page.locator('[data-testid="compare-legend-row"]').count(), { timeout: 20_000 }).toBe(2);
    await byTestId(page, "compare-by").selectOption("answer_type");
    await page.locator('[data-testid="toast"]').evaluateAll((toasts) => toasts.forEach((t) => (t as HTMLElement).click())); // the import's toasts, dismissed
    const [download] = await Promise.all([page.waitForEvent("download"), byTestId(page, "compare-save-report").click()]);
    expect(download.suggestedFilename()).toBe("SEAT-vs-Cas-SEAT.html");
    const saved = readFileSync((await download.path())!, "utf8");
    expect(saved).toMatch(/<meta name="generator" content="Cascade Studio \d+\.\d+\.\d+[^"]*; report format 1">/);
    expect(saved).toContain("B (Cas-SEAT) vs A (SEAT): 18 paired items");
    expect(saved).toContain("Accuracy by answer_type");

    const cliOut = join(dir, "cli-report.html");
    expect(await main(["report", ids.seat, ids.cas, "--by", "answer_type", "--out", cliOut, "--db", appDb], capture())).toBe(0);
    expect(withoutTime(saved)).toBe(withoutTime(readFileSync(cliOut, "utf8")));
    expect(withoutTime(saved)).not.toBe(saved); // the time line was there to take out

    await expect.poll(() => page.locator(".toast").last().innerText()).toMatch(/^Saved the report SEAT-vs-Cas-SEAT\.html \(\d[\d,]* KB\)/);
    await page.screenshot({ path: join(SCREENSHOTS, "compare-save-report.png") });
    expect(app.errors).toEqual([]);
  });
});

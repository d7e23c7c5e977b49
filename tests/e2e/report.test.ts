/**
 * The HTML report (#18) in Chromium with the network blocked: SEAT and Cas-SEAT against the fake model server,
 * then `cascade report`. Every request that is not the report file itself is aborted and recorded, and none may
 * be attempted; the charts and the pipeline graph render as SVG; the search finds an item; paging works.
 * The screenshot goes to docs/screenshots/report.png (UPDATE_SCREENSHOTS=1) or .cache/screenshots.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { tempDir } from "../integration/helpers";
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from "./harness";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

let fake: FakeServer;
let browser: Browser;
const dir = tempDir("cascade-report-");
const db = join(dir, "report.db");
const html = join(dir, "seat-vs-cas-seat.html");

async function run(template: string, label: string): Promise<string> {
  const io = capture();
  const args = ["run", resolve(`templates/${template}.json`), "--db", db, "--json", "--label", label];
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${fake.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_REPORT_KEY`);
  expect(await main(args, io)).toBe(0);
  return JSON.parse(io.stdout.join("")).runId;
}

beforeAll(async () => {
  process.env.CASCADE_REPORT_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle() });
  const seat = await run("seat", "SEAT");
  const cas = await run("cas-seat", "Cas-SEAT");
  const io = capture();
  expect(await main(["report", seat, cas, "--by", "answer_type", "--out", html, "--db", db], io)).toBe(0);
  expect(io.stdout.join("")).toMatch(/wrote .* 2 runs, 18 items, 18 thumbnails/);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade report", () => {
  it("opens with the network blocked: no request leaves the page, charts render, search and paging work", async () => {
    const url = pathToFileURL(html).href;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const attempted: string[] = [];
    await context.route("**/*", (route) => {
      if (route.request().url() === url) return route.continue();
      attempted.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);

    // The comparison: both runs' accuracy bars with their interval whiskers, the latency chart, the graph.
    expect(await page.locator("svg.chart").count()).toBe(2);
    expect(await page.locator('svg.chart[aria-label^="accuracy"] rect').count()).toBe(2);
    expect(await page.locator('svg.chart[aria-label^="accuracy"] line.ci').count()).toBe(6);
    expect(await page.locator("svg.graph g.node").count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator("svg.graph path.edge").count()).toBeGreaterThan(4);
    const text = await page.locator("main").innerText();
    expect(text).toContain("B (Cas-SEAT) vs A (SEAT): 18 paired items");
    expect(text).toMatch(/exact McNemar on the \d+ discordant items/);
    expect(text).toContain("Accuracy by answer_type");
    // The numbers are the comparison's: the table's accuracy is what `cascade compare` prints.
    const compared = capture();
    expect(await main(["compare", ...(await page.locator("table").first().locator("tbody tr td:nth-child(2)").allInnerTexts()), "--db", db, "--json"], compared)).toBe(0);
    const accuracy = JSON.parse(compared.stdout.join("")).accuracy as { value: number }[];
    for (const a of accuracy) expect(text).toContain(`${(a.value * 100).toFixed(1)}%`);

    // Items: 18 rows on one page, thumbnails from data URIs; the search narrows to one item.
    expect(await page.locator("#items-body tr").count()).toBe(18);
    expect(await page.locator("#items-body img").count()).toBe(18);
    expect(await page.locator("#items-body img").first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.fill("#items-search", "count-02");
    expect(await page.locator("#items-body tr").count()).toBe(1);
    expect(await page.locator("#items-body tr td.id").innerText()).toBe("count-02");
    expect(await page.locator("#items-info").innerText()).toContain("1 found (18 in all)");
    await page.fill("#items-search", "");
    await page.fill("#items-search", "no such item anywhere");
    expect(await page.locator("#items-info").innerText()).toBe("no item matches");
    await page.fill("#items-search", "");

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "report.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(attempted).toEqual([]);
    await context.close();
  });

  it("is one file: no reference to anything outside it", () => {
    const page = readFileSync(html, "utf8");
    expect(page).not.toMatch(/<(link|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/\b(src|href)\s*=\s*["'](?!data:|#)/i);
    expect(page).not.toMatch(/url\((?!#)/i);
    expect(page).toMatch(/<meta name="generator" content="Cascade Studio \d+\.\d+\.\d+[^"]*; report format 1">/);
  });
});

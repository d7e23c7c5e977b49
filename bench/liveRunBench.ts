/**
 * Benchmark (not a test) of the browser-mode app while a big run goes: a 3-node cascade over 20,000 rows
 * against the bench's fake OpenAI-compatible server at 0 ms latency, the app server in a process of its own
 * (bench/liveServer.ts, as `cascade serve` is: a busy run does not slow the driver down), started with the
 * Run button. While it runs, and again once it has finished (idle, same page, same results), it measures:
 *   - selecting a node (click on its header → the node shows selected, one frame later);
 *   - panning by a mouse drag (down, 20 moves, up → one frame later);
 *   - opening a trace (click on the first Outputs row → the trace panel shows that item);
 *   - frame intervals (requestAnimationFrame deltas for 3 s): p50, p95, max.
 * Targets: each interaction during the run within 2× of idle; frame p95 during the run ≤ 33 ms.
 *
 *   node --import tsx bench/liveRunBench.ts [--rows 20000] [--screenshot file.png]     (after npm run build:renderer; npm run bench runs it)
 *
 * A sample counts as "during the run" only if the run was still running when it ended. A run still going 20 s
 * after those samples is cancelled (the line says so), and idle is measured beside its partial results.
 * It also prints what reached the page (WebSocket messages/s, KiB/s, main-thread long tasks) and the runs.trace
 * round trip (the server's share of opening a trace). LIVE_BENCH_PROFILE=<dir> writes CPU profiles of the app
 * server and of the page and a 3 s timeline trace of the page during the run there; LIVE_BENCH_LAG=1 makes the
 * app server print its event-loop delay every 5 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import type { PipelineDoc } from "../src/shared/pipeline/schema";
import { byTestId, waitReady } from "../tests/e2e/editorDriver";
import { CHECK, EXTRACT, REASON, writeData } from "./cascade";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const g = globalThis as { __dirname?: string };
if (typeof g.__dirname !== "string") g.__dirname = resolve(ROOT, "tests/e2e");
const { CHROMIUM, CHROMIUM_ARGS } = await import("../tests/e2e/harness");

const rowsArg = process.argv.indexOf("--rows");
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 20_000;
const shotArg = process.argv.indexOf("--screenshot");
const shot = shotArg > 0 ? resolve(process.argv[shotArg + 1]) : null;
/** How long the bench waits for the run to end after measuring during it; then it cancels the run. */
const MAX_WAIT_MS = 20_000;
/** Rounds of the three interactions, during the run and idle (medians printed). */
const ROUNDS = 5;
const PROMPTS = ["reason", "check", "extract"] as const;

function liveDoc(baseUrl: string, dataFile: string): PipelineDoc {
  const at = (i: number) => ({ x: 40 + i * 300, y: 320 });
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "live bench",
    models: { m: { provider: "openai", model: "fake-model", baseUrl, concurrency: 16 } },
    nodes: [
      { id: "data", kind: "dataset", position: at(0), config: { source: { type: "file", path: dataFile }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "reason", kind: "prompt", position: at(1), config: { model: "m", template: REASON("{{question}}") } },
      { id: "check", kind: "prompt", position: at(2), config: { model: "m", template: CHECK, continueConversation: true } },
      { id: "extract", kind: "prompt", position: at(3), config: { model: "m", template: EXTRACT("{{solution}}") } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "reason", targetPort: "question" },
      { id: "e2", source: "reason", sourcePort: "conversation", target: "check", targetPort: "conversation" },
      { id: "e3", source: "check", sourcePort: "text", target: "extract", targetPort: "solution" },
    ],
  } as PipelineDoc;
}

// In-page scripts are strings: tsx would wrap functions in helpers the page does not have.
const NEXT_FRAME = "new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))";
const FRAMES = (ms: number) => `new Promise((resolve) => {
  const out = [];
  const t0 = performance.now();
  let last = t0;
  const step = (now) => {
    out.push(now - last);
    last = now;
    if (now - t0 < ${ms}) requestAnimationFrame(step);
    else resolve(out.slice(1));
  };
  requestAnimationFrame(step);
})`;

/** Counts what reaches the page over the WebSocket and the main thread's long tasks (installed before the app loads). */
const PAGE_STATS = `(() => {
  const stats = { messages: 0, bytes: 0, longTaskMs: 0, calls: {}, traceMs: [] };
  const sentAt = new Map();
  window.__liveStats = stats;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        stats.messages++;
        stats.bytes += typeof e.data === "string" ? e.data.length : 0;
        if (sentAt.size && typeof e.data === "string" && e.data.startsWith('{"id":')) {
          const id = JSON.parse(e.data).id;
          if (sentAt.has(id)) { stats.traceMs.push(performance.now() - sentAt.get(id)); sentAt.delete(id); }
        }
      });
    }
    send(data) {
      try {
        const { id, method } = JSON.parse(data);
        stats.calls[method] = (stats.calls[method] || 0) + 1;
        if (method === "runs.trace") sentAt.set(id, performance.now());
      } catch {}
      super.send(data);
    }
  };
  try {
    new PerformanceObserver((list) => { for (const t of list.getEntries()) stats.longTaskMs += t.duration; }).observe({ type: "longtask", buffered: false });
  } catch {}
})()`;
interface PageStats {
  calls: Record<string, number>;
  /** runs.trace round trips as the page saw them (the server's share of opening a trace). */
  traceMs: number[];
  messages: number;
  bytes: number;
  longTaskMs: number;
}
const readStats = (page: Page) => page.evaluate("({ ...window.__liveStats })") as Promise<PageStats>;

async function timed(page: Page, action: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await action();
  await page.evaluate(NEXT_FRAME);
  return performance.now() - t0;
}

/**
 * Clicks an element near its left edge with the mouse (the last node may run under the side panel), without
 * Playwright's actionability waits: the time is the page's, not Playwright's.
 */
async function clickAt(page: Page, selector: string): Promise<() => Promise<void>> {
  const box = await page.locator(selector).first().boundingBox({ timeout: 60_000 });
  if (!box) throw new Error(`${selector} is not on screen`);
  return () => page.mouse.click(box.x + Math.min(24, box.width / 2), box.y + box.height / 2);
}

async function selectNode(page: Page, id: string): Promise<number> {
  const click = await clickAt(page, `[data-testid="node-${id}"] .cnode__summary`); // the run bar may cover the header
  return timed(page, async () => {
    await click();
    await page.waitForSelector(`[data-testid="node-${id}"].cnode--selected`, { timeout: 60_000 });
  });
}

async function panDrag(page: Page, step: number): Promise<number> {
  const box = (await page.locator(".react-flow__pane").boundingBox())!;
  // Empty canvas below the nodes, between the zoom controls (bottom left) and the minimap (bottom right).
  const start = { x: box.x + box.width / 2, y: box.y + box.height - 50 };
  const before = await page.locator(".react-flow__viewport").getAttribute("style");
  const ms = await timed(page, async () => {
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(start.x - i * step, start.y - i * Math.sign(step));
    await page.mouse.up();
  });
  const after = await page.locator(".react-flow__viewport").getAttribute("style");
  if (before === after) throw new Error("the pan drag did not move the canvas");
  return ms;
}

async function openTrace(page: Page): Promise<number> {
  await page.waitForSelector('[data-testid="result-row"]', { timeout: 60_000 });
  const click = await clickAt(page, '[data-testid="result-row"] >> nth=1');
  const ms = await timed(page, async () => {
    await click();
    await page.waitForSelector('[data-testid="trace"] [data-testid^="trace-step-"]', { timeout: 60_000 });
  });
  await byTestId(page, "trace-close").click();
  await page.waitForSelector('[data-testid="trace"]', { state: "detached", timeout: 60_000 });
  return ms;
}

interface Samples {
  select: number[];
  pan: number[];
  trace: number[];
  frames: number[];
}

/** One round of every interaction, then frames; `live()` says whether the run still goes (samples after its end are left out). */
async function measure(page: Page, live: () => boolean, rounds: number): Promise<Samples> {
  const s: Samples = { select: [], pan: [], trace: [], frames: [] };
  const keep = (list: number[], ms: number) => {
    if (live()) list.push(ms);
  };
  const frames = (await page.evaluate(FRAMES(3000))) as number[];
  if (live()) s.frames = frames;
  for (let r = 0; r < rounds; r++) {
    keep(s.select, await selectNode(page, PROMPTS[r % PROMPTS.length]));
    keep(s.pan, await panDrag(page, r % 2 ? -8 : 8));
    keep(s.trace, await openTrace(page));
  }
  return s;
}

const median = (v: number[]) => (v.length ? [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)] : NaN);
const pct = (v: number[], p: number) => (v.length ? [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * (v.length - 1)))] : NaN);

const dir = mkdtempSync(join(tmpdir(), "cascade-live-bench-"));
const children: ChildProcess[] = [];
function child(script: string, args: string[]): { proc: ChildProcess; lines: AsyncIterableIterator<string> } {
  const prof = process.env.LIVE_BENCH_PROFILE && script.endsWith("liveServer.ts") ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LIVE_BENCH_PROFILE}`] : [];
  const proc = spawn(process.execPath, [...prof, "--import", "tsx", join(ROOT, script), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(proc);
  return { proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}
async function nextLine(lines: AsyncIterableIterator<string>, what: string): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error(`the ${what} process exited`);
  return String(value).trim();
}

const t0 = performance.now();
let browser: Browser | undefined;
try {
  const fake = child("bench/fakeServer.ts", ["0"]);
  const fakeUrl = await nextLine(fake.lines, "fake server");
  const app = child("bench/liveServer.ts", [dir]);
  const appUrl = (await nextLine(app.lines, "app server")).replace(/^url /, "");
  // Run start and end as the server saw them (the page is not asked: it is what is being measured).
  let runStart = 0;
  let runEnd = 0;
  let finishedStatus = "";
  void (async () => {
    for (;;) {
      const { value, done } = await app.lines.next();
      if (done) return;
      const [kind, a, b] = String(value).trim().split(" ");
      if (kind === "run-started") runStart = Number(a);
      if (kind === "run-finished") [finishedStatus, runEnd] = [a, Number(b)];
    }
  })();
  const dataFile = await writeData(dir, ROWS);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.addInitScript(PAGE_STATS);
  await page.goto(appUrl);
  await waitReady(page);
  await page.evaluate((d) => window.__cascadeOpenDoc!(d), liveDoc(fakeUrl, dataFile));
  await byTestId(page, "bottom-tab-outputs").click();

  await byTestId(page, "run-all").click();
  await page.waitForSelector('[data-testid="run-status"][data-status="running"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="result-row"]', { timeout: 60_000 });
  // The streaming reply would cover the nodes' headers on this short canvas.
  await byTestId(page, "run-stream-toggle").click();
  if (shot) await page.screenshot({ path: shot });
  const cdp = process.env.LIVE_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) await cdp.send("Profiler.enable").then(() => cdp.send("Profiler.start"));
  if (process.env.LIVE_BENCH_PROFILE) {
    await browser.startTracing(page, { path: join(process.env.LIVE_BENCH_PROFILE, "trace.json"), categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
    await page.evaluate(FRAMES(3000));
    await browser.stopTracing();
  }
  const statsFrom = { ...(await readStats(page)), at: performance.now() };
  const during = await measure(page, () => runEnd === 0, ROUNDS);
  const statsTo = { ...(await readStats(page)), at: performance.now() };
  if (cdp) writeFileSync(join(process.env.LIVE_BENCH_PROFILE!, "page.cpuprofile"), JSON.stringify((await cdp.send("Profiler.stop")).profile));
  const measuredDuringMs = Date.now() - runStart;
  // A run slower than the bench wants to wait is cancelled (and said so): idle is then measured beside its partial results.
  const ended = await page
    .waitForSelector('[data-testid="run-status"]:not([data-status="running"])', { timeout: MAX_WAIT_MS })
    .then(() => true)
    .catch(() => false);
  let cancelledAt: string | null = null;
  if (!ended) {
    cancelledAt = (await byTestId(page, "run-items").textContent()) ?? "?";
    await byTestId(page, "run-cancel").click();
    await page.waitForSelector('[data-testid="run-status"]:not([data-status="running"])', { timeout: 120_000 });
  }
  if (finishedStatus !== (ended ? "done" : "cancelled")) throw new Error(`the run ended ${finishedStatus || "without run-finished"}`);
  await page.evaluate(NEXT_FRAME);
  const idleFrom = await readStats(page);
  const idle = await measure(page, () => true, ROUNDS);
  const idleTo = await readStats(page);
  const runMs = runEnd - runStart;

  const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : "n/a");
  const lines: string[] = [];
  for (const k of ["select", "pan", "trace"] as const) {
    const d = median(during[k]);
    const i = median(idle[k]);
    const ratio = d / i;
    lines.push(
      `${k === "select" ? "select a node" : k === "pan" ? "pan by drag" : "open a trace"}: during ${fmt(d)} (max ${fmt(Math.max(...during[k]))}, n=${during[k].length}), idle ${fmt(i)} → ${Number.isFinite(ratio) ? ratio.toFixed(2) : "n/a"}x (target ≤ 2x: ${ratio <= 2 ? "met" : "NOT met"})`,
    );
  }
  const fp95 = pct(during.frames, 0.95);
  lines.push(
    `frames during the run: p50 ${pct(during.frames, 0.5).toFixed(1)} ms, p95 ${fp95.toFixed(1)} ms, max ${Math.max(...during.frames).toFixed(1)} ms (n=${during.frames.length}; target p95 ≤ 33 ms: ${fp95 <= 33 ? "met" : "NOT met"}); idle p95 ${pct(idle.frames, 0.95).toFixed(1)} ms`,
  );
  const runLine = cancelledAt ? `cancelled after ${(runMs / 1000).toFixed(1)} s at ${cancelledAt}` : `run ${(runMs / 1000).toFixed(1)} s`;
  const secs = (statsTo.at - statsFrom.at) / 1000;
  lines.push(
    `the page during the run: ${((statsTo.messages - statsFrom.messages) / secs).toFixed(0)} WebSocket messages/s, ${((statsTo.bytes - statsFrom.bytes) / secs / 1024).toFixed(0)} KiB/s, main-thread long tasks ${((statsTo.longTaskMs - statsFrom.longTaskMs) / secs).toFixed(0)} ms/s (over ${secs.toFixed(1)} s, interactions included)`,
  );
  const duringTrace = statsTo.traceMs.slice(statsFrom.traceMs.length);
  const idleTrace = idleTo.traceMs.slice(idleFrom.traceMs.length);
  lines.push(`runs.trace answer (the server's share of opening a trace): during ${fmt(median(duringTrace))}, idle ${fmt(median(idleTrace))}`);
  if (process.env.LIVE_BENCH_PROFILE) console.log("calls during the run:", Object.fromEntries(Object.entries(statsTo.calls).map(([m, n]) => [m, n - (statsFrom.calls[m] ?? 0)])));
  console.log(`live run of ${ROWS.toLocaleString("en-US")} rows × 3 prompts @ 0 ms in browser mode: ${runLine} (interactions measured in its first ${(measuredDuringMs / 1000).toFixed(1)} s)`);
  for (const l of lines) console.log(`live ${l}`);
} catch (e) {
  const pages = browser?.contexts()[0]?.pages() ?? [];
  if (pages[0]) await pages[0].screenshot({ path: join(ROOT, ".cache/live-bench-failed.png") }).catch(() => undefined);
  throw e;
} finally {
  await browser?.close().catch(() => undefined);
  for (const c of children) c.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  console.log(`live bench total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

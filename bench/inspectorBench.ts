/**
 * Benchmark (not a test) of the Outputs inspector on a run with 100,000 result rows, in Chromium against the
 * browser-mode server: time from pressing "Outputs" on the run until rows are visible (target < 1 s), frame
 * times while scrolling continuously (p95), and the time until rows show after jumping to the middle.
 *
 *   node --import tsx bench/inspectorBench.ts [--rows 100000]     (after npm run build:renderer; npm run bench runs it)
 *
 * `benchInspectorOpen(dbPath, runId)` measures an existing database; `seedBigRun(dbPath, rows)` writes one
 * (the Cas-SEAT document, its score node and its reason node with ~400-character replies) by direct SQL.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PipelineDoc } from "../src/shared/pipeline/schema";
import { openStore } from "../src/main/store/store";
import { byTestId, waitReady } from "../tests/e2e/editorDriver";
import { databaseOf } from "../src/main/store/database";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..");

/** The harness (written for vitest) reads __dirname; give it one when this runs as a plain ES module. */
async function loadHarness(): Promise<typeof import("../tests/e2e/harness")> {
  const g = globalThis as { __dirname?: string };
  if (typeof g.__dirname !== "string") g.__dirname = resolve(ROOT, "tests/e2e");
  return import("../tests/e2e/harness");
}

export interface InspectorBench {
  rows: number;
  /** Press "Outputs" on the run → the first result row is in the DOM with its data. */
  openMs: number;
  /** Frame-to-frame times while scrolling 600 px per frame. */
  scrollFrameP95Ms: number;
  scrollFrameMaxMs: number;
  /** Jump to the middle of the table → rows there show data. */
  jumpMs: number;
  /** Result rows in the DOM at the end (virtualisation keeps this small). */
  domRows: number;
}

const REPLY = "Looking at the picture step by step. The relevant quantity is read from the image and combined as the question asks. ".repeat(3);

/** Writes a finished run with `rows` items at the score and reason nodes; returns its id. */
export function seedBigRun(dbPath: string, rows = 100_000): string {
  const store = openStore(dbPath, { writer: { thread: false } });
  try {
    const doc = JSON.parse(readFileSync(join(ROOT, "templates/cas-seat.json"), "utf8")) as PipelineDoc;
    const run = store.runs.create({ doc, datasetFingerprint: "bench", label: `bench ${rows.toLocaleString("en-US")} rows` });
    const insert = databaseOf(store).prepare(
      "INSERT INTO results (run_id, node_id, item_id, seq, status, output, latency_ms, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    let correct = 0;
    databaseOf(store).transaction(() => {
      for (let i = 0; i < rows; i++) {
        const item = `item-${String(i).padStart(6, "0")}`;
        const ok = (i * 2654435761) % 100 < 62;
        if (ok) correct++;
        const failed = i % 997 === 0;
        insert.run(run.id, "reason", item, i, failed ? "failed" : "done", failed ? null : JSON.stringify({ text: `${REPLY}Final answer: ${i % 7}` }), 200 + (i % 400), 140, 40);
        insert.run(run.id, "score", item, i, "done", JSON.stringify({ score: ok ? 1 : 0, correct: ok }), 0.1, null, null);
      }
    })();
    const totals = { items: rows, itemsDone: rows, itemsFailed: 0, calls: rows, cacheHits: 0, inputTokens: rows * 140, outputTokens: rows * 40, costUsd: 0, errors: 0 };
    store.runs.finish(run.id, { status: "done", totals, metrics: { score: [{ name: "accuracy", value: correct / rows, n: rows }] } });
    return run.id;
  } finally {
    store.close();
  }
}

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * (s.length - 1)))] ?? 0;
}

export async function benchInspectorOpen(dbPath: string, runId: string): Promise<InspectorBench> {
  const { startApp } = await loadHarness();
  const app = await startApp({ dbPath, viewport: { width: 1440, height: 900 } });
  try {
    const { page } = app;
    await waitReady(page);
    await byTestId(page, "bottom-tab-runs").click();
    const button = page.locator(`[data-testid="run-row"][data-run-id="${runId}"] [data-testid="run-inspect"]`);
    await button.waitFor();
    // In-page scripts are strings: tsx would wrap functions in helpers the page does not have.
    const openMs = (await page.evaluate(`new Promise((resolve) => {
      const t0 = performance.now();
      document.querySelector('[data-testid="run-row"][data-run-id="${runId}"] [data-testid="run-inspect"]').click();
      const check = () => (document.querySelector('[data-testid="result-row"]') ? resolve(performance.now() - t0) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    })`)) as number;
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="results-scroll"]');
      const out = [];
      let last = performance.now();
      let n = 0;
      const step = (now) => {
        out.push(now - last);
        last = now;
        scroller.scrollTop += 600;
        if (++n < 180) requestAnimationFrame(step);
        else resolve(out.slice(2));
      };
      requestAnimationFrame(step);
    })`)) as number[];
    const total = Number(await byTestId(page, "results-table").getAttribute("data-total"));
    const jumpMs = (await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="results-scroll"]');
      const t0 = performance.now();
      scroller.scrollTop = scroller.scrollHeight / 2;
      const check = () => {
        const rows = [...document.querySelectorAll('[data-testid="result-row"]')];
        if (rows.some((r) => Number(r.dataset.index) > ${Math.floor(total * 0.4)})) resolve(performance.now() - t0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })`)) as number;
    const rows = Number(await byTestId(page, "results-table").getAttribute("data-total"));
    const domRows = await page.locator('[data-testid="result-row"], .rtable__row--loading').count();
    return { rows, openMs, scrollFrameP95Ms: p95(frames), scrollFrameMaxMs: Math.max(...frames), jumpMs, domRows };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--rows");
  const rows = i > 0 ? Number(process.argv[i + 1]) : 100_000;
  const dir = mkdtempSync(join(tmpdir(), "cascade-inspector-bench-"));
  try {
    const t0 = performance.now();
    const runId = seedBigRun(join(dir, "bench.db"), rows);
    console.log(`seeded ${rows.toLocaleString("en-US")} rows × 2 nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Baseline measured in the same run: the same inspector on a 100-row run.
    const smallId = seedBigRun(join(dir, "small.db"), 100);
    const small = await benchInspectorOpen(join(dir, "small.db"), smallId);
    const r = await benchInspectorOpen(join(dir, "bench.db"), runId);
    console.log(
      `inspector open at ${r.rows.toLocaleString("en-US")} rows: ${r.openMs.toFixed(0)} ms (target < 1000 ms: ${r.openMs < 1000 ? "met" : "NOT met"}); ` +
        `100-row baseline ${small.openMs.toFixed(0)} ms → ${(r.openMs / small.openMs).toFixed(2)}x · scroll frame p95 ${r.scrollFrameP95Ms.toFixed(1)} ms ` +
        `(baseline ${small.scrollFrameP95Ms.toFixed(1)} ms) · jump to the middle ${r.jumpMs.toFixed(0)} ms · ${r.domRows} rows in the DOM`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();

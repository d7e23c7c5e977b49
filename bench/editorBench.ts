/**
 * Benchmark (not a test) of the editor in Chromium against the browser-mode server: the time to open a
 * generated 500-node pipeline (target < 1 s) and frame times while panning it, each beside a baseline measured
 * in the same page: the same for a 4-node pipeline.
 *
 *   node --import tsx bench/editorBench.ts     (after npm run build:renderer; npm run bench runs it)
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generatePipeline } from "../tests/e2e/bigPipeline";
import { waitReady } from "../tests/e2e/editorDriver";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const g = globalThis as { __dirname?: string };
if (typeof g.__dirname !== "string") g.__dirname = resolve(ROOT, "tests/e2e");
const { startApp } = await import("../tests/e2e/harness");

// In-page scripts are strings: tsx would wrap functions in helpers the page does not have.
const PAN = `new Promise((resolve) => {
  const frames = [];
  let last = performance.now();
  let n = 0;
  const step = (now) => {
    frames.push(now - last);
    last = now;
    if (++n < 120) requestAnimationFrame(step);
    else resolve(frames.slice(2));
  };
  requestAnimationFrame(step);
})`;

async function measure(n: number) {
  const app = await startApp({ viewport: { width: 1440, height: 900 } });
  try {
    const { page } = app;
    await waitReady(page);
    const open = (await page.evaluate((d) => window.__cascadeOpenDoc!(d), generatePipeline(n))) as { ms: number; nodes: number };
    const box = (await page.locator(".react-flow__pane").boundingBox())!;
    const start = { x: box.x + box.width - 30, y: box.y + 30 }; // empty canvas: the grid is at the left
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    const framesP = page.evaluate(PAN) as Promise<number[]>;
    for (let i = 1; i <= 60; i++) await page.mouse.move(start.x - i * 6, start.y + i * 6);
    await page.mouse.up();
    const frames = (await framesP).sort((a, b) => a - b);
    const p95 = frames[Math.floor(0.95 * (frames.length - 1))];
    return { n, openMs: open.ms, domNodes: open.nodes, panP95Ms: p95 };
  } finally {
    await app.close();
  }
}

const small = await measure(4);
const big = await measure(500);
console.log(
  `editor open of 500 nodes: ${big.openMs.toFixed(0)} ms (target < 1000 ms: ${big.openMs < 1000 ? "met" : "NOT met"}); 4-node baseline ` +
    `${small.openMs.toFixed(0)} ms → ${(big.openMs / small.openMs).toFixed(2)}x · pan frame p95 ${big.panP95Ms.toFixed(1)} ms ` +
    `(baseline ${small.panP95Ms.toFixed(1)} ms → ${(big.panP95Ms / small.panP95Ms).toFixed(2)}x) · ${big.domNodes} nodes in the DOM`,
);

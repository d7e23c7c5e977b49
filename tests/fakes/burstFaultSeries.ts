/**
 * Issue #13 item 8, shared by its test (tests/integration/burstFaults.test.ts: nothing lost) and its benchmark
 * (bench/burstFaultsBench.ts: each run's time against the fault-free one): the Cas-SEAT template
 * (templates/cas-seat.json, 18 items, 3 model calls each) run `runs` times against a burst-fault server (every
 * 5th request a 429 with a 20 ms Retry-After, every 7th a 500, every 11th a malformed body), each faulty run
 * between two fault-free runs at the same concurrency. The prompt nodes are set to noCache, so every run makes
 * all its calls.
 *
 * Scale: the fake answers in 40 ms (5 ms at concurrency 1) and the first backoff ceiling is 5 ms: the ratio of a
 * real server's ~4 s per call to the default 500 ms ceiling. The fault-free time of faulty run i is the median of
 * the fault-free runs just before and after it (i-1, i, i+1): on a shared machine a run's time follows the load,
 * and a baseline taken once, seconds earlier, made the ratio measure the load.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startRun } from "../../src/main/engine/startRun";
import { EndpointLimiters, endpointKey } from "../../src/main/providers/limiter";
import { createProvider } from "../../src/main/providers/registry";
import type { RunSummary } from "../../src/shared/contract";
import type { Store } from "../../src/main/store/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "./openaiServer";

const TEMPLATES = join(process.cwd(), "templates");
export const BURST_ITEMS = 18;
export const BURST_CALLS_PER_ITEM = 3;

/** Server latency per request: at 16 a run is three short stages, and 5 ms made one Retry-After most of a run. */
export const burstLatencyMs = (concurrency: number) => (concurrency === 1 ? 5 : 40);

/** 429 every 5th, 500 every 7th, malformed every 11th chat request. */
export const burstFault = (n: number) => (n % 5 === 0 ? "429" : n % 7 === 0 ? "500" : n % 11 === 0 ? "malformed" : null);

function casSeat(url: string, concurrency: number): PipelineDoc {
  const doc = JSON.parse(readFileSync(join(TEMPLATES, "cas-seat.json"), "utf8")) as PipelineDoc;
  for (const m of Object.values(doc.models)) Object.assign(m, { baseUrl: url, concurrency });
  for (const n of doc.nodes) if (n.kind === "prompt") n.noCache = true;
  return doc;
}

export interface BurstRun {
  summary: RunSummary;
  ms: number;
  /** Items whose score node has a done row. */
  scoredDone: number;
  /** Lowest concurrency the endpoint's limiter went down to during the run. */
  lowest: number;
}

async function timedRun(store: Store, fake: FakeServer, concurrency: number): Promise<BurstRun> {
  const started = performance.now();
  // The run's own limiters (as startRun makes them): the two models share the endpoint's one limiter.
  const limiters = new EndpointLimiters();
  const limiter = () => limiters.get(endpointKey("openai", fake.url));
  let lowest = concurrency;
  const { runId, done } = startRun({
    doc: casSeat(fake.url, concurrency),
    baseDir: TEMPLATES,
    store,
    concurrency,
    limiters,
    onEvent: () => (lowest = Math.min(lowest, limiter()?.concurrency ?? concurrency)),
    providerFactory: (_name, config, run) =>
      createProvider(config, { retryBaseDelayMs: 5, defaultConcurrency: concurrency, limiters: run.limiters, env: { OPENAI_API_KEY: "test-key" } }),
  });
  const summary = await done;
  const ms = performance.now() - started;
  const scoredDone = store.runs.results({ runId, nodeId: "score", limit: 100 }).rows.filter((r) => r.status === "done").length;
  return { summary, ms, scoredDone, lowest };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface BurstSeries {
  /** runs + 1 fault-free runs: base[i] just before faulty run i, base[i + 1] just after it. */
  base: BurstRun[];
  faulty: BurstRun[];
  /** Faulty run i's time over the median of base[i-1], base[i], base[i+1]. */
  ratios: number[];
  /** Items lost over all faulty runs (failed, or without a done score). */
  lost: number;
  /** Chat requests the faulty server received (faulted ones included). */
  requests: number;
}

export async function burstFaultSeries(store: Store, concurrency: number, runs: number): Promise<BurstSeries> {
  const clean = await startFakeOpenAI({ latencyMs: burstLatencyMs(concurrency) });
  const faulty = await startFakeOpenAI({ latencyMs: burstLatencyMs(concurrency), retryAfterSeconds: 0.02, faults: burstFault });
  try {
    const base = [await timedRun(store, clean, concurrency)];
    const hurt: BurstRun[] = [];
    for (let i = 0; i < runs; i++) {
      hurt.push(await timedRun(store, faulty, concurrency));
      base.push(await timedRun(store, clean, concurrency));
    }
    const ratios = hurt.map((r, i) => r.ms / median(base.slice(Math.max(0, i - 1), i + 2).map((b) => b.ms)));
    const lost = hurt.reduce((n, r) => n + r.summary.totals.itemsFailed + (BURST_ITEMS - r.scoredDone), 0);
    return { base, faulty: hurt, ratios, lost, requests: faulty.calls };
  } finally {
    await Promise.all([clean.close(), faulty.close()]);
  }
}

/** One line of figures, as the test and the benchmark print it. */
export function describeSeries(concurrency: number, s: BurstSeries): string {
  const baseMs = s.base.map((b) => b.ms);
  const lowest = Math.min(...s.faulty.map((r) => r.lowest));
  return (
    `burst faults, concurrency ${concurrency}: fault-free median ${median(baseMs).toFixed(0)} ms/run (${Math.min(...baseMs).toFixed(0)}-${Math.max(...baseMs).toFixed(0)}); ` +
    `${s.faulty.length} faulty runs: ${s.lost} items lost, time ratio median ${median(s.ratios).toFixed(2)}x, max ${Math.max(...s.ratios).toFixed(2)}x; ` +
    `${s.requests} requests for ${s.faulty.length * BURST_CALLS_PER_ITEM * BURST_ITEMS} calls; lowest limiter concurrency ${lowest}`
  );
}

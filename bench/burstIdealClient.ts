/**
 * What the burst-fault bar asks of any client, measured without one: a simulated ideal client (no overhead, a free
 * slot at once, retries sent the moment the server allows: after its Retry-After for a 429, at once otherwise)
 * over the Cas-SEAT run of bench/burstFaultsBench.ts (18 items, 3 calls each in a chain, all items at once as at
 * concurrency 16). Under concurrency an attempt meets the server's request counter at an effectively random
 * place, so each attempt is a 429 with probability 1/5, a 500 with 4/5 · 1/7 and malformed with 4/5 · 6/7 · 1/11
 * (37.7% in all). A run takes as long as its slowest item; the ideal fault-free run takes 3 latencies.
 */
import { createRng } from "../src/shared/random";

export interface IdealClientOdds {
  /** Share of simulated runs that take at least 3x the fault-free time. */
  atLeast3x: number;
  /** Median ratio of a run's time to the fault-free time. */
  medianRatio: number;
}

export function idealClientOdds(latencyMs: number, retryAfterMs: number, runs = 20_000, seed = 13): IdealClientOdds {
  const rng = createRng(seed);
  const p429 = 1 / 5;
  const pFault = 1 - (4 / 5) * (6 / 7) * (10 / 11);
  const callMs = () => {
    let ms = 0;
    for (;;) {
      ms += latencyMs;
      const u = rng.next();
      if (u >= pFault) return ms;
      if (u < p429) ms += retryAfterMs;
    }
  };
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    let slowest = 0;
    for (let item = 0; item < 18; item++) slowest = Math.max(slowest, callMs() + callMs() + callMs());
    ratios.push(slowest / (3 * latencyMs));
  }
  ratios.sort((a, b) => a - b);
  return { atLeast3x: ratios.filter((x) => x >= 3).length / runs, medianRatio: ratios[Math.floor(runs / 2)] };
}

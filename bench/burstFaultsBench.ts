/**
 * The burst-fault bar of issue #13: 20 runs of the Cas-SEAT template at concurrency 1 and at 16 against a server
 * answering every 5th request 429, every 7th 500 and every 11th with a malformed body (tests/fakes/
 * burstFaultSeries.ts), each run's time against the fault-free runs beside it. Target: 0 items lost, every run
 * within 3x. Prints one "burst " line per concurrency, and at 16 what an ideal client would do on the same faults
 * (bench/burstIdealClient.ts).
 *   node --import tsx bench/burstFaultsBench.ts [--runs 20]     (npm run bench runs it)
 */
import { openStore } from "../src/main/store/store";
import { burstFaultSeries, burstLatencyMs, describeSeries } from "../tests/fakes/burstFaultSeries";
import { idealClientOdds } from "./burstIdealClient";

const runsIdx = process.argv.indexOf("--runs");
const runs = runsIdx > 0 ? Number(process.argv[runsIdx + 1]) : 20;
const store = openStore(":memory:");
try {
  for (const concurrency of [1, 16]) {
    const s = await burstFaultSeries(store, concurrency, runs);
    const max = Math.max(...s.ratios);
    const met = s.lost === 0 && max < 3;
    console.log(`${describeSeries(concurrency, s).replace(/^burst faults/, "burst")}; target 0 lost, every run < 3x: ${met ? "met" : "NOT met"}`);
    if (concurrency > 1) {
      const ideal = idealClientOdds(burstLatencyMs(concurrency), 20);
      console.log(
        `burst, concurrency ${concurrency}, an ideal client (no overhead, instant slots and retries) on the same faults: ` +
          `median ${ideal.medianRatio.toFixed(2)}x its fault-free time, ${(100 * ideal.atLeast3x).toFixed(0)}% of runs at 3x or more, ` +
          `so ${(100 * (1 - (1 - ideal.atLeast3x) ** runs)).toFixed(0)}% of ${runs}-run series have one`,
      );
    }
  }
} finally {
  store.close();
}

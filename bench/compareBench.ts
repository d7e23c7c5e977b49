/**
 * Benchmark (not a test) of reading big runs back, through the service as the app calls it:
 *   - runs.compare of two Cas-SEAT runs of 100,000 items (target < 5 s), against the same on 1,000 items;
 *   - the first page of runs.compareItems of their judged node (answer), which builds the item list (target
 *     < 300 ms; each call on a new service, so no list is kept from the one before), against 1,000 items;
 *   - runs.results pages of 100 rows at offset 99,000 sorted by item, latency and status, and filtered by status,
 *     and at offset 50,000 by latency (its worst case) (target < 100 ms), against the first page of the same query.
 * The runs are seeded by scripts/bench/seed-100k-run.ts (6 per-item nodes, realistic outputs). Each figure is
 * the median of 3 calls. Prints one line per figure, starting with "store ".
 *
 *   node --import tsx bench/compareBench.ts [--items 100000]     (npm run bench runs it)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ResultsQuery } from "../src/shared/contract";
import { createService, type Service } from "../src/main/service/createService";
import { openStore, type Store } from "../src/main/store/store";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const COMPARE_TARGET_MS = 5000;
const PAGE_TARGET_MS = 100;
const ITEMS_TARGET_MS = 300;

/** Seeds `runs` finished Cas-SEAT runs of `items` items into a new database (a child process); returns the run ids. */
function seed(dbPath: string, items: number, runs = 2): string[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/bench/seed-100k-run.ts"), "--db", dbPath, "--items", String(items), "--runs", String(runs)], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return (JSON.parse(out.trim().split("\n").pop()!) as { runIds: string[] }).runIds;
}

async function median3(f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}

interface Opened {
  store: Store;
  service: Service;
  runIds: string[];
}

function open(dbPath: string, runIds: string[]): Opened {
  const store = openStore(dbPath);
  return { store, service: createService({ store, templatesDir: join(ROOT, "templates"), mode: "browser" }), runIds };
}

async function close(o: Opened): Promise<void> {
  await o.service.close();
  o.store.close();
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

export async function benchStore(items: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "cascade-store-bench-"));
  const lines: string[] = [];
  try {
    const small = open(join(dir, "small.db"), seed(join(dir, "small.db"), 1000));
    const big = open(join(dir, "big.db"), seed(join(dir, "big.db"), items));
    try {
      const compare = (o: Opened) => median3(() => o.service.call("runs.compare", { runIds: o.runIds }));
      const baseMs = await compare(small);
      const bigMs = await compare(big);
      lines.push(
        `store runs.compare 2 runs × ${items} items: ${fmt(bigMs)}; 1000 items ${fmt(baseMs)} → ${(bigMs / baseMs).toFixed(1)}x for ${items / 1000}x the items; ` +
          `target < ${COMPARE_TARGET_MS / 1000} s: ${bigMs < COMPARE_TARGET_MS ? "met" : "NOT met"}`,
      );
      // A new service per call: the service keeps the item lists of finished runs for the next pages.
      const firstItems = async (o: Opened): Promise<number> => {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const service = createService({ store: o.store, templatesDir: join(ROOT, "templates"), mode: "browser" });
          const t0 = performance.now();
          await service.call("runs.compareItems", { runIds: o.runIds, nodeId: "answer", limit: 100 });
          times.push(performance.now() - t0);
          await service.close();
        }
        return times.sort((a, b) => a - b)[1];
      };
      const baseItemsMs = await firstItems(small);
      const bigItemsMs = await firstItems(big);
      lines.push(
        `store runs.compareItems first page, 2 runs × ${items} items: ${fmt(bigItemsMs)}; 1000 items ${fmt(baseItemsMs)} → ${(bigItemsMs / baseItemsMs).toFixed(1)}x for ${items / 1000}x the items; ` +
          `target < ${ITEMS_TARGET_MS} ms: ${bigItemsMs < ITEMS_TARGET_MS ? "met" : "NOT met"}`,
      );
      const deep = Math.max(0, items - 1000);
      const middle = Math.floor(items / 2);
      // A deep page, and the middle of the latency order (its worst case: the most index entries to sort).
      const queries: [string, Omit<ResultsQuery, "runId">, number][] = [
        ["by item", { nodeId: "reason" }, deep],
        ["by latency", { nodeId: "reason", sort: "latency" }, deep],
        ["by latency", { nodeId: "reason", sort: "latency" }, middle],
        ["by status", { nodeId: "selfeval", sort: "status" }, deep],
        ["status done, by item", { nodeId: "selfeval", status: "done" }, deep],
      ];
      for (const [name, q, offset] of queries) {
        const page = (at: number) => median3(() => big.service.call("runs.results", { ...q, runId: big.runIds[0], offset: at, limit: 100 }));
        const firstMs = await page(0);
        const atMs = await page(offset);
        lines.push(
          `store runs.results ${name}, 100 rows at offset ${offset} of ${items}: ${fmt(atMs)}; first page ${fmt(firstMs)} → ${(atMs / firstMs).toFixed(2)}x; ` +
            `target < ${PAGE_TARGET_MS} ms: ${atMs < PAGE_TARGET_MS ? "met" : "NOT met"}`,
        );
      }
    } finally {
      await close(small);
      await close(big);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--items");
  const items = i > 0 ? Number(process.argv[i + 1]) : 100_000;
  for (const line of await benchStore(items)) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();

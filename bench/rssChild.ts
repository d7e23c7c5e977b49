/**
 * Peak memory of a large run, in its own process: the bench cascade over N items (default 100,000) with an
 * in-process instant provider (the HTTP client's memory is bounded by the concurrency anyway; this measures
 * the engine's streaming). Prints one JSON line: { items, ms, maxRssMb, calls }. V8's heap growth is set as the
 * CLI and the desktop app set it (src/main/memoryTuning.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMemoryTuning } from "../src/main/memoryTuning";
import type { Provider } from "../src/main/providers/types";
import { openStore } from "../src/main/store/store";
import { writeData } from "./cascade";
import { engineRun } from "./engineRun";

applyMemoryTuning();
const items = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "cascade-rss-"));
try {
  const data = await writeData(dir, items);
  const store = openStore(join(dir, "rss.db"));
  const provider: Provider = {
    kind: "openai",
    endpoint: "instant://bench",
    async chat(req) {
      // Unique per conversation, like a real model: nothing is de-duplicated.
      const last = req.messages[req.messages.length - 1].content;
      return { text: `echo ${req.messages.length}: ${req.messages[0].content} / ${last.slice(0, 20)}`, usage: { inputTokens: 20, outputTokens: 5 }, retries: 0 };
    },
    async listModels() {
      return [];
    },
  };
  const t = await engineRun(store, "http://127.0.0.1:9/v1", data, 16, () => provider);
  store.close();
  const mem = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  process.stdout.write(JSON.stringify({ items: t.items, ms: Math.round(t.ms), maxRssMb: mb(process.resourceUsage().maxRSS * 1024), heapUsedMb: mb(mem.heapUsed), heapTotalMb: mb(mem.heapTotal), externalMb: mb(mem.external), calls: t.calls, errors: t.errors }) + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}

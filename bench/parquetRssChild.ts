/**
 * Peak memory of a Parquet dataset streamed through a one-node pipeline (dataset → one prompt on an in-process
 * instant provider), in its own process. `gen N FILE` writes N rows (id, question, n) as Parquet in row groups
 * of 10,000 (the hub writes image datasets in groups of hundreds to a few thousand rows); `run FILE` runs the
 * pipeline over it and prints one JSON line: { items, ms, maxRssMb, calls, errors }. It sets V8's heap growth
 * as the CLI and the desktop app do (src/main/memoryTuning.ts), so it measures what they run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startRun } from "../src/main/engine/startRun";
import { applyMemoryTuning } from "../src/main/memoryTuning";
import type { Provider } from "../src/main/providers/types";
import { openStore } from "../src/main/store/store";
import type { PipelineDoc } from "../src/shared/pipeline/schema";
import { writeHubParquet } from "../scripts/sample-data/hubParquet";
import { question } from "./cascade";

applyMemoryTuning();
const [mode, a, b] = process.argv.slice(2);

function doc(dataFile: string): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "parquet rss",
    models: { m: { provider: "openai", model: "fake-model", baseUrl: "http://127.0.0.1:9/v1", concurrency: 16 } },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: dataFile }, columns: [{ name: "question", type: "text" }, { name: "n", type: "number" }], idColumn: "id" } },
      { id: "ask", kind: "prompt", position: pos, config: { model: "m", template: "{{question}} ({{n}})" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" },
      { id: "e2", source: "data", sourcePort: "n", target: "ask", targetPort: "n" },
    ],
  };
}

if (mode === "gen") {
  const n = Number(a);
  const rows = Array.from({ length: n }, (_, i) => ({ id: `item-${i}`, question: question(i), n: i }));
  await writeHubParquet(b, [{ name: "id", kind: "string" }, { name: "question", kind: "string" }, { name: "n", kind: "int64" }], rows, { rowGroupSize: 10_000 });
} else {
  const dir = mkdtempSync(join(tmpdir(), "cascade-parquet-rss-"));
  try {
    const store = openStore(join(dir, "rss.db"));
    const provider: Provider = {
      kind: "openai",
      endpoint: "instant://bench",
      async chat(req) {
        return { text: `echo: ${req.messages[req.messages.length - 1].content.slice(0, 30)}`, usage: { inputTokens: 20, outputTokens: 5 }, retries: 0 };
      },
      async listModels() {
        return [];
      },
    };
    const started = performance.now();
    const { done } = startRun({ doc: doc(a), baseDir: dirname(a), store, concurrency: 16, providerFactory: () => provider });
    const s = await done;
    store.close();
    const mb = (x: number) => Math.round(x / 1048576);
    process.stdout.write(JSON.stringify({ status: s.status, items: s.totals.items, ms: Math.round(performance.now() - started), maxRssMb: mb(process.resourceUsage().maxRSS * 1024), calls: s.totals.calls, errors: s.totals.errors }) + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

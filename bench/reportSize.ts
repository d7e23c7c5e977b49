/**
 * How large a report and a bundle of 10,000 items are (#18; printed, not asserted): two runs of a
 * dataset → score pipeline (no model, so it takes seconds) over 10,000 rows with a 100-character question,
 * a 40-character answer and an image column (the first 100 items get thumbnails), then `cascade report` and
 * `cascade bundle`. Run: npx tsx bench/reportSize.ts
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { main } from "../src/main/cli/main";
import { startRun } from "../src/main/engine/startRun";
import { openStore } from "../src/main/store/store";
import type { PipelineDoc } from "../src/shared/pipeline/schema";

const ITEMS = 10_000;
const dir = mkdtempSync(join(tmpdir(), "cascade-report-size-"));
const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 120, b: 200 } } }).png().toBuffer();
writeFileSync(join(dir, "picture.png"), png);
const rows = Array.from({ length: ITEMS }, (_, i) =>
  JSON.stringify({ id: `item-${i}`, question: `Question ${i}: ${"what does the picture show, and how many of them are there? ".slice(0, 90)}`, image: "picture.png", guess: i % 3 ? `answer ${i % 7} with some words` : "y", alt: i % 4 ? "y" : "n", answer: "y" }),
);
writeFileSync(join(dir, "data.jsonl"), rows.join("\n") + "\n");
const doc = (prediction: string): PipelineDoc => ({
  format: "cascade-studio/pipeline",
  version: 1,
  name: `size ${prediction}`,
  models: {},
  nodes: [
    { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "question", type: "text" }, { name: "image", type: "image" }, { name: "guess", type: "text" }, { name: "alt", type: "text" }, { name: "answer", type: "text" }], idColumn: "id" } },
    { id: "score", kind: "score", position: { x: 300, y: 0 }, config: { method: "normalized" } },
  ],
  edges: [
    { id: "e1", source: "data", sourcePort: prediction, target: "score", targetPort: "prediction" },
    { id: "e2", source: "data", sourcePort: "answer", target: "score", targetPort: "truth" },
  ],
});
const db = join(dir, "size.db");
const store = openStore(db);
const ids: string[] = [];
for (const p of ["guess", "alt"]) {
  const h = startRun({ doc: doc(p), baseDir: dir, store, label: p });
  await h.done;
  ids.push(h.runId);
}
store.close();
const io = { out: (t: string) => console.log(t), err: (t: string) => console.error(t), isTTY: false };
const html = join(dir, "report.html");
await main(["report", ...ids, "--out", html, "--db", db], io);
await main(["bundle", ...ids, "--out", join(dir, "runs.cascade"), "--db", db, "--images"], io);
console.log(`report: ${(statSync(html).size / 1024 ** 2).toFixed(2)} MB for ${ITEMS} items × 2 runs; bundle: ${(statSync(join(dir, "runs.cascade")).size / 1024 ** 2).toFixed(2)} MB`);
rmSync(dir, { recursive: true, force: true });

/**
 * Validation of a big pipeline (#13 item 12): the Cas-SEAT template with a 10 MB prompt template, parsed and
 * validated as `cascade validate` does. Run alone: npx tsx bench/bigTemplate.ts [MB]. Not a test: it prints
 * the time (before the template parser copied text in pieces: about 8 s; target well under 2 s).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePipelineJson } from "../src/shared/pipeline/validate";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const mb = Number(process.argv[2] ?? 10);
const doc = JSON.parse(readFileSync(join(root, "templates/cas-seat.json"), "utf8")) as { nodes: { kind: string; config: { template?: string } }[] };
const prompt = doc.nodes.find((n) => n.kind === "prompt")!;
const chunk = "Look at the figure and count the {{question}} carefully, step by step. ";
prompt.config.template = chunk.repeat(Math.ceil((mb * 1e6) / chunk.length));
const text = JSON.stringify(doc);
for (let round = 1; round <= 3; round++) {
  const started = performance.now();
  const { problems } = parsePipelineJson(text);
  console.log(`validate ${(text.length / 1e6).toFixed(1)} MB pipeline: ${Math.round(performance.now() - started)} ms (${problems.length} problems), round ${round}`);
}

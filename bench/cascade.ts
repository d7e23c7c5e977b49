/** The benchmark's 3-node cascade (reason → self-evaluate in the same chat → extract) and its JSONL data. */
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import type { PipelineDoc } from "../src/shared/pipeline/schema";

export const REASON = (q: string) => `Think step by step, then answer: ${q}`;
export const CHECK = "Check each step of your solution and correct any error.";
export const EXTRACT = (s: string) => `Solution: ${s}\nWhat is the final answer? Reply with the number only.`;

export function benchDoc(baseUrl: string, dataFile: string, concurrency: number): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "bench cascade",
    models: { m: { provider: "openai", model: "fake-model", baseUrl, concurrency } },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: dataFile }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "reason", kind: "prompt", position: pos, config: { model: "m", template: REASON("{{question}}") } },
      { id: "check", kind: "prompt", position: pos, config: { model: "m", template: CHECK, continueConversation: true } },
      { id: "extract", kind: "prompt", position: pos, config: { model: "m", template: EXTRACT("{{solution}}") } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "reason", targetPort: "question" },
      { id: "e2", source: "reason", sourcePort: "conversation", target: "check", targetPort: "conversation" },
      { id: "e3", source: "check", sourcePort: "text", target: "extract", targetPort: "solution" },
    ],
  };
}

export const question = (i: number) => `Item ${i}: what is ${i} + ${i * 7}?`;

/** Writes n rows to dir/data-n.jsonl, streaming (100k rows never sit in memory). */
export async function writeData(dir: string, n: number): Promise<string> {
  const file = join(dir, `data-${n}.jsonl`);
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    if (!out.write(JSON.stringify({ id: `item-${i}`, question: question(i) }) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return file;
}

/** A generated pipeline of n nodes: chains dataset → prompt → extract → score, laid out on a grid. */
import type { PipelineDoc } from "../../src/shared/pipeline/schema";

export function generatePipeline(n: number): PipelineDoc {
  const doc: PipelineDoc = {
    format: "cascade-studio/pipeline",
    version: 1,
    name: `Generated ${n}`,
    models: { m: { provider: "openai", model: "gpt-4o-mini", apiKeyEnv: "OPENAI_API_KEY" } },
    nodes: [],
    edges: [],
  };
  const chain = ["dataset", "prompt", "extract", "score"];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / chain.length);
    const step = i % chain.length;
    const id = `${chain[step]}_${row + 1}`;
    const config =
      step === 0
        ? { source: { type: "inline", rows: [{ question: "q", answer: "a" }] }, columns: [{ name: "question", type: "text" }, { name: "answer", type: "text" }] }
        : step === 1
          ? { model: "m", template: `Q${row}: {{question}}` }
          : step === 2
            ? { method: "choice", letters: "ABCD" }
            : { method: "normalized" };
    doc.nodes.push({ id, kind: chain[step], position: { x: step * 320, y: row * 200 }, config });
    if (step === 1) doc.edges.push({ id: `e${row}a`, source: `dataset_${row + 1}`, sourcePort: "question", target: id, targetPort: "question" });
    if (step === 2) doc.edges.push({ id: `e${row}b`, source: `prompt_${row + 1}`, sourcePort: "text", target: id, targetPort: "text" });
    if (step === 3) {
      doc.edges.push({ id: `e${row}c`, source: `extract_${row + 1}`, sourcePort: "value", target: id, targetPort: "prediction" });
      doc.edges.push({ id: `e${row}d`, source: `dataset_${row + 1}`, sourcePort: "answer", target: id, targetPort: "truth" });
    }
  }
  return doc;
}

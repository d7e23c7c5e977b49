/**
 * Runs for the storage tests: a cascade (dataset → reason → check, continuing the chat → pick → score; and
 * vote, 2 samples) over 12 items, run cold, warm (every call from the cache) and with another reason prompt.
 */
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import type { Store } from "../../../src/main/store/store";
import { datasetNode, edge, node, rows, run, testProvider } from "../engine/helpers";

export function cascadeDoc(name = "storage cascade", reason = "Think step by step about {{question}} and answer with a number at the end, please."): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name,
    models: { m: { provider: "openai", model: "test-model" } },
    nodes: [
      datasetNode(rows(12)),
      node("reason", "prompt", { model: "m", template: reason }),
      node("vote", "prompt", { model: "m", template: "Vote yes or no on {{question}}.", samples: 2 }),
      node("check", "prompt", { model: "m", template: "Check each step of your solution and correct any error.", continueConversation: true }),
      node("pick", "extract", { method: "number" }),
      node("score", "score", { method: "numeric" }),
    ],
    edges: [
      edge("data", "question", "reason", "question"),
      edge("data", "question", "vote", "question"),
      edge("reason", "conversation", "check", "conversation"),
      edge("check", "text", "pick", "text"),
      edge("pick", "value", "score", "prediction"),
      edge("data", "answer", "score", "truth"),
    ],
  };
}

/** A reply that ends with a number that is right for every third item. */
export const cascadeProvider = () =>
  testProvider({ latencyMs: 2, reply: (req) => `Working through it: ${req.messages.at(-1)?.content.slice(0, 30)} … so the answer is ${req.messages.length % 3 === 0 ? 1 : 2}` });

/** Three runs: cold, warm (same document), and one with another reason prompt. Returns their ids. */
export async function seedCascadeRuns(store: Store, provider = cascadeProvider()): Promise<string[]> {
  const ids: string[] = [];
  for (const doc of [cascadeDoc(), cascadeDoc(), cascadeDoc("storage cascade", "Solve {{question}} carefully; end with the number alone.")]) {
    const r = await run(store, doc, provider);
    if (r.summary.status !== "done") throw new Error(`seed run ${r.summary.status}`);
    ids.push(r.runId);
  }
  store.writer.flush();
  return ids;
}

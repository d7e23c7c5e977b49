/** Test helpers: an in-process Provider that records its calls, and small pipelines. */
import type { RunEvent } from "../../../src/shared/events";
import type { EdgeDoc, NodeDoc, PipelineDoc } from "../../../src/shared/pipeline/schema";
import type { ChatRequest, Provider } from "../../../src/main/providers/types";
import { startRun } from "../../../src/main/engine/startRun";
import type { RunOptions } from "../../../src/main/engine/types";
import { openStore, type Store } from "../../../src/main/store/store";

export interface TestProvider {
  factory: (name: string) => Provider;
  calls: ChatRequest[];
  inFlight: number;
  maxInFlight: number;
}

export interface TestProviderOptions {
  latencyMs?: number;
  /** The reply for a request; default "reply to: <last user message>". Throw to fail the call. */
  reply?: (req: ChatRequest) => string;
  /** Streams the reply in this many pieces through onToken. */
  pieces?: number;
}

export const lastUser = (req: ChatRequest) => [...req.messages].reverse().find((m) => m.role === "user")?.content ?? "";

export function testProvider(opts: TestProviderOptions = {}): TestProvider {
  const state: TestProvider = {
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    factory: () => provider,
  };
  const provider: Provider = {
    kind: "openai",
    endpoint: "http://test.invalid/v1",
    async chat(req) {
      state.calls.push(req);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        if (opts.latencyMs) {
          await new Promise<void>((resolve, reject) => {
            const t = setTimeout(resolve, opts.latencyMs);
            req.signal?.addEventListener("abort", () => {
              clearTimeout(t);
              reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
            });
          });
        }
        const text = opts.reply ? opts.reply(req) : `reply to: ${lastUser(req)}`;
        const n = opts.pieces ?? 1;
        const size = Math.ceil(text.length / n) || 1;
        for (let i = 0; i < text.length; i += size) req.onToken?.(text.slice(i, i + size));
        return { text, usage: { inputTokens: 10, outputTokens: 3 }, retries: 0 };
      } finally {
        state.inFlight--;
      }
    },
    async listModels() {
      return [];
    },
  };
  return state;
}

export function node(id: string, kind: string, config: Record<string, unknown>, extra: Partial<NodeDoc> = {}): NodeDoc {
  return { id, kind, position: { x: 0, y: 0 }, config, ...extra };
}

export function edge(source: string, sourcePort: string, target: string, targetPort: string, extra: Partial<EdgeDoc> = {}): EdgeDoc {
  return { id: `${source}_${sourcePort}_${target}_${targetPort}`, source, sourcePort, target, targetPort, ...extra };
}

export function rows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ id: `q${i + 1}`, question: `question ${i + 1}`, answer: String(i + 1) }));
}

export function datasetNode(data: Record<string, unknown>[], columns = ["question", "answer"]): NodeDoc {
  return node("data", "dataset", { source: { type: "inline", rows: data }, columns: columns.map((name) => ({ name, type: "text" })), idColumn: "id" });
}

/** dataset → first (prompt) → second (prompt, continues nothing) over n items. */
export function twoPromptDoc(n = 3, secondTemplate = "check: {{prev}}"): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "two prompts",
    models: { m: { provider: "openai", model: "test-model" } },
    nodes: [datasetNode(rows(n)), node("first", "prompt", { model: "m", template: "Q: {{question}}" }), node("second", "prompt", { model: "m", template: secondTemplate })],
    edges: [edge("data", "question", "first", "question"), edge("first", "text", "second", "prev")],
  };
}

export interface RunResult {
  summary: Awaited<ReturnType<typeof startRun>["done"]>;
  events: RunEvent[];
  runId: string;
}

export async function run(store: Store, doc: PipelineDoc, provider: TestProvider, extra: Partial<RunOptions> = {}): Promise<RunResult> {
  const events: RunEvent[] = [];
  const handle = startRun({ doc, baseDir: process.cwd(), store, providerFactory: provider.factory, onEvent: (e) => events.push(e), ...extra });
  const summary = await handle.done;
  return { summary, events, runId: handle.runId };
}

export function memStore(): Store {
  return openStore(":memory:");
}

export function outputsOf(store: Store, runId: string, nodeId: string) {
  return store.runs.results({ runId, nodeId, limit: 10_000 }).rows;
}

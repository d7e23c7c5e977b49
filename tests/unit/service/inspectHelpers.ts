/** Shared set-up of the inspect/preview/compare service tests: the real engine against the fake OpenAI server. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createService, type Service } from "../../../src/main/service/createService";
import { openStore, type Store } from "../../../src/main/store";
import type { Params } from "../../../src/shared/contract";
import type { RunEvent } from "../../../src/shared/events";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { openaiMessages, startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { visualMathOracle } from "../../fakes/visualMathOracle";
import { templateDoc, TEMPLATES } from "./helpers";

export interface Env {
  store: Store;
  service: Service;
  fake: FakeServer;
  dbPath: string;
  close(): Promise<void>;
}

/** A service over a file database (so the CLI can read it too) and a fake server playing the visual-maths model. */
export async function startEnv(opts: { latencyMs?: number } = {}): Promise<Env> {
  const dir = mkdtempSync(join(tmpdir(), "cascade-inspect-"));
  const dbPath = join(dir, "cascade.db");
  const store = openStore(dbPath);
  const service = createService({ store, templatesDir: TEMPLATES, mode: "browser", env: {} });
  const fake = await startFakeOpenAI({ reply: visualMathOracle(), ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {}) });
  return {
    store,
    service,
    fake,
    dbPath,
    async close() {
      await service.close();
      store.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 }); // the writer thread closes its connection a moment later
    },
  };
}

/** A template pointed at the fake server. */
export function docAt(file: string, url: string): PipelineDoc {
  const doc = templateDoc(file);
  for (const name of Object.keys(doc.models)) doc.models[name] = { ...doc.models[name], baseUrl: url, apiKeyEnv: undefined };
  return doc;
}

/** Starts a run through the service and waits for its end. */
export async function runToEnd(env: Env, params: Params<"runs.start">): Promise<{ runId: string; end: RunEvent & { type: "run-finished" }; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  let runId = "";
  let resolveEnd: (e: RunEvent & { type: "run-finished" }) => void = () => {};
  const ended = new Promise<RunEvent & { type: "run-finished" }>((r) => (resolveEnd = r));
  const off = env.service.on("run-event", (e) => {
    events.push(e);
    if (e.type === "run-finished" && e.runId === runId) resolveEnd(e);
  });
  ({ runId } = await env.service.call("runs.start", params));
  const early = events.find((e): e is RunEvent & { type: "run-finished" } => e.type === "run-finished" && e.runId === runId);
  const end = early ?? (await ended);
  off();
  return { runId, end, events: events.filter((e) => e.runId === runId) };
}

/** The chat requests the fake received from `from` on, as neutral messages (text joined, images counted). */
export function chatRequests(fake: FakeServer, from = 0) {
  return fake.requests
    .filter((r) => r.method === "POST" && r.path.startsWith("/v1/chat/completions"))
    .slice(from)
    .map((r) => openaiMessages(r.body));
}

export function chatCount(fake: FakeServer): number {
  return chatRequests(fake).length;
}

/** The template with its extractor prompt always asked (no shortcut from the rules). */
export function alwaysExtract(doc: PipelineDoc): PipelineDoc {
  const copy = structuredClone(doc);
  const llm = copy.nodes.find((n) => n.id === "extract_llm")!;
  delete (llm.config as { shortcut?: string }).shortcut;
  copy.edges = copy.edges.filter((e) => !(e.target === "extract_llm" && e.targetPort === "given"));
  return copy;
}

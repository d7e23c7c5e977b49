/**
 * #20 items 2, 3, 7: parameters as the real APIs take them. OpenAI reasoning models get max_completion_tokens
 * and no non-default temperature/top_p (validation refuses them, naming the place); OpenAI-compatible local
 * servers keep max_tokens; Anthropic refuses temperature with top_p and temperature above 1; Ollama takes
 * num_ctx and keep_alive. The fakes enforce the real rules (tests/fakes/apiRules.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { createProvider } from "../../../src/main/providers/registry";
import { openStore } from "../../../src/main/store/store";
import { isReasoningModel, openAiTokenParam } from "../../../src/shared/pipeline/providerRules";
import type { ModelConfig, PipelineDoc } from "../../../src/shared/pipeline/schema";
import { parsePipeline } from "../../../src/shared/pipeline/validate";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeServer } from "../../fakes/fakeHttp";
import { startFakeOllama } from "../../fakes/ollamaServer";
import { startFakeOpenAI } from "../../fakes/openaiServer";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function onePrompt(model: ModelConfig, nodeParams?: Record<string, unknown>): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "one prompt",
    models: { m: model },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows: [{ id: "a", q: "2+2?" }] }, columns: [{ name: "q", type: "text" }], idColumn: "id" } },
      { id: "ask", kind: "prompt", position: pos, config: { model: "m", template: "Answer: {{q}}", ...(nodeParams ? { params: nodeParams } : {}) } },
    ],
    edges: [{ id: "e", source: "data", sourcePort: "q", target: "ask", targetPort: "q" }],
  };
}

const problemsOf = (doc: PipelineDoc) => parsePipeline(doc).problems.filter((p) => p.code === "unsupported-param");

describe("OpenAI parameter rules", () => {
  it("chooses the token field per endpoint and model, and lets the config say", () => {
    expect(openAiTokenParam({ provider: "openai", model: "gpt-4o" })).toBe("max_completion_tokens");
    expect(openAiTokenParam({ provider: "openai", model: "gpt-4o", baseUrl: "https://api.openai.com/v1" })).toBe("max_completion_tokens");
    expect(openAiTokenParam({ provider: "openai", model: "qwen2-vl-7b", baseUrl: "http://127.0.0.1:8000/v1" })).toBe("max_tokens");
    expect(openAiTokenParam({ provider: "openai", model: "o3-mini", baseUrl: "http://127.0.0.1:8000/v1" })).toBe("max_completion_tokens");
    expect(openAiTokenParam({ provider: "openai", model: "o3-mini", baseUrl: "http://127.0.0.1:8000/v1", tokenParam: "max_tokens" })).toBe("max_tokens");
    for (const m of ["o1", "o1-mini", "o3", "o3-mini", "o3-pro", "o4-mini", "gpt-5", "gpt-5-mini", "openai/o3-mini"]) expect(isReasoningModel({ provider: "openai", model: m })).toBe(true);
    for (const m of ["gpt-4o", "gpt-4.1-mini", "omni-7b", "qwen2.5-1.5b-instruct", "llama-o3"]) expect(isReasoningModel({ provider: "openai", model: m })).toBe(false);
    expect(isReasoningModel({ provider: "openai", model: "gpt-5-chat-latest", reasoning: false })).toBe(false);
  });

  it("validation refuses a non-default temperature/topP for a reasoning model, where it is set", () => {
    const atModel = problemsOf(onePrompt({ provider: "openai", model: "o3-mini", params: { temperature: 0.2 } }));
    expect(atModel).toEqual([
      expect.objectContaining({ path: "models.m.params.temperature", message: expect.stringMatching(/^temperature 0.2 is refused: model "m" \(o3-mini\) is a reasoning model: it accepts only the default 1/) }),
    ]);
    const atNode = problemsOf(onePrompt({ provider: "openai", model: "gpt-5" }, { topP: 0.9 }));
    expect(atNode).toEqual([expect.objectContaining({ path: "nodes[1].config.params.topP", nodeId: "ask" })]);
    expect(problemsOf(onePrompt({ provider: "openai", model: "o3-mini", params: { temperature: 1, maxTokens: 100 } }))).toEqual([]);
    expect(problemsOf(onePrompt({ provider: "openai", model: "o3-mini", reasoning: false, params: { temperature: 0.2 } }))).toEqual([]);
    expect(problemsOf(onePrompt({ provider: "openai", model: "gpt-4o", params: { temperature: 0.2, topP: 0.5 } }))).toEqual([]);
  });

  it("a single-prompt pipeline with o3-mini completes against a fake that enforces the real rules", async () => {
    const s = await startFakeOpenAI();
    servers.push(s);
    const doc = onePrompt({ provider: "openai", model: "o3-mini", baseUrl: s.url, params: { maxTokens: 200 } });
    expect(parsePipeline(doc).problems).toEqual([]);
    const store = openStore(":memory:");
    const { done, runId } = startRun({ doc, baseDir: process.cwd(), store, providerFactory: (_n, c) => createProvider(c, { retryBaseDelayMs: 1 }) });
    const summary = await done;
    expect(summary.status).toBe("done");
    expect(summary.totals).toMatchObject({ errors: 0, calls: 1 });
    expect(store.runs.results({ runId, nodeId: "ask", limit: 10 }).rows[0].status).toBe("done");
    store.close();
    expect(s.requests[0].body.max_completion_tokens).toBe(200);
    expect(s.requests[0].body.max_tokens).toBeUndefined();
  });

  it("the fake refuses max_tokens and temperature on o3-mini as the API does; a local server keeps max_tokens", async () => {
    const s = await startFakeOpenAI();
    servers.push(s);
    const chat = (config: Partial<ModelConfig>, params: Record<string, unknown>) =>
      createProvider({ provider: "openai", model: "o3-mini", baseUrl: s.url, maxRetries: 0, ...config }, { retryBaseDelayMs: 1 })
        .chat({ model: config.model ?? "o3-mini", messages: [{ role: "user", content: "x" }], params })
        .then(() => "ok", (e: Error) => e.message);
    expect(await chat({ tokenParam: "max_tokens" }, { maxTokens: 10 })).toMatch(/HTTP 400: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead./);
    expect(await chat({}, { temperature: 0.2 })).toMatch(/HTTP 400: Unsupported value: 'temperature' does not support 0.2/);
    expect(await chat({}, { maxTokens: 10, temperature: 1 })).toBe("ok");
    expect(await chat({ model: "qwen2-vl-7b" }, { maxTokens: 10, temperature: 0.2 })).toBe("ok");
    expect(s.requests.at(-1)!.body).toMatchObject({ max_tokens: 10, temperature: 0.2 });
  });
});

describe("Anthropic parameter rules", () => {
  it("validation refuses temperature with topP and temperature above 1", () => {
    const both = problemsOf(onePrompt({ provider: "anthropic", model: "claude-sonnet-4-5", params: { temperature: 0.5 } }, { topP: 0.9 }));
    expect(both).toEqual([expect.objectContaining({ path: "nodes[1].config.params.topP", message: 'Anthropic refuses temperature and topP together (model "m"): set only one' })]);
    const hot = problemsOf(onePrompt({ provider: "anthropic", model: "claude-sonnet-4-5", params: { temperature: 1.5 } }));
    expect(hot).toEqual([expect.objectContaining({ path: "models.m.params.temperature", message: expect.stringMatching(/outside Anthropic's range 0–1/) })]);
    expect(problemsOf(onePrompt({ provider: "anthropic", model: "claude-sonnet-4-5", params: { temperature: 1 } }))).toEqual([]);
  });

  it("the fake refuses both together, like the API", async () => {
    const s = await startFakeAnthropic();
    servers.push(s);
    const p = createProvider({ provider: "anthropic", model: "claude-fake-1", baseUrl: s.url }, { retryBaseDelayMs: 1 });
    const err = (await p.chat({ model: "claude-fake-1", messages: [{ role: "user", content: "x" }], params: { temperature: 0.5, topP: 0.9 } }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 400: `temperature` and `top_p` cannot both be specified/);
    expect(s.calls).toBe(1);
  });
});

describe("Ollama options", () => {
  it("sends num_ctx and keep_alive and reads done_reason", async () => {
    const s = await startFakeOllama({ reply: () => ({ text: "cut", stopReason: "length" }) });
    servers.push(s);
    const p = createProvider({ provider: "ollama", model: "llava:7b", baseUrl: s.url, keepAlive: "30m" }, { retryBaseDelayMs: 1 });
    const r = await p.chat({ model: "llava:7b", messages: [{ role: "user", content: "x" }], params: { numCtx: 8192, maxTokens: 5 } });
    expect(s.requests[0].body).toMatchObject({ keep_alive: "30m", options: { num_ctx: 8192, num_predict: 5 } });
    expect(r).toMatchObject({ stopReason: "length", truncated: true });
  });

  it("validation refuses numCtx for another provider and a keepAlive that is not a duration", () => {
    expect(problemsOf(onePrompt({ provider: "openai", model: "gpt-4o" }, { numCtx: 8192 }))).toEqual([expect.objectContaining({ path: "nodes[1].config.params.numCtx" })]);
    expect(problemsOf(onePrompt({ provider: "ollama", model: "llava:7b", params: { numCtx: 8192 } }))).toEqual([]);
    expect(parsePipeline(onePrompt({ provider: "ollama", model: "llava:7b", keepAlive: "soon" })).problems.map((p) => p.path)).toEqual(["models.m.keepAlive"]);
  });
});

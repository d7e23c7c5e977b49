/**
 * The pre-flight of batch: true models: a server that answers but has no batch API (an OpenAI-compatible
 * server with chat completions only) is named with what to do; a server with the API passes; models without
 * batch are not probed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { checkRunModels } from "../../src/main/engine/modelCheck";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { startFakeAnthropicBatch } from "../fakes/batch/anthropicBatchServer";
import { startFakeGeminiBatch } from "../fakes/batch/geminiBatchServer";
import { startFakeOpenAIBatch } from "../fakes/batch/openaiBatchServer";
import { cascadeDoc } from "./helpers";

const open: FakeServer[] = [];
afterEach(async () => {
  for (const f of open.splice(0)) await f.close();
});

function doc(provider: "openai" | "anthropic" | "gemini", url: string, batch: boolean): PipelineDoc {
  const d = cascadeDoc(url);
  d.models.m = { provider, model: "fake-model", baseUrl: url, ...(batch ? { batch: true } : {}) };
  return d;
}

describe("pre-flight of batch models", () => {
  it("says a chat-only OpenAI-compatible server has no batch API, and how to go on", async () => {
    const chatOnly = await startFakeOpenAI();
    open.push(chatOnly);
    const check = await checkRunModels(doc("openai", chatOnly.url, true), { baseDir: process.cwd() });
    expect(check.problems).toEqual([expect.objectContaining({ kind: "no-batch-api", where: chatOnly.url, models: ["m"] })]);
    expect(check.message).toContain(`model "m" has batch: true, but GET ${chatOnly.url}/batches answered 404: the server has no batch API`);
    expect(check.message).toContain("--set models.m.batch=false");
    // The same server passes for a live model: nothing probes its batch route.
    const before = chatOnly.requests.length;
    expect((await checkRunModels(doc("openai", chatOnly.url, false), { baseDir: process.cwd() })).problems).toEqual([]);
    expect(chatOnly.requests.length).toBe(before);
  });

  it.each([
    ["openai", startFakeOpenAIBatch],
    ["anthropic", startFakeAnthropicBatch],
    ["gemini", startFakeGeminiBatch],
  ] as const)("passes a %s server that has the batch API", async (provider, start) => {
    const fake = await start({});
    open.push(fake);
    const check = await checkRunModels(doc(provider, fake.url, true), { baseDir: process.cwd() });
    expect(check.problems).toEqual([]);
    expect(fake.requests.some((r) => r.method === "GET" && /batches/.test(r.path))).toBe(true);
  });
});

/**
 * The embedded llama.cpp provider, run for real on a tiny random-weight GGUF written by
 * tests/fixtures/make-tiny-gguf.ts (gibberish text, but real tokenization, templates and sampling).
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelConfig } from "../../../src/shared/pipeline/schema";
import { createLlamaCppProvider } from "../../../src/main/providers/llamaCpp";
import { llamaCppModelStats } from "../../../src/main/providers/llamaCppRuntime";
import { ProviderError, type Provider, type ProviderMessage } from "../../../src/main/providers/types";
import { TINY_GGUF_DEFAULT_PATH, writeTinyGguf } from "../../fixtures/make-tiny-gguf";
import { withoutNodeLlamaCpp } from "../../fixtures/nodeLlamaCppPresent";

const modelPath = TINY_GGUF_DEFAULT_PATH;
const config = (over: Partial<ModelConfig> = {}): ModelConfig => ({ provider: "llama-cpp", model: modelPath, threads: 1, ...over });
const ask = (text: string): ProviderMessage[] => [
  { role: "system", content: "You answer in one word." },
  { role: "user", content: text },
];

const providers: Provider[] = [];
function provider(c: ModelConfig = config(), baseDir?: string): Provider {
  const p = createLlamaCppProvider(c, { baseDir });
  providers.push(p);
  return p;
}

beforeAll(() => {
  // always rewritten (a few ms, atomic rename) so a changed generator never leaves a stale model behind
  writeTinyGguf(modelPath);
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.close?.()));
});

describe.skipIf(withoutNodeLlamaCpp("the embedded provider on a tiny GGUF"))("llama-cpp provider on a tiny GGUF", () => {
  it("answers with text, streams tokens and counts usage", async () => {
    const p = provider();
    const pieces: string[] = [];
    const reply = await p.chat({ model: modelPath, messages: ask("what is the answer?"), params: { maxTokens: 8, temperature: 0 }, onToken: (t) => pieces.push(t) });
    expect(reply.text.trim().length).toBeGreaterThan(0);
    expect(pieces.join("")).toBe(reply.text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(reply.usage?.outputTokens).toBeGreaterThan(0);
    expect(reply.usage?.outputTokens).toBeLessThanOrEqual(8);
    // system + user turn in ChatML: well above the handful of words in them
    expect(reply.usage?.inputTokens).toBeGreaterThan(10);
    expect(reply.retries).toBe(0);
    expect(reply.model).toBe("tiny.gguf");
    expect(p.kind).toBe("llama-cpp");
    expect(p.endpoint).toBe(`file://${modelPath}`);
  });

  it("marks a reply cut off by maxTokens truncated (stopReason maxTokens)", async () => {
    const p = provider();
    const reply = await p.chat({ model: modelPath, messages: ask("tell me a long story"), params: { maxTokens: 2, temperature: 0 } });
    expect(reply).toMatchObject({ stopReason: "maxTokens", truncated: true });
    expect(reply.usage?.outputTokens).toBeLessThanOrEqual(2);
  });

  it("is deterministic at temperature 0 and uses the earlier turns of a conversation", async () => {
    const p = provider();
    const params = { maxTokens: 6, temperature: 0 };
    const a = await p.chat({ model: modelPath, messages: ask("hello"), params });
    const b = await p.chat({ model: modelPath, messages: ask("hello"), params });
    expect(b.text).toBe(a.text);
    expect(b.usage).toEqual(a.usage);
    const longer: ProviderMessage[] = [
      { role: "system", content: "You answer in one word." },
      { role: "user", content: "hello" },
      { role: "assistant", content: "the cat is red" },
      { role: "user", content: "hello" },
    ];
    const c = await p.chat({ model: modelPath, messages: longer, params });
    expect(c.usage!.inputTokens).toBeGreaterThan(a.usage!.inputTokens + 5);
  });

  it("shares one loaded model between providers for the same GGUF, including a relative path", async () => {
    const before = llamaCppModelStats(realpathSync(modelPath)).loads;
    const first = provider();
    // two threads here only: with more busy threads than free cores llama.cpp slows down a lot
    const second = provider(config({ model: basename(modelPath), threads: 2 }), dirname(modelPath));
    const [x, y] = await Promise.all([
      first.chat({ model: modelPath, messages: ask("red"), params: { maxTokens: 4, temperature: 0 } }),
      second.chat({ model: basename(modelPath), messages: ask("red"), params: { maxTokens: 4, temperature: 0 } }),
    ]);
    expect(x.text).toBe(y.text);
    const stats = llamaCppModelStats(realpathSync(modelPath));
    expect(stats.loads).toBe(Math.max(before, 1));
    expect(stats.refs).toBeGreaterThanOrEqual(2);
  });

  it("stops at a stop string, and honours maxTokens", async () => {
    const p = provider();
    const free = await p.chat({ model: modelPath, messages: ask("dog"), params: { maxTokens: 12, temperature: 0 } });
    const words = free.text.trim().split(/\s+/);
    expect(words.length).toBeGreaterThan(1);
    const stop = words[1];
    const stopped = await p.chat({ model: modelPath, messages: ask("dog"), params: { maxTokens: 12, temperature: 0, stop: [stop] } });
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
    expect(stopped.text).not.toContain(stop);
  });

  it("constrains the reply to JSON with params.json (llama.cpp's JSON grammar)", async () => {
    const p = provider();
    const plain = await p.chat({ model: modelPath, messages: ask("json"), params: { maxTokens: 6, temperature: 0 } });
    expect(plain.text.trimStart().startsWith("{")).toBe(false);
    const json = await p.chat({ model: modelPath, messages: ask("json"), params: { maxTokens: 6, temperature: 0, json: true } });
    expect(json.text.trimStart().startsWith("{")).toBe(true);
  });

  it("refuses images with a message saying it is text-only", async () => {
    const p = provider();
    const messages: ProviderMessage[] = [{ role: "user", content: "what is this?", images: [{ mime: "image/png", data: "iVBORw0KGgo=", hash: "00" }] }];
    const err = await p.chat({ model: modelPath, messages, params: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toMatch(/text-only: this call sends 1 image\(s\).*multimodal server/);
  });

  it("names the missing GGUF file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llamacpp-missing-"));
    try {
      const p = provider(config({ model: "models/nothing.gguf" }), dir);
      const err = await p.chat({ model: "models/nothing.gguf", messages: ask("hi"), params: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as Error).message).toBe(`llama-cpp: GGUF model file not found: ${join(dir, "models/nothing.gguf")} (model "models/nothing.gguf")`);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });

  it("reports a file that is not a GGUF as a load error naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llamacpp-bad-"));
    try {
      const bad = join(dir, "broken.gguf");
      writeFileSync(bad, "this is not a gguf file");
      const p = provider(config({ model: bad }));
      const err = await p.chat({ model: bad, messages: ask("hi"), params: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as Error).message).toContain(`could not load GGUF model ${realpathSync(bad)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });

  it("stops generating when the signal aborts, with an AbortError", async () => {
    const p = provider();
    const controller = new AbortController();
    let pieces = 0;
    const started = Date.now();
    const err = await p
      .chat({
        model: modelPath,
        messages: ask("tell a long story"),
        params: { maxTokens: 400, temperature: 0 },
        signal: controller.signal,
        onToken: () => {
          if (++pieces === 3) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(pieces).toBeLessThan(20);
    expect(Date.now() - started).toBeLessThan(5000);
    // the provider still works afterwards: the aborted sequence went back to the pool
    const after = await p.chat({ model: modelPath, messages: ask("hello"), params: { maxTokens: 3, temperature: 0 } });
    expect(after.text.length).toBeGreaterThan(0);
  });

  it("queues chats beyond its sequences and answers them all", async () => {
    const p = provider(config({ concurrency: 2 }));
    const replies = await Promise.all(
      ["a", "b", "c", "d", "e"].map((w) => p.chat({ model: modelPath, messages: ask(w), params: { maxTokens: 3, temperature: 0 } })),
    );
    for (const r of replies) expect(r.text.length).toBeGreaterThan(0);
  });

  it("aborts a chat still waiting for a free sequence without disturbing the running one", async () => {
    const p = provider(config({ concurrency: 1 }));
    const controller = new AbortController();
    let runningDone = false;
    let streaming!: () => void;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    // Queue the second chat only once the first one streams, so the one sequence is surely busy.
    const running = p
      .chat({ model: modelPath, messages: ask("long"), params: { maxTokens: 40, temperature: 0 }, onToken: () => streaming() })
      .finally(() => (runningDone = true));
    await started;
    const waiting = p.chat({ model: modelPath, messages: ask("short"), params: { maxTokens: 2 }, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await waiting) as Error).name).toBe("AbortError");
    expect(runningDone).toBe(false);
    expect((await running).usage?.outputTokens).toBe(40);
  });

  it("lists the GGUF files of the model's folder", async () => {
    const p = provider(config({ model: basename(modelPath) }), dirname(modelPath));
    const models = await p.listModels();
    expect(models.map((m) => m.id)).toContain("tiny.gguf");
    expect(models.find((m) => m.id === "tiny.gguf")?.description).toMatch(/^GGUF, \d+\.\d MB$/);
  });

  it("releases the model when the last provider closes", async () => {
    const real = realpathSync(modelPath);
    const p = createLlamaCppProvider(config());
    await p.chat({ model: modelPath, messages: ask("hi"), params: { maxTokens: 2 } });
    await Promise.all(providers.splice(0).map((q) => q.close?.()));
    expect(llamaCppModelStats(real).refs).toBe(1);
    await p.close?.();
    expect(llamaCppModelStats(real).refs).toBe(0);
    await expect(p.chat({ model: modelPath, messages: ask("hi"), params: {} })).rejects.toThrow(/was closed/);
  });
});

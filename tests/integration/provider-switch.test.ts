/**
 * The Cas-SEAT template is switched between providers by --set alone: `cascade run templates/cas-seat.json`
 * (in process) once per provider — OpenAI-compatible, Ollama, Anthropic and Gemini against their fake servers,
 * and the embedded llama.cpp on a tiny random GGUF for the text-only extractor — each run completing with
 * results. On the embedded engine the image-reading reasoner fails on every item with the clear text-only
 * error, while switching only the extractor works.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { openStore } from "../../src/main/store/store";
import type { ProviderKind } from "../../src/shared/pipeline/schema";
import { startFakeAnthropic } from "../fakes/anthropicServer";
import type { FakeServer, RecordedRequest } from "../fakes/fakeHttp";
import { startFakeGemini } from "../fakes/geminiServer";
import { startFakeOllama } from "../fakes/ollamaServer";
import { startFakeOpenAI } from "../fakes/openaiServer";
import { TINY_SHAPE, writeTinyGguf } from "../fixtures/make-tiny-gguf";
import { withoutNodeLlamaCpp } from "../fixtures/nodeLlamaCppPresent";

const template = resolve("templates/cas-seat.json");
const dir = mkdtempSync(join(tmpdir(), "cascade-switch-"));
const gguf = join(dir, "tiny-2k.gguf");
const KEY_ENV = "CASCADE_SWITCH_TEST_KEY";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

/** --set flags that put one of the template's models on a provider. */
function switchTo(model: "reasoner" | "extractor", provider: ProviderKind, name: string, baseUrl?: string): string[] {
  const sets = [`models.${model}.provider=${provider}`, `models.${model}.model=${name}`];
  if (baseUrl) sets.push(`models.${model}.baseUrl=${baseUrl}`, `models.${model}.apiKeyEnv=${KEY_ENV}`);
  return sets.flatMap((s) => ["--set", s]);
}

interface Remote {
  start: () => Promise<FakeServer>;
  vision: string;
  small: string;
  isChat: (r: RecordedRequest) => boolean;
  /** Images in a chat request body, counted the provider's way. */
  images: (body: any) => number;
}

const REMOTES: Record<"openai" | "ollama" | "anthropic" | "gemini", Remote> = {
  openai: {
    start: () => startFakeOpenAI(),
    vision: "qwen2-vl-7b-instruct",
    small: "qwen2.5-1.5b-instruct",
    isChat: (r) => r.path === "/v1/chat/completions",
    images: (b) => b.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).filter((p: any) => p.type === "image_url").length,
  },
  ollama: {
    start: () => startFakeOllama(),
    vision: "llava:7b",
    small: "qwen2.5:1.5b",
    isChat: (r) => r.path === "/api/chat",
    images: (b) => b.messages.reduce((n: number, m: any) => n + (m.images?.length ?? 0), 0),
  },
  anthropic: {
    start: () => startFakeAnthropic(),
    vision: "claude-3-5-sonnet-latest",
    small: "claude-3-5-haiku-latest",
    isChat: (r) => r.path === "/v1/messages",
    images: (b) => b.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).filter((p: any) => p.type === "image").length,
  },
  gemini: {
    start: () => startFakeGemini(),
    vision: "gemini-2.0-flash",
    small: "gemini-2.0-flash-lite",
    isChat: (r) => r.method === "POST" && r.path.includes(":streamGenerateContent"),
    images: (b) => b.contents.flatMap((c: any) => c.parts).filter((p: any) => p.inline_data).length,
  },
};

function report(io: { stdout: string[] }) {
  return JSON.parse(io.stdout.join("")) as { runId: string; status: string; items: number; errors: number; itemsFailed: number; error?: string; calls: number; nodes: Record<string, { calls: number }> };
}

function results(db: string, runId: string, nodeId: string) {
  const store = openStore(db);
  try {
    return store.runs.results({ runId, nodeId, limit: 1000 }).rows;
  } finally {
    store.close();
  }
}

beforeAll(() => {
  // The tiny model's own 512-token context is too short for the extractor's prompt: same weights shape, 2k context.
  writeTinyGguf(gguf, { ...TINY_SHAPE, context: 2048 });
  process.env[KEY_ENV] = "sk-switch-test";
});
afterAll(() => {
  delete process.env[KEY_ENV];
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("Cas-SEAT switched between providers by --set alone", () => {
  it.each(Object.keys(REMOTES) as (keyof typeof REMOTES)[])("%s: both models on the provider, complete with results", async (provider) => {
    const remote = REMOTES[provider];
    const server = await remote.start();
    try {
      const db = join(dir, `${provider}.db`);
      const args = ["run", template, ...switchTo("reasoner", provider, remote.vision, server.url), ...switchTo("extractor", provider, remote.small, server.url), "--db", db, "--json"];
      const io = capture();
      expect(await main(args, io), io.stderr.join("\n")).toBe(0);
      const r = report(io);
      expect(r).toMatchObject({ status: "done", errors: 0 });
      expect(r.items).toBe(18);
      for (const node of ["reason", "selfeval", "extract_llm", "score"]) {
        const rows = results(db, r.runId, node);
        expect(rows, node).toHaveLength(18);
        expect(rows.every((row) => row.status === "done" || row.status === "cached")).toBe(true);
      }
      expect(results(db, r.runId, "extract_llm").every((row) => String(row.output?.text ?? "").length > 0)).toBe(true);
      // Every call went to this provider's own endpoint in its own format; the reasoner's carried the image.
      const chats = server.requests.filter(remote.isChat);
      expect(chats.length).toBe(r.calls);
      const models = new Set(chats.map((c) => c.body.model ?? decodeURIComponent(c.path.split("/models/")[1]?.split(":")[0] ?? "")));
      expect([...models].sort()).toEqual([remote.small, remote.vision].sort());
      const withImages = chats.filter((c) => remote.images(c.body) > 0);
      expect(withImages.length).toBe(r.nodes.reason.calls + r.nodes.selfeval.calls);
      expect(chats.length - withImages.length).toBe(r.nodes.extract_llm.calls);
    } finally {
      await server.close();
    }
  });

  it.skipIf(withoutNodeLlamaCpp("the provider switch to llama-cpp"))("llama-cpp: the extractor alone on the tiny GGUF completes; the image-reading reasoner is refused clearly on every item", async () => {
    const server = await startFakeOpenAI();
    try {
      const db = join(dir, "llama.db");
      const onlyExtractor = capture();
      const args = ["run", template, "--limit", "3", "--set", `models.reasoner.baseUrl=${server.url}`, "--set", `models.reasoner.apiKeyEnv=${KEY_ENV}`, ...switchTo("extractor", "llama-cpp", gguf), "--db", db, "--json"];
      expect(await main(args, onlyExtractor), onlyExtractor.stderr.join("\n")).toBe(0);
      const ok = report(onlyExtractor);
      expect(ok).toMatchObject({ status: "done", items: 3, errors: 0 });
      const extracted = results(db, ok.runId, "extract_llm");
      expect(extracted).toHaveLength(3);
      for (const row of extracted) {
        expect(["done", "cached"]).toContain(row.status); // items whose extractor prompt is the same share one call
        expect(String(row.output?.text ?? "").length).toBeGreaterThan(0);
      }
      expect(server.requests.filter((r) => r.path === "/v1/chat/completions").every((r) => r.body.model === "qwen2-vl-7b-instruct")).toBe(true);

      const both = capture();
      const allLocal = ["run", template, "--limit", "3", ...switchTo("reasoner", "llama-cpp", gguf), ...switchTo("extractor", "llama-cpp", gguf), "--db", db, "--json"];
      expect(await main(allLocal, both)).toBe(1); // every item failed: the run failed
      const failed = report(both);
      expect(failed).toMatchObject({ status: "failed", items: 3, itemsFailed: 3, errors: 3 });
      expect(failed.error).toMatch(/^every item failed \(3 of 3\); the first: reason, item .*: the embedded llama\.cpp provider is text-only/);
      const reasoned = results(db, failed.runId, "reason");
      expect(reasoned).toHaveLength(3);
      for (const row of reasoned) {
        expect(row.status).toBe("failed");
        expect(row.error).toMatch(/the embedded llama\.cpp provider is text-only: this call sends 1 image\(s\); use a multimodal server/);
      }
      expect(results(db, failed.runId, "extract_llm").every((row) => row.status === "skipped")).toBe(true);
    } finally {
      await server.close();
    }
  });
});

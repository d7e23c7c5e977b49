/**
 * Local server discovery against fake servers on random ports, the pre-flight check and its advice, and the
 * default-model fetch failing clearly without internet (the hub is a closed port on 127.0.0.1; nothing leaves
 * this machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { candidatesOnPorts, discoverServers, type ServerCandidate } from "../../../src/main/providers/discovery";
import { describeFetchFailure, ggufFilesIn, ModelFetcher, DEFAULT_MODEL_URI } from "../../../src/main/providers/modelFetch";
import { checkableModelIds, listsModel, preflight, preflightAdvice, tcpReason } from "../../../src/main/providers/preflight";
import type { ModelConfig } from "../../../src/shared/pipeline/schema";
import { startFakeOllama } from "../../fakes/ollamaServer";
import { startFakeOpenAI } from "../../fakes/openaiServer";
import type { FakeServer } from "../../fakes/fakeHttp";
import { withoutNodeLlamaCpp } from "../../fixtures/nodeLlamaCppPresent";
import { NOT_INSTALLED } from "../../../src/main/providers/nodeLlamaCpp";

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const dir = mkdtempSync(join(tmpdir(), "cascade-discovery-"));
let ollama: FakeServer;
let vllm: FakeServer;
let dead: number;

beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["llava:7b", "qwen2.5:0.5b"] });
  vllm = await startFakeOpenAI({ models: ["Qwen/Qwen2-VL-7B-Instruct"] });
  dead = await closedPort();
});
afterAll(async () => {
  await Promise.all([ollama.close(), vllm.close()]);
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("discovery", () => {
  it("lists the servers that answer with their models; a closed port is simply absent", async () => {
    const candidates: ServerCandidate[] = [
      { name: "Ollama", provider: "ollama", baseUrl: ollama.url },
      { name: "llama.cpp server", provider: "openai", baseUrl: `http://127.0.0.1:${dead}/v1` },
      { name: "vLLM", provider: "openai", baseUrl: vllm.url },
    ];
    const found = await discoverServers({ candidates, timeoutMs: 500 });
    expect(found.map((f) => [f.name, f.provider, f.baseUrl, f.models])).toEqual([
      ["Ollama", "ollama", ollama.url, ["llava:7b", "qwen2.5:0.5b"]],
      ["vLLM", "openai", vllm.url, ["Qwen/Qwen2-VL-7B-Instruct"]],
    ]);
    expect(ollama.requests.some((r) => r.path === "/api/tags")).toBe(true);
    expect(vllm.requests.some((r) => r.path === "/v1/models")).toBe(true);
  });

  it("on an extra port, tells Ollama from an OpenAI-compatible server; a server that does not answer in time is skipped", async () => {
    const found = await discoverServers({ candidates: candidatesOnPorts([ollama.port, vllm.port, dead]), timeoutMs: 500 });
    expect(found.map((f) => [f.provider, f.baseUrl])).toEqual([
      ["ollama", ollama.url],
      ["openai", vllm.url],
    ]);
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const started = Date.now();
      expect(await discoverServers({ candidates: [{ name: "x", provider: "openai", baseUrl: `http://127.0.0.1:${port}/v1` }], timeoutMs: 200 })).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });
});

describe("pre-flight", () => {
  const models: Record<string, ModelConfig> = {
    reasoner: { provider: "openai", model: "qwen2-vl", baseUrl: `http://127.0.0.1:${0}/v1` },
    extractor: { provider: "openai", model: "qwen2.5", baseUrl: "" },
    local: { provider: "ollama", model: "llava:7b" },
    tiny: { provider: "llama-cpp", model: "models/missing.gguf" },
  };

  it("TCP check: refused, answering", async () => {
    expect(await tcpReason(`http://127.0.0.1:${dead}/v1`)).toBe("connection refused");
    expect(await tcpReason(vllm.url)).toBeNull();
  });

  it("names each endpoint that does not answer with the models using it, and each missing GGUF", async () => {
    const m = {
      ...models,
      reasoner: { ...models.reasoner, baseUrl: `http://127.0.0.1:${dead}/v1` },
      extractor: { ...models.extractor, baseUrl: `http://127.0.0.1:${dead}/v1/` },
      local: { ...models.local, baseUrl: ollama.url },
    };
    const engineInstalled = async () => true;
    const problems = await preflight(m, ["reasoner", "extractor", "local", "tiny"], { baseDir: dir, engineInstalled });
    expect(problems).toEqual([
      { kind: "no-model-file", where: join(dir, "models/missing.gguf"), models: ["tiny"], reason: "file not found" },
      { kind: "no-server", where: `http://127.0.0.1:${dead}/v1`, models: ["reasoner", "extractor"], reason: "connection refused" },
    ]);
    // models the run does not use are not checked
    expect(await preflight(m, ["local"], { baseDir: dir })).toEqual([]);
    writeFileSync(join(dir, "tiny.gguf"), "GGUF");
    expect(await preflight({ tiny: { provider: "llama-cpp", model: "tiny.gguf" } }, ["tiny"], { baseDir: dir, engineInstalled })).toEqual([]);
  });

  it("embedded models without node-llama-cpp installed: one problem naming them, and advice saying how to install it", async () => {
    writeFileSync(join(dir, "tiny.gguf"), "GGUF");
    const m: Record<string, ModelConfig> = { b: { provider: "llama-cpp", model: "tiny.gguf" }, a: { provider: "llama-cpp", model: "tiny.gguf" }, local: { ...models.local, baseUrl: ollama.url } };
    const problems = await preflight(m, ["a", "b", "local"], { baseDir: dir, engineInstalled: async () => false });
    expect(problems).toEqual([{ kind: "no-engine", where: "node-llama-cpp", models: ["a", "b"], reason: NOT_INSTALLED }]);
    expect(preflightAdvice(problems, [])).toContain(`models "a", "b": ${NOT_INSTALLED}`);
    // no embedded model, no question asked
    expect(await preflight(m, ["local"], { baseDir: dir, engineInstalled: async () => false })).toEqual([]);
  });

  it("the advice says what does not answer, how to use the embedded engine, and which servers were found", async () => {
    const url = `http://127.0.0.1:${dead}/v1`;
    const problems = [{ kind: "no-server" as const, where: url, models: ["reasoner"], reason: "connection refused" }];
    const none = preflightAdvice(problems, []);
    expect(none).toContain(`no model server answers at ${url} (model "reasoner"): connection refused.`);
    expect(none).toContain("--set models.reasoner.provider=llama-cpp --set models.reasoner.model=/path/to/model.gguf");
    expect(none).toMatch(/servers found on this machine: none/);
    const found = await discoverServers({ candidates: [{ name: "Ollama", provider: "ollama", baseUrl: ollama.url }] });
    const some = preflightAdvice(problems, found);
    expect(some).toContain(`Ollama at ${ollama.url}: llava:7b, qwen2.5:0.5b`);
    expect(some).toContain(`--set models.reasoner.provider=ollama --set models.reasoner.baseUrl=${ollama.url} --set models.reasoner.model=llava:7b`);
  });

  it("with listModels, a server that answers but does not list the model is a problem (spellings of Ollama and Gemini match)", async () => {
    const m: Record<string, ModelConfig> = {
      a: { provider: "ollama", model: "llava", baseUrl: ollama.url },
      b: { provider: "ollama", model: "phi3", baseUrl: ollama.url },
      c: { provider: "ollama", model: "phi3", baseUrl: ollama.url },
    };
    const asked: string[] = [];
    const listModels = async (name: string) => (asked.push(name), ["llava:latest", "qwen2.5:0.5b"]);
    const problems = await preflight(m, ["a", "b", "c"], { baseDir: dir, listModels });
    expect(asked).toEqual(["a"]); // once per endpoint
    expect(problems).toEqual([{ kind: "no-model", where: ollama.url, models: ["b", "c"], model: "phi3", available: ["llava:latest", "qwen2.5:0.5b"], reason: 'it does not list "phi3"' }]);
    // a server that cannot say (null) or lists nothing is not blamed
    expect(await preflight(m, ["b"], { baseDir: dir, listModels: async () => null })).toEqual([]);
    expect(await preflight(m, ["b"], { baseDir: dir, listModels: async () => [] })).toEqual([]);
    expect(listsModel(["models/gemini-2.0-flash"], "gemini-2.0-flash")).toBe(true);
    expect(listsModel(["llava:7b"], "llava")).toBe(false);
    // lists that cannot tell: Anthropic (aliases are not listed), a llama.cpp server with one model (serves any name)
    expect(checkableModelIds({ provider: "anthropic", model: "claude-x-latest" }, [{ id: "claude-x-20250101" }])).toBeNull();
    expect(checkableModelIds({ provider: "openai", model: "qwen" }, [{ id: "/m/qwen.gguf", description: "owned by llamacpp" }])).toBeNull();
    expect(checkableModelIds({ provider: "openai", model: "qwen" }, [{ id: "a" }, { id: "b" }])).toEqual(["a", "b"]);
    const cli = preflightAdvice(problems, []);
    expect(cli).toContain(`the server at ${ollama.url} answers but has no model "phi3" (models "b", "c"); it lists llava:latest, qwen2.5:0.5b.`);
    expect(cli).toContain("--set models.b.model=<name>");
    expect(preflightAdvice(problems, [], "app")).toContain('pick one it has for models "b", "c" in the Models tab');
  });
});

describe("fetching the default model", () => {
  it("without internet fails at once with a clear message and the other options (real resolver never reached)", async () => {
    const hubUrl = `http://127.0.0.1:${dead}/`;
    let resolverCalled = false;
    const fetcher = new ModelFetcher({
      directory: join(dir, "models"),
      hubUrl,
      resolver: async () => {
        resolverCalled = true;
        return "";
      },
    });
    expect(fetcher.start().state).toBe("running");
    const status = await fetcher.done();
    expect(resolverCalled).toBe(false);
    expect(status.state).toBe("failed");
    expect(status.uri).toBe(DEFAULT_MODEL_URI);
    expect(status.error).toMatch(new RegExp(`cannot download hf:Qwen/.*: 127\\.0\\.0\\.1:${dead} cannot be reached \\(ECONNREFUSED\\) — this machine seems to have no internet connection`));
    expect(status.error).toMatch(/pick a GGUF file on disk/);
    expect(status.error).toMatch(/start a local server \(Ollama, llama\.cpp server, vLLM, LM Studio\)/);
  });

  it("a resolver failing on DNS gives the same clear message; progress is readable while it runs; success gives the path", async () => {
    expect(describeFetchFailure(Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } }), "hf:a/b/c.gguf", "https://huggingface.co/")).toMatch(
      /huggingface\.co cannot be reached \(ENOTFOUND\) — this machine seems to have no internet connection/,
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const target = join(dir, "fetched.gguf");
    writeFileSync(target, Buffer.alloc(1234));
    const fetcher = new ModelFetcher({
      directory: dir,
      reachHub: async () => null,
      resolver: async (uri, options) => {
        expect(uri).toBe("hf:x/y/z.gguf");
        expect(options).toMatchObject({ directory: dir, cli: false });
        options.onProgress?.({ totalSize: 1234, downloadedSize: 600 });
        await gate;
        return target;
      },
    });
    fetcher.start("hf:x/y/z.gguf");
    await new Promise((r) => setTimeout(r, 10));
    expect(fetcher.status()).toMatchObject({ state: "running", downloadedBytes: 600, totalBytes: 1234 });
    expect(fetcher.start().state).toBe("running"); // a second start joins the running fetch
    release();
    expect(await fetcher.done()).toMatchObject({ state: "done", path: target, downloadedBytes: 1234, totalBytes: 1234 });
    expect((await ggufFilesIn(dir)).map((f) => f.path)).toContain(target);
  });

  it.skipIf(withoutNodeLlamaCpp("the default-model download through node-llama-cpp's resolver"))("node-llama-cpp's own resolver downloads the default model from a hub (here on 127.0.0.1), path and size reported", async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    const seen: string[] = [];
    const hub = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (!req.url?.startsWith("/Qwen/")) return void res.writeHead(404).end();
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : body.length - 1;
      res.writeHead(range ? 206 : 200, {
        "content-length": end - start + 1,
        "accept-ranges": "bytes",
        "content-type": "application/octet-stream",
        ...(range ? { "content-range": `bytes ${start}-${end}/${body.length}` } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body.subarray(start, end + 1));
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    try {
      const port = (hub.address() as { port: number }).port;
      const fetcher = new ModelFetcher({ directory: join(dir, "hub-models"), hubUrl: `http://127.0.0.1:${port}/` });
      fetcher.start();
      const status = await fetcher.done();
      expect(status).toMatchObject({ state: "done", downloadedBytes: body.length, totalBytes: body.length });
      expect(status.path).toBe(join(dir, "hub-models", "hf_Qwen_qwen2.5-0.5b-instruct-q4_k_m.gguf"));
      expect(seen).toContain("GET /Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf?download=true");
    } finally {
      hub.closeAllConnections();
      hub.close();
    }
  });
});

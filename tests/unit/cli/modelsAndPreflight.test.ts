/** `cascade run` stops with one clear message when no model server answers; `cascade models` lists what is there. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/main/cli/command";
import { main } from "../../../src/main/cli/main";
import { openStore } from "../../../src/main/store/store";
import type { FakeServer } from "../../fakes/fakeHttp";
import { startFakeOllama } from "../../fakes/ollamaServer";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const template = resolve("templates/cas-seat.json");
const dir = mkdtempSync(join(tmpdir(), "cascade-cli-models-"));
let ollama: FakeServer;
let dead: number;

beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["llava:7b"] });
  dead = await closedPort();
});
afterAll(async () => {
  await ollama.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade run pre-flight", () => {
  it("says in one place that no server answers, how to switch to the embedded engine, and records no run", async () => {
    const url = `http://127.0.0.1:${dead}/v1`;
    const db = join(dir, "pre.db");
    const io = capture();
    const code = await main(["run", template, "--set", `models.reasoner.baseUrl=${url}`, "--set", `models.extractor.baseUrl=${url}`, "--db", db], io);
    expect(code).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    const message = io.stderr[0];
    expect(message).toMatch(new RegExp(`^cascade run: no model server answers at http://127\\.0\\.0\\.1:${dead}/v1 \\(models "(reasoner", "extractor|extractor", "reasoner)"\\): connection refused\\.`));
    expect(message).toContain("--set models.reasoner.provider=llama-cpp --set models.reasoner.model=/path/to/model.gguf");
    expect(message).toContain("--set models.extractor.provider=llama-cpp --set models.extractor.model=/path/to/model.gguf");
    expect(message).toMatch(/servers found on this machine: /);
    expect(message).toContain("--no-check skips this check");
    expect(existsSync(db)).toBe(false);
  });

  it("a missing GGUF for the embedded engine is named before the run starts", async () => {
    const io = capture();
    const code = await main(["run", template, "--set", "models.extractor.provider=llama-cpp", "--set", "models.extractor.model=nowhere/model.gguf", "--set", `models.reasoner.baseUrl=${ollama.url}`, "--db", join(dir, "gguf.db")], io);
    expect(code).toBe(1);
    expect(io.stderr[0]).toContain(`the GGUF file ${join(resolve("templates"), "nowhere/model.gguf")} (model "extractor") does not exist`);
  });
});

describe("cascade models", () => {
  it("--port probes a server and lists its models with the --set flags; the embedded option is always listed", async () => {
    const db = join(dir, "models.db");
    const store = openStore(db);
    store.settings.set("models", { vision: { provider: "ollama", model: "llava:7b", baseUrl: ollama.url } });
    store.close();
    const json = capture();
    expect(await main(["models", "--port", String(ollama.port), "--port", String(dead), "--db", db, "--json"], json)).toBe(0);
    const report = JSON.parse(json.stdout.join(""));
    expect(report.saved).toEqual([{ name: "vision", provider: "ollama", model: "llava:7b", baseUrl: ollama.url }]);
    expect(report.probed).toBe(true);
    expect(report.servers).toEqual([expect.objectContaining({ provider: "ollama", baseUrl: ollama.url, models: ["llava:7b"] })]);
    expect(report.embedded.defaultModelUri).toMatch(/^hf:Qwen\/Qwen2\.5-0\.5B-Instruct-GGUF\//);
    const text = capture();
    expect(await main(["models", "--port", String(ollama.port), "--db", db], text)).toBe(0);
    const out = text.stdout.join("\n");
    expect(out).toContain(`Ollama on port ${ollama.port} at ${ollama.url}: llava:7b`);
    expect(out).toContain(`--set models.NAME.provider=ollama --set models.NAME.baseUrl=${ollama.url} --set models.NAME.model=llava:7b`);
    expect(out).toContain("--set models.NAME.provider=llama-cpp --set models.NAME.model=/path/to/model.gguf");
    const plain = capture();
    expect(await main(["models", "--db", db], plain)).toBe(0);
    expect(plain.stdout.join("\n")).toMatch(/Local servers: not probed \(--probe looks for Ollama http:\/\/127\.0\.0\.1:11434/);
    expect(await main(["models", "--port", "x"], capture())).toBe(2);
  });
});

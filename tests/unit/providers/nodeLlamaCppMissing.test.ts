/**
 * node-llama-cpp is optional: without it (here hidden from module resolution by tests/fixtures/hideNodeLlamaCpp.mjs,
 * as `npm uninstall --no-save node-llama-cpp` leaves it out) everything else loads, and a call to the embedded provider fails
 * with a message that says how to install the package, not a module-resolution stack.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTinyGguf } from "../../fixtures/make-tiny-gguf";

const dir = mkdtempSync(join(tmpdir(), "no-llama-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILD = `
const { createLlamaCppProvider } = await import("./src/main/providers/llamaCpp.ts");
const { createProvider } = await import("./src/main/providers/registry.ts");
const p = createLlamaCppProvider({ provider: "llama-cpp", model: process.env.GGUF, threads: 1 });
const err = await p.chat({ model: process.env.GGUF, messages: [{ role: "user", content: "hi" }], params: {} }).then(() => null, (e) => e);
console.log(JSON.stringify({ name: err?.constructor?.name, message: err?.message, registry: typeof createProvider }));
`;

describe("without node-llama-cpp", () => {
  it("the embedded provider says how to install it; the rest of the providers load", () => {
    const gguf = join(dir, "tiny.gguf");
    writeTinyGguf(gguf);
    const out = execFileSync(process.execPath, ["--import", "tsx", "--import", "./tests/fixtures/hideNodeLlamaCpp.mjs", "--input-type=module", "-e", CHILD], {
      env: { ...process.env, GGUF: gguf },
      encoding: "utf8",
    });
    const result = JSON.parse(out.trim().split("\n").pop()!) as { name: string; message: string; registry: string };
    expect(result.registry).toBe("function");
    expect(result.name).toBe("ProviderError");
    expect(result.message).toBe(
      "llama-cpp: the embedded llama.cpp provider needs the optional package node-llama-cpp, which is not installed: " +
        "install it with `npm install node-llama-cpp@3.21.1`, " +
        "or use a local server (Ollama, llama.cpp server, LM Studio) instead",
    );
  }, 60_000);
});

describe("the install hint", () => {
  it("names the version package.json pins as an optional dependency", async () => {
    const { NODE_LLAMA_CPP_VERSION } = await import("../../../src/main/providers/nodeLlamaCpp");
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { optionalDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    expect(pkg.optionalDependencies?.["node-llama-cpp"]).toBe(NODE_LLAMA_CPP_VERSION);
    expect(pkg.dependencies?.["node-llama-cpp"]).toBeUndefined();
  });
});

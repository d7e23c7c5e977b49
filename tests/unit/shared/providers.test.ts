import { describe, expect, it } from "vitest";
import { PROVIDER_KINDS } from "../../../src/shared/pipeline/schema";
import { endpointOf, isLocalModel, isLoopbackUrl, PROVIDERS } from "../../../src/shared/providers";

describe("provider descriptors", () => {
  it("describe every provider kind, and nothing else", () => {
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_KINDS].sort());
  });

  it("a kind is local by default exactly when it is embedded or its default address is a loopback one", () => {
    for (const [kind, d] of Object.entries(PROVIDERS)) {
      expect({ kind, isLocal: d.isLocal }).toEqual({ kind, isLocal: d.defaultBaseUrl === null || isLoopbackUrl(d.defaultBaseUrl) });
    }
  });

  it("a kind that takes no key names no key variable", () => {
    for (const [kind, d] of Object.entries(PROVIDERS)) if (!d.needsKey) expect({ kind, keyEnv: d.keyEnv }).toEqual({ kind, keyEnv: null });
  });

  it("endpointOf: the config's base URL without trailing slashes, else the kind's default; none when embedded", () => {
    expect(endpointOf({ provider: "openai" })).toBe("https://api.openai.com/v1");
    expect(endpointOf({ provider: "openai", baseUrl: "http://127.0.0.1:8000/v1//" })).toBe("http://127.0.0.1:8000/v1");
    expect(endpointOf({ provider: "ollama" })).toBe("http://127.0.0.1:11434");
    expect(endpointOf({ provider: "llama-cpp" })).toBeUndefined();
  });

  it("isLocalModel: embedded, Ollama at its default, or any server on a loopback address", () => {
    expect(isLocalModel({ provider: "llama-cpp" })).toBe(true);
    expect(isLocalModel({ provider: "ollama" })).toBe(true);
    expect(isLocalModel({ provider: "ollama", baseUrl: "http://gpu-box:11434" })).toBe(false);
    expect(isLocalModel({ provider: "openai" })).toBe(false);
    expect(isLocalModel({ provider: "openai", baseUrl: "http://localhost:1234/v1" })).toBe(true);
    expect(isLocalModel({ provider: "anthropic", baseUrl: "https://api.anthropic.com" })).toBe(false);
  });
});

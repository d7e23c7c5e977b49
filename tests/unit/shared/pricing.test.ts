import { describe, expect, it } from "vitest";
import { costOf } from "../../../src/main/engine/modelCalls";
import {
  costUsd,
  lookupPrice,
  normaliseModelName,
  PRICE_TABLE,
  PRICE_TABLE_DATE,
  PRICE_TABLE_NOTE,
  priceForModel,
  priceOverrideProblems,
} from "../../../src/shared/pricing";
import { isLoopbackUrl } from "../../../src/shared/providers";

describe("price lookup", () => {
  it("matches exact names and dated/aliased names by the longest prefix ending at a separator", () => {
    expect(lookupPrice("gpt-4o")).toMatchObject({ source: "table", matched: "gpt-4o", price: { inputPerMillion: 2.5, outputPerMillion: 10 } });
    expect(lookupPrice("gpt-4o-mini-2024-07-18")).toMatchObject({ matched: "gpt-4o-mini", price: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
    expect(lookupPrice("gpt-4o-2024-11-20")?.matched).toBe("gpt-4o");
    expect(lookupPrice("gpt-4.1-nano-2025-04-14")?.matched).toBe("gpt-4.1-nano");
    expect(lookupPrice("claude-3-5-sonnet-20241022")?.matched).toBe("claude-3-5-sonnet");
    expect(lookupPrice("claude-3-7-sonnet-latest")?.price).toEqual({ inputPerMillion: 3, outputPerMillion: 15 });
    expect(lookupPrice("claude-sonnet-4-20250514")?.matched).toBe("claude-sonnet-4");
    expect(lookupPrice("models/gemini-2.0-flash-lite-001")?.matched).toBe("gemini-2.0-flash-lite");
    expect(lookupPrice("gemini-2.5-pro")?.price).toEqual({ inputPerMillion: 1.25, outputPerMillion: 10 });
    expect(lookupPrice("anthropic/claude-3.5-haiku")?.matched).toBe("claude-3-5-haiku");
    expect(lookupPrice("GPT-4o-Mini")?.matched).toBe("gpt-4o-mini");
  });

  it("prices each model by its own row, never by an older or smaller model's (#20 item 8)", () => {
    // Newer generations and variants are not their prefix's model.
    expect(lookupPrice("claude-opus-4-5")).toMatchObject({ matched: "claude-opus-4-5", price: { inputPerMillion: 5, outputPerMillion: 25 } });
    expect(lookupPrice("claude-opus-4-5-20251101")?.matched).toBe("claude-opus-4-5");
    expect(lookupPrice("claude-opus-4-1-20250805")?.price).toEqual({ inputPerMillion: 15, outputPerMillion: 75 });
    expect(lookupPrice("claude-opus-4-20250514")?.matched).toBe("claude-opus-4");
    expect(lookupPrice("claude-haiku-4-5-20251001")?.price).toEqual({ inputPerMillion: 1, outputPerMillion: 5 });
    expect(lookupPrice("claude-sonnet-4-5")?.matched).toBe("claude-sonnet-4-5");
    expect(lookupPrice("claude-3-opus-20240229")?.price).toEqual({ inputPerMillion: 15, outputPerMillion: 75 });
    expect(lookupPrice("claude-3-opus-latest")?.matched).toBe("claude-3-opus");
    expect(lookupPrice("o3-pro")).toMatchObject({ matched: "o3-pro", price: { inputPerMillion: 20, outputPerMillion: 80 } });
    expect(lookupPrice("o3-pro-2025-06-10")?.matched).toBe("o3-pro");
    expect(lookupPrice("o1")?.price).toEqual({ inputPerMillion: 15, outputPerMillion: 60 });
    expect(lookupPrice("o1-2024-12-17")?.matched).toBe("o1");
    expect(lookupPrice("o1-mini-2024-09-12")?.matched).toBe("o1-mini");
    expect(lookupPrice("gpt-5")?.price).toEqual({ inputPerMillion: 1.25, outputPerMillion: 10 });
    expect(lookupPrice("gpt-5-2025-08-07")?.matched).toBe("gpt-5");
    expect(lookupPrice("gpt-5-mini-2025-08-07")?.matched).toBe("gpt-5-mini");
    expect(lookupPrice("gpt-5-nano")?.price).toEqual({ inputPerMillion: 0.05, outputPerMillion: 0.4 });
    expect(lookupPrice("gpt-5.1")?.matched).toBe("gpt-5.1");
    // A snapshot priced differently from its model has its own row.
    expect(lookupPrice("gpt-4o-2024-05-13")?.price).toEqual({ inputPerMillion: 5, outputPerMillion: 15 });
    // Unknown variants have no price rather than a neighbour's.
    for (const unknown of ["claude-opus-4-7", "o3-deep-research", "gpt-5-codex", "gpt-5.9", "o4", "gemini-2.5-flash-preview-05-20", "gpt-4o-audio-preview", "claude-3-5-sonnet-v2"]) {
      expect(lookupPrice(unknown), unknown).toBeUndefined();
    }
    expect(priceForModel({ provider: "anthropic", model: "claude-opus-4-7" })).toBeUndefined();
  });

  it("does not match a prefix that does not end at a separator, nor unknown models", () => {
    expect(lookupPrice("gpt-4omni")).toBeUndefined();
    expect(lookupPrice("gpt-4.10")).toBeUndefined();
    expect(lookupPrice("qwen2.5-1.5b-instruct")).toBeUndefined();
  });

  it("user overrides win over the table, exact before prefix, longest prefix first", () => {
    const overrides = { "gpt-4o": { inputPerMillion: 1, outputPerMillion: 2 }, "my-model": { inputPerMillion: 0.5, outputPerMillion: 0.5 }, "my-model-large": { inputPerMillion: 4, outputPerMillion: 8 } };
    expect(lookupPrice("gpt-4o", overrides)).toEqual({ price: { inputPerMillion: 1, outputPerMillion: 2 }, source: "override", matched: "gpt-4o" });
    expect(lookupPrice("gpt-4o-2024-08-06", overrides)?.source).toBe("override");
    // the override "gpt-4o" is only a prefix of gpt-4o-mini, which the table knows exactly: the table wins there
    expect(lookupPrice("gpt-4o-mini", overrides)).toMatchObject({ source: "table", matched: "gpt-4o-mini" });
    expect(lookupPrice("gpt-4o-mini", { "gpt-4o-mini": { inputPerMillion: 7, outputPerMillion: 7 } })?.source).toBe("override");
    expect(lookupPrice("gpt-4o-mini-2024-07-18", { "gpt-4o-mini": { inputPerMillion: 7, outputPerMillion: 7 } })?.source).toBe("override");
    expect(lookupPrice("my-model-large-v2", overrides)?.matched).toBe("my-model-large");
    expect(lookupPrice("my-model", overrides)?.matched).toBe("my-model");
    expect(lookupPrice("gemini-2.0-flash", overrides)?.source).toBe("table");
  });

  it("a model's own price wins; local providers and loopback endpoints cost 0", () => {
    const own = { inputPerMillion: 9, outputPerMillion: 9 };
    expect(priceForModel({ provider: "openai", model: "gpt-4o", price: own })).toEqual({ price: own, source: "config" });
    expect(priceForModel({ provider: "ollama", model: "llava:7b" })?.source).toBe("local");
    expect(priceForModel({ provider: "llama-cpp", model: "m.gguf" })?.price).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(priceForModel({ provider: "openai", model: "gpt-4o", baseUrl: "http://127.0.0.1:8000/v1" })?.source).toBe("local");
    expect(priceForModel({ provider: "openai", model: "gpt-4o", baseUrl: "https://api.openai.com/v1" })?.source).toBe("table");
    expect(priceForModel({ provider: "ollama", model: "llava", baseUrl: "https://ollama.example.org" })).toBeUndefined();
    // a user's override applies even to a local model (the user priced it on purpose); the table does not
    expect(priceForModel({ provider: "ollama", model: "llava:7b" }, { llava: { inputPerMillion: 1, outputPerMillion: 1 } })?.source).toBe("override");
    expect(isLoopbackUrl("http://localhost:1234/v1")).toBe(true);
    expect(isLoopbackUrl("http://[::1]:8080")).toBe(true);
    expect(isLoopbackUrl("http://127.0.0.1.evil.example/v1")).toBe(false);
  });

  it("costs in USD; the engine charges table prices when the config has none", () => {
    expect(costUsd({ inputPerMillion: 2.5, outputPerMillion: 10 }, 1_000_000, 500_000)).toBeCloseTo(7.5);
    expect(costUsd(undefined, 100, 100)).toBe(0);
    expect(costOf({ provider: "anthropic", model: "claude-3-5-haiku-20241022" }, 2_000_000, 1_000_000)).toBeCloseTo(0.8 * 2 + 4);
    expect(costOf({ provider: "openai", model: "unknown-model" }, 1000, 1000)).toBe(0);
    expect(costOf({ provider: "openai", model: "gpt-4o" }, 1_000_000, 0, { "gpt-4o": { inputPerMillion: 1, outputPerMillion: 1 } })).toBe(1);
  });

  it("the table is dated, says to check current prices, and names are normalised", () => {
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}$/);
    expect(PRICE_TABLE_NOTE).toMatch(/check the providers' current price pages/);
    for (const e of PRICE_TABLE) expect(normaliseModelName(e.model)).toBe(e.model);
    expect(new Set(PRICE_TABLE.map((e) => e.model)).size).toBe(PRICE_TABLE.length);
  });

  it("override validation names the bad field", () => {
    expect(priceOverrideProblems({ a: { inputPerMillion: 1, outputPerMillion: 2 } })).toEqual([]);
    expect(priceOverrideProblems({ a: { inputPerMillion: -1, outputPerMillion: "x" } })).toEqual([
      "pricing.a.inputPerMillion: expected a number >= 0",
      "pricing.a.outputPerMillion: expected a number >= 0",
    ]);
    expect(priceOverrideProblems([])).toHaveLength(1);
  });
});

describe("batch models", () => {
  it("price a table model at the provider's batch rate (50 %), and take a configured or overridden price as given", () => {
    const live = priceForModel({ provider: "openai", model: "gpt-4o" });
    expect(live).toMatchObject({ price: { inputPerMillion: 2.5, outputPerMillion: 10 } });
    expect(live?.batch).toBeUndefined();
    expect(priceForModel({ provider: "openai", model: "gpt-4o", batch: true })).toMatchObject({ source: "table", batch: true, price: { inputPerMillion: 1.25, outputPerMillion: 5 } });
    expect(priceForModel({ provider: "anthropic", model: "claude-3-5-haiku", batch: true })?.price.inputPerMillion).toBe(priceForModel({ provider: "anthropic", model: "claude-3-5-haiku" })!.price.inputPerMillion / 2);
    const own = { inputPerMillion: 1, outputPerMillion: 2 };
    expect(priceForModel({ provider: "openai", model: "gpt-4o", batch: true, price: own })).toEqual({ price: own, source: "config" });
    expect(priceForModel({ provider: "openai", model: "gpt-4o", batch: true }, { "gpt-4o": own })).toMatchObject({ price: own, source: "override" });
  });
});

/**
 * Known per-token prices of common hosted models, and the lookup the engine uses when a model config sets no
 * `price`: the user's overrides (app settings "pricing") first, then this table. Local providers (Ollama,
 * embedded llama.cpp, any endpoint on a loopback address) cost 0 unless the user priced the model.
 *
 * The table has one explicit row per model, from the providers' price pages. A name matches a row only when it
 * is that model or a snapshot of it: the row's name followed by a date (`-2024-07-18`, `-20250514`,
 * `@20240620`), `-latest`, or a Gemini version (`-001`). Never a prefix across models or generations:
 * `claude-opus-4-5` is not `claude-opus-4`, `o3-pro` is not `o3`, `gpt-4o-mini` is not `gpt-4o`. A model
 * the table does not know has no price ("price unknown"), never a neighbour's. A snapshot whose price differs
 * from its model's has its own row (`gpt-4o-2024-05-13`). User overrides are the user's choice and may be
 * prefixes (the most specific of override and table wins, an override at equal specificity).
 *
 * The table is a snapshot: prices change. It says its date; the app shows it and asks users to check the
 * providers' current price pages and override what differs.
 */
import type { ModelConfig, ProviderKind } from "./pipeline/schema";
import { isLocalModel, providerOf } from "./providers";

export interface Price {
  /** USD per million input tokens */
  inputPerMillion: number;
  /** USD per million output tokens */
  outputPerMillion: number;
}

export interface PriceEntry extends Price {
  /** A model name, e.g. "gpt-4o-mini" (also matches its snapshots, e.g. "gpt-4o-mini-2024-07-18"). */
  model: string;
  provider: ProviderKind;
}

/** When the prices below were read from the providers' public price pages. */
export const PRICE_TABLE_DATE = "2026-03";
export const PRICE_TABLE_NOTE =
  `Standard (non-batch, non-cached) prices per million tokens as of ${PRICE_TABLE_DATE}; long-context tiers are not modelled. ` +
  "Models not in the table have no price (shown as unknown, not counted). " +
  "Prices change: check the providers' current price pages and override what differs.";

const p = (provider: ProviderKind, model: string, inputPerMillion: number, outputPerMillion: number): PriceEntry => ({
  provider,
  model,
  inputPerMillion,
  outputPerMillion,
});

export const PRICE_TABLE: readonly PriceEntry[] = Object.freeze([
  // OpenAI (platform.openai.com / developers.openai.com pricing)
  p("openai", "gpt-5", 1.25, 10),
  p("openai", "gpt-5-mini", 0.25, 2),
  p("openai", "gpt-5-nano", 0.05, 0.4),
  p("openai", "gpt-5-pro", 15, 120),
  p("openai", "gpt-5.1", 1.25, 10),
  p("openai", "gpt-5.2", 1.75, 14),
  p("openai", "gpt-4.1", 2, 8),
  p("openai", "gpt-4.1-mini", 0.4, 1.6),
  p("openai", "gpt-4.1-nano", 0.1, 0.4),
  p("openai", "gpt-4o", 2.5, 10),
  p("openai", "gpt-4o-2024-05-13", 5, 15),
  p("openai", "gpt-4o-mini", 0.15, 0.6),
  p("openai", "chatgpt-4o-latest", 5, 15),
  p("openai", "o1", 15, 60),
  p("openai", "o1-pro", 150, 600),
  p("openai", "o1-mini", 1.1, 4.4),
  p("openai", "o3", 2, 8),
  p("openai", "o3-pro", 20, 80),
  p("openai", "o3-mini", 1.1, 4.4),
  p("openai", "o4-mini", 1.1, 4.4),
  // Anthropic (docs.anthropic.com/en/docs/about-claude/pricing)
  p("anthropic", "claude-opus-4-6", 5, 25),
  p("anthropic", "claude-sonnet-4-6", 3, 15),
  p("anthropic", "claude-opus-4-5", 5, 25),
  p("anthropic", "claude-sonnet-4-5", 3, 15),
  p("anthropic", "claude-haiku-4-5", 1, 5),
  p("anthropic", "claude-opus-4-1", 15, 75),
  p("anthropic", "claude-opus-4", 15, 75),
  p("anthropic", "claude-sonnet-4", 3, 15),
  p("anthropic", "claude-3-7-sonnet", 3, 15),
  p("anthropic", "claude-3-5-sonnet", 3, 15),
  p("anthropic", "claude-3-5-haiku", 0.8, 4),
  p("anthropic", "claude-3-opus", 15, 75),
  p("anthropic", "claude-3-haiku", 0.25, 1.25),
  // Google (ai.google.dev/gemini-api/docs/pricing; prompts up to 200k tokens)
  p("gemini", "gemini-2.5-pro", 1.25, 10),
  p("gemini", "gemini-2.5-flash", 0.3, 2.5),
  p("gemini", "gemini-2.5-flash-lite", 0.1, 0.4),
  p("gemini", "gemini-2.0-flash", 0.1, 0.4),
  p("gemini", "gemini-2.0-flash-lite", 0.075, 0.3),
  p("gemini", "gemini-1.5-pro", 1.25, 5),
  p("gemini", "gemini-1.5-flash", 0.075, 0.3),
  p("gemini", "gemini-1.5-flash-8b", 0.0375, 0.15),
]);

/** User prices by model name or prefix (stored in the app's settings under "pricing"). */
export type PriceOverrides = Record<string, Price>;

export const FREE: Price = Object.freeze({ inputPerMillion: 0, outputPerMillion: 0 });

/** "models/gemini-2.0-flash" → "gemini-2.0-flash"; "anthropic/claude-3.5-sonnet" → "claude-3-5-sonnet"; lower case. */
export function normaliseModelName(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.replace(/^models\//, "");
  const slash = name.lastIndexOf("/");
  if (slash >= 0) name = name.slice(slash + 1); // OpenRouter-style "vendor/model"
  // Claude versions are written "3.5" by some gateways and "3-5" by Anthropic.
  if (name.startsWith("claude-")) name = name.replace(/(\d)\.(\d)/g, "$1-$2");
  return name;
}

const SEPARATORS = new Set(["-", ":", "@", "_"]);

/** Whether `key` names `name` exactly or is a prefix of it ending at a separator. */
function matches(key: string, name: string): boolean {
  if (name === key) return true;
  return name.length > key.length && name.startsWith(key) && SEPARATORS.has(name[key.length]);
}

/** A snapshot of a model: a date, "latest", or a Gemini version number after the model's name. */
const SNAPSHOT_SUFFIX = /^(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest|-\d{3})$/;

/** The table row for a name: the model itself, else the model the name is a snapshot of (never a prefix). */
function tableMatch(name: string): { length: number; exact: boolean; value: PriceEntry } | undefined {
  let snapshot: PriceEntry | undefined;
  for (const e of PRICE_TABLE) {
    if (e.model === name) return { length: e.model.length, exact: true, value: e };
    if (name.startsWith(e.model) && SNAPSHOT_SUFFIX.test(name.slice(e.model.length))) snapshot = e;
  }
  // A snapshot is as specific as its model's name (a user's override of that name still re-prices it).
  return snapshot ? { length: snapshot.model.length, exact: false, value: snapshot } : undefined;
}

/** The entry whose key matches the name: exact first, else the longest matching prefix; with the key's length. */
function bestMatch<T>(name: string, entries: Iterable<[string, T]>): { length: number; exact: boolean; value: T } | undefined {
  let best: { length: number; exact: boolean; value: T } | undefined;
  for (const [rawKey, value] of entries) {
    const key = normaliseModelName(rawKey);
    if (key === name) return { length: key.length, exact: true, value };
    if (matches(key, name) && (!best || key.length > best.length)) best = { length: key.length, exact: false, value };
  }
  return best;
}

export type PriceSource = "config" | "override" | "table" | "local";

export interface PriceLookup {
  price: Price;
  source: PriceSource;
  /** The table key or override key that matched. */
  matched?: string;
  /** The table price at the provider's batch rate (the model has `batch: true`). */
  batch?: true;
}

/**
 * The price of a model name alone; undefined when unknown. The most specific match wins (exact, then the longer
 * prefix), and a user override wins over the table at equal specificity — so an override of "gpt-4o" does not
 * re-price "gpt-4o-mini", which the table knows more precisely.
 */
export function lookupPrice(model: string, overrides: PriceOverrides = {}): PriceLookup | undefined {
  const name = normaliseModelName(model);
  const override = bestMatch(name, Object.keys(overrides).map((k): [string, string] => [k, k]));
  const entry = tableMatch(name);
  const overrideWins = override && (!entry || override.exact || (!entry.exact && override.length >= entry.length));
  if (override && overrideWins) return { price: overrides[override.value], source: "override", matched: override.value };
  if (!entry) return undefined;
  const e = entry.value;
  return { price: { inputPerMillion: e.inputPerMillion, outputPerMillion: e.outputPerMillion }, source: "table", matched: e.model };
}

/**
 * The price the engine charges a model's calls with: the config's own `price`, else the user's override, else 0
 * for local models, else the table; undefined when unknown (the cost is then not counted).
 */
export function priceForModel(config: Pick<ModelConfig, "provider" | "model" | "baseUrl" | "price" | "batch">, overrides: PriceOverrides = {}): PriceLookup | undefined {
  if (config.price) return { price: config.price, source: "config" };
  const found = lookupPrice(config.model, overrides);
  if (found?.source === "override") return found; // the user priced it on purpose, even on a local server
  if (isLocalModel(config)) return { price: FREE, source: "local" };
  return found && config.batch ? atBatchRate(found, config.provider) : found;
}

/**
 * A table price at the kind's batch rate (providers.ts batchPriceFactor). A price the config or the user sets
 * is taken as it is: the user says what the calls cost.
 */
function atBatchRate(found: PriceLookup, provider: ProviderKind): PriceLookup {
  const factor = providerOf(provider).batchPriceFactor;
  if (factor === null) return found;
  const price = { inputPerMillion: found.price.inputPerMillion * factor, outputPerMillion: found.price.outputPerMillion * factor };
  return { ...found, price, batch: true };
}

/** USD for a call's tokens at a price. */
export function costUsd(price: Price | undefined, inputTokens: number, outputTokens: number): number {
  if (!price) return 0;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1e6;
}

/** Problems of a user's override map, as "key: message" lines (empty when valid). */
export function priceOverrideProblems(overrides: unknown): string[] {
  if (!overrides || typeof overrides !== "object" || Array.isArray(overrides)) return ["pricing: expected an object of model → price"];
  const out: string[] = [];
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (!key.trim()) out.push("pricing: a model name is empty");
    const v = value as Partial<Price> | null;
    for (const field of ["inputPerMillion", "outputPerMillion"] as const) {
      const n = v?.[field];
      if (typeof n !== "number" || !Number.isFinite(n) || n < 0) out.push(`pricing.${key}.${field}: expected a number >= 0`);
    }
  }
  return out;
}

/**
 * What each provider kind is, in one place: where its calls go by default, which environment variable names
 * its key, whether it takes a key, whether it runs on this machine. The main side's registry and pre-flight,
 * the renderer's model forms and the price lookup all read it. `satisfies Record<ProviderKind, …>`: a kind
 * added to PROVIDER_KINDS without an entry here fails the type check.
 */
import type { ModelConfig, ProviderKind } from "./pipeline/schema";

export interface ProviderDescriptor {
  /** Where calls go when the config names no baseUrl; null for the embedded engine (no HTTP, the model is a GGUF file). */
  defaultBaseUrl: string | null;
  /** The environment variable a new model of this kind names for its key; null when the usual server needs none. */
  keyEnv: string | null;
  /** Whether calls may carry an API key: the models panel offers the key variable and the stored key. */
  needsKey: boolean;
  /** Runs on this machine unless a baseUrl says otherwise: the embedded engine, or a local server's default address. */
  isLocal: boolean;
  /** Whether the ids its model list gives are the ids calls use (Anthropic lists dated ids, calls may use aliases). */
  listsCallableIds: boolean;
  /** What the `model` field holds, for the form's label. */
  modelLabel: string;
  /**
   * The price factor of the kind's batch API (`batch: true` on a model), null when it has none. OpenAI's Batch
   * API, Anthropic's Message Batches and Gemini's batch mode each charge 50 % of the standard token prices.
   */
  batchPriceFactor: number | null;
}

export const PROVIDERS = {
  openai: {
    defaultBaseUrl: "https://api.openai.com/v1",
    keyEnv: "OPENAI_API_KEY",
    needsKey: true,
    isLocal: false,
    listsCallableIds: true,
    modelLabel: "Model",
    batchPriceFactor: 0.5,
  },
  ollama: {
    defaultBaseUrl: "http://127.0.0.1:11434",
    keyEnv: null,
    needsKey: false,
    isLocal: true,
    listsCallableIds: true,
    modelLabel: "Model",
    batchPriceFactor: null,
  },
  anthropic: {
    defaultBaseUrl: "https://api.anthropic.com",
    keyEnv: "ANTHROPIC_API_KEY",
    needsKey: true,
    isLocal: false,
    listsCallableIds: false,
    modelLabel: "Model",
    batchPriceFactor: 0.5,
  },
  gemini: {
    defaultBaseUrl: "https://generativelanguage.googleapis.com",
    keyEnv: "GEMINI_API_KEY",
    needsKey: true,
    isLocal: false,
    listsCallableIds: true,
    modelLabel: "Model",
    batchPriceFactor: 0.5,
  },
  "llama-cpp": {
    defaultBaseUrl: null,
    keyEnv: null,
    needsKey: false,
    isLocal: true,
    listsCallableIds: true,
    modelLabel: "GGUF file",
    batchPriceFactor: null,
  },
} as const satisfies Record<ProviderKind, ProviderDescriptor>;

export function providerOf(kind: ProviderKind): ProviderDescriptor {
  return PROVIDERS[kind];
}

/** The base URL a config's calls go to (its own, else the kind's default, no trailing slash); undefined when embedded. */
export function endpointOf(config: Pick<ModelConfig, "provider" | "baseUrl">): string | undefined {
  const fallback = providerOf(config.provider).defaultBaseUrl;
  if (fallback === null) return undefined;
  return (config.baseUrl ?? fallback).replace(/\/+$/, "");
}

/** True for http(s) URLs on a loopback host (a local vLLM, llama.cpp server or LM Studio). */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  const m = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  if (!m) return false;
  const host = m[1].toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether calls to this model stay on this machine: embedded, or a server on a loopback address (the kind's default when no baseUrl). */
export function isLocalModel(config: Pick<ModelConfig, "provider" | "baseUrl">): boolean {
  const d = providerOf(config.provider);
  if (d.defaultBaseUrl === null) return true;
  return config.baseUrl ? isLoopbackUrl(config.baseUrl) : d.isLocal;
}

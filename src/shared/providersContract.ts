/** The providers part of the contract (see contract.ts): local servers found, the model download, prices. */
import type { PriceEntry, PriceOverrides } from "./pricing";

/** A model server found running on this machine (providers.discover). */
export interface FoundServerInfo {
  name: string;
  provider: "ollama" | "openai";
  baseUrl: string;
  models: string[];
  latencyMs: number;
}

/** Where models can come from here: local servers that answered, and the embedded llama.cpp engine. */
export interface LocalModelOptions {
  servers: FoundServerInfo[];
  embedded: {
    /** Where fetched GGUF files go. */
    modelsDir: string;
    ggufFiles: { path: string; sizeBytes: number }[];
    defaultModelUri: string;
    defaultModelLabel: string;
  };
}

/** The default-model download (providers.fetchModel / fetchStatus / cancelFetch); poll fetchStatus for progress. */
export interface ModelFetchState {
  state: "idle" | "running" | "done" | "failed" | "cancelled";
  uri: string;
  downloadedBytes: number;
  totalBytes: number;
  path?: string;
  /** A sentence that says what went wrong and what else to do (e.g. no internet: pick a GGUF on disk). */
  error?: string;
  startedAt?: number;
  finishedAt?: number;
}

/** The known-price table (dated; users should check current prices) and the user's overrides. */
export interface PricingInfo {
  date: string;
  note: string;
  table: PriceEntry[];
  overrides: PriceOverrides;
}

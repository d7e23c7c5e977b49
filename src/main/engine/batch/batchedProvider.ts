/**
 * A `batch: true` model's provider for a run: its chat goes through a BatchCollector over the kind's batch
 * API (providers/batch); the wrapped provider stays for listing models and for live fallback calls.
 */
import type { RunEvent } from "../../../shared/events";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { endpointOf } from "../../../shared/providers";
import { BatchHttp } from "../../providers/batch/batchHttp";
import { batchApiFor } from "../../providers/batch";
import { decorateChat } from "../../providers/registry";
import type { Provider } from "../../providers/types";
import type { SharedCallCache } from "../../store/shared/sharedCallCache";
import type { Store } from "../../store/store";
import { callCacheWrites } from "../callCacheWrites";
import { BatchCollector } from "./batchCollector";

/** Quiet time after the last new call before a batch goes out (CASCADE_BATCH_GATHER_MS). */
export const DEFAULT_BATCH_GATHER_MS = 2_000;
/** Time between polls of a batch (CASCADE_BATCH_POLL_MS); providers answer within minutes to hours. */
export const DEFAULT_BATCH_POLL_MS = 30_000;
/** Items in flight when a model batches: the window whose calls gather into one batch per node. */
export const BATCH_ITEMS_IN_FLIGHT = 20_000;

export interface BatchRunOptions {
  store: Store;
  runId: string;
  signal: AbortSignal;
  emit: (e: RunEvent) => void;
  env?: Record<string, string | undefined>;
  gatherMs?: number;
  pollMs?: number;
  fetch?: typeof fetch;
  /** Where the batch's answers go besides the local cache (store/shared/sharedCallCache.ts). */
  sharedCache?: SharedCallCache;
}

function msFromEnv(env: Record<string, string | undefined>, name: string): number | undefined {
  const n = Number(env[name]);
  return env[name] !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function batchedProvider(name: string, config: ModelConfig, provider: Provider, apiKey: string | undefined, o: BatchRunOptions): Provider {
  const env = o.env ?? process.env;
  const key = apiKey || (config.apiKeyEnv ? env[config.apiKeyEnv] : undefined) || undefined;
  const api = batchApiFor(config, key);
  const baseUrl = endpointOf(config);
  if (!api || !baseUrl) throw new Error(`${config.provider} has no batch API (batch works with openai, anthropic and gemini)`);
  const redact = (text: string) => (key ? text.split(key).join("[key]") : text);
  const http = new BatchHttp({ baseUrl, headers: api.headers, fetch: o.fetch ?? ((input, init) => globalThis.fetch(input, init)), signal: o.signal, describe: `${config.provider} batch API at ${baseUrl}`, redact });
  const collector = new BatchCollector({
    name,
    config,
    endpoint: provider.endpoint,
    protocol: api.protocol,
    http,
    batches: o.store.batches,
    cache: callCacheWrites(o.store.cache, o.sharedCache),
    runId: o.runId,
    signal: o.signal,
    live: (request) => provider.chat(request),
    onState: (e) => o.emit({ type: "batch-state", runId: o.runId, model: name, ...e }),
    gatherMs: o.gatherMs ?? msFromEnv(env, "CASCADE_BATCH_GATHER_MS") ?? DEFAULT_BATCH_GATHER_MS,
    pollMs: o.pollMs ?? msFromEnv(env, "CASCADE_BATCH_POLL_MS") ?? DEFAULT_BATCH_POLL_MS,
  });
  return decorateChat(provider, (request) => collector.chat(request));
}

/**
 * Creates the Provider for a pipeline's model config. The returned provider's chat() runs inside the
 * endpoint's limiter (shared by every model on the same server) and retries on its own, so the engine just
 * calls chat() concurrently.
 *
 * The API key comes ONLY from opts.apiKey (the app's encrypted key store) or from the environment variable
 * the config names (config.apiKeyEnv); it is never logged and never part of an error message.
 */
import type { ModelConfig, ProviderKind } from "../../shared/pipeline/schema";
import { anthropicProtocol } from "./anthropic";
import { geminiProtocol } from "./gemini";
import { createLlamaCppProvider } from "./llamaCpp";
import { endpointOf } from "../../shared/providers";
import { EndpointPool } from "./endpointPool";
import { ManagedProvider } from "./managed";
import { ollamaProtocol } from "./ollama";
import { openaiProtocol } from "./openai";
import type { AdaptiveLimiter, EndpointLimiters } from "./limiter";
import type { Protocol } from "./protocol";
import type { ChatReply, ChatRequest, Provider } from "./types";

export interface CreateProviderOptions {
  /** Where config.apiKeyEnv is looked up; default process.env. */
  env?: Record<string, string | undefined>;
  /** A key from the app's key store; wins over the environment. */
  apiKey?: string;
  /** Default global fetch; tests may inject one. */
  fetch?: typeof fetch;
  /** First retry backoff ceiling (doubles per retry); default 500 ms. Tests pass ~1. */
  retryBaseDelayMs?: number;
  /** Concurrency of an endpoint whose config sets none; default 8. */
  defaultConcurrency?: number;
  /** The run's or the service's endpoint limiters (models on one server share one); default the provider's own. */
  limiters?: EndpointLimiters;
  /** Idle timeout (no bytes received); default min(30 s, config.timeoutMs). Tests pass a few hundred ms. */
  idleTimeoutMs?: number;
  /** Longest Retry-After honoured; default 60 s. */
  retryAfterCapMs?: number;
  /** llama-cpp only: folder that a relative GGUF path is resolved against (the pipeline's folder). */
  baseDir?: string;
}

type ProviderFactory = (config: ModelConfig, opts: CreateProviderOptions) => Provider;

/** A provider over HTTP: the protocol's calls inside the endpoint's limiter, with retries and the key. */
function overHttp(protocol: Protocol): ProviderFactory {
  return (config, opts) => {
    const env = opts.env ?? process.env;
    const fromEnv = config.apiKeyEnv ? env[config.apiKeyEnv] : undefined;
    const apiKey = opts.apiKey || fromEnv || undefined;
    return new ManagedProvider({
      protocol,
      config,
      apiKey,
      missingKeyEnv: !apiKey && config.apiKeyEnv ? config.apiKeyEnv : undefined,
      fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      defaultConcurrency: opts.defaultConcurrency ?? 8,
      limiters: opts.limiters,
      retryBaseDelayMs: opts.retryBaseDelayMs,
      idleTimeoutMs: opts.idleTimeoutMs,
      retryAfterCapMs: opts.retryAfterCapMs,
    });
  };
}

/** How each provider kind is built (its defaults live in src/shared/providers.ts). Add a kind: one entry here. */
const FACTORIES = {
  openai: overHttp(openaiProtocol),
  ollama: overHttp(ollamaProtocol),
  anthropic: overHttp(anthropicProtocol),
  gemini: overHttp(geminiProtocol),
  // Embedded: runs in this process, no HTTP, no key; its own pool limits parallel sequences.
  "llama-cpp": (config, opts) => createLlamaCppProvider(config, { baseDir: opts.baseDir }),
} satisfies Record<ProviderKind, ProviderFactory>;

export function createProvider(config: ModelConfig, opts: CreateProviderOptions = {}): Provider {
  const factory: ProviderFactory | undefined = FACTORIES[config.provider];
  if (!factory) throw new Error(`provider "${config.provider}" (model ${config.model}) is not a provider kind; known: ${Object.keys(FACTORIES).join(", ")}`);
  if (config.replicas?.length) return createPool(config, opts, factory);
  return factory(config, opts);
}

/** Retries of one call on one replica of a pool before the pool moves the call to another. */
const POOL_MEMBER_RETRIES = 1;

/** A model with replicas: one provider per URL, each with its own endpoint limiter, behind an EndpointPool. */
function createPool(config: ModelConfig, opts: CreateProviderOptions, factory: ProviderFactory): Provider {
  const urls = [endpointOf(config)!, ...config.replicas!.map((u) => u.replace(/\/+$/, ""))];
  const members = urls.map((url) => {
    const member: ModelConfig = { ...config, baseUrl: url, replicas: undefined, maxRetries: Math.min(config.maxRetries ?? POOL_MEMBER_RETRIES, POOL_MEMBER_RETRIES) };
    return { url, provider: factory(member, opts) };
  });
  const pool = new EndpointPool({ kind: config.provider, endpoint: members[0].provider.endpoint, members, maxAttempts: config.maxRetries !== undefined ? Math.max(urls.length, config.maxRetries + 1) : undefined });
  selfLimited.add(pool);
  return pool;
}

/** Decorated providers (decorateChat) and the limiter of the provider each one wraps. */
const decoratedLimiters = new WeakMap<Provider, AdaptiveLimiter>();
/** Providers whose calls run inside endpoint limiters of their own without being one endpoint (pools). */
const selfLimited = new WeakSet<Provider>();

/** Whether a provider's calls already run inside endpoint limiters (so the engine adds none in front). */
export function limitsItself(provider: Provider): boolean {
  return limiterOf(provider) !== undefined || selfLimited.has(provider);
}

/** The endpoint limiter behind a provider from createProvider (current concurrency for the UI); none for llama-cpp. */
export function limiterOf(provider: Provider): AdaptiveLimiter | undefined {
  return provider instanceof ManagedProvider ? provider.limiter : decoratedLimiters.get(provider);
}

/**
 * The provider with its chat passed through `around` (counting, a budget, logging): a new object that keeps
 * the wrapped provider's endpoint limiter, so the engine does not put a second limit in front of it.
 */
export function decorateChat(provider: Provider, around: (request: ChatRequest, chat: (request: ChatRequest) => Promise<ChatReply>) => Promise<ChatReply>): Provider {
  const decorated: Provider = {
    kind: provider.kind,
    endpoint: provider.endpoint,
    chat: (request) => around(request, (r) => provider.chat(r)),
    listModels: (signal) => provider.listModels(signal),
    ...(provider.close ? { close: () => provider.close!() } : {}),
  };
  const limiter = limiterOf(provider);
  if (limiter) decoratedLimiters.set(decorated, limiter);
  if (selfLimited.has(provider)) selfLimited.add(decorated);
  return decorated;
}

/**
 * Model calls for a run: cache lookup (and in-flight de-duplication), the provider call under the model's
 * concurrency limit, the cache write as soon as the reply is complete, and the accounting of each call.
 */
import type { CallTrace, RunEvent } from "../../shared/events";
import type { ModelConfig, ModelParams, PipelineDoc } from "../../shared/pipeline/schema";
import { callSeed } from "../../shared/callSeed";
import { costUsd, priceForModel, type Price, type PriceOverrides } from "../../shared/pricing";
import type { ChatMessage, ImageRef } from "../../shared/values";
import type { ChatRequest, Provider, ProviderMessage } from "../providers/types";
import type { Store } from "../store/store";
import { cacheKey } from "./cacheKey";
import { CacheLookups } from "./cacheLookups";
import { callCacheWrites, type CallCacheWrites } from "./callCacheWrites";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import { imageFitFor } from "../providers/imageLimits";
import type { ImageLoader, ImageVariant } from "./images";
import type { ModelCallRequest, ModelCallResult } from "./nodes/types";
import { CancelledError } from "./types";
import { elapsedMs } from "./elapsed";

/** What one call cost, recorded on the node's result. */
export interface CallRecord {
  cacheKey: string;
  cached: boolean;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** False when the model's price is unknown: costUsd is 0 then, not a price. */
  priced?: boolean;
  retries: number;
  /** The reply was cut off by a token limit (the provider's stop reason); it was not cached. */
  truncated?: true;
}

/** Where a call is made from: the node and item it belongs to, and whether it may read the cache. */
export interface CallSite {
  nodeId: string;
  itemId: string;
  readCache: boolean;
  log: CallRecord[];
  /** When given, every call (cached, made or failed) is added with its exact messages, params and reply. */
  traces?: CallTrace[];
}

/** A call ready to be made: the model, the messages with every image hashed, the effective params, the key. */
export interface PreparedCall {
  config: ModelConfig;
  provider: Provider;
  messages: ChatMessage[];
  params: ModelParams;
  key: string;
}

export interface ModelCallerOptions {
  runId: string;
  doc: PipelineDoc;
  store: Store;
  images: ImageLoader;
  providers: Map<string, Provider>;
  signal: AbortSignal;
  emit: (e: RunEvent) => void;
  /** Whether anyone listens to token events (they are not built otherwise). */
  streamTokens: boolean;
  /** The user's prices by model name (app settings "pricing"), for models whose config sets no price. */
  priceOverrides?: PriceOverrides;
  /** Which repeat of the run this is (0-based; see engine/repeats.ts): part of every cache key and seed. */
  repeat?: number;
  /**
   * Calls in flight shared with other runs (the cells of a sweep that run at the same time): a call another run
   * is making is awaited, not made again, and counts as a cache hit. Default: this run's own.
   */
  inFlight?: InFlightCalls;
  /** A second tier of the call cache shared with other machines (store/shared/sharedCallCache.ts). */
  sharedCache?: SharedCallCache;
}

/** Calls being made, by cache key (see ModelCallerOptions.inFlight). */
export type InFlightCalls = Map<string, Promise<Reply>>;

interface Reply {
  text: string;
  inputTokens: number;
  outputTokens: number;
  stopReason?: string;
  truncated?: true;
}

const EMPTY_PARAMS: ModelParams = Object.freeze({}) as ModelParams;

/** The cost of a call: the config's price, else 0 for local models, else the overrides and the known-price table. */
export function costOf(config: ModelConfig, inputTokens: number, outputTokens: number, overrides?: PriceOverrides): number {
  return costUsd(priceForModel(config, overrides)?.price, inputTokens, outputTokens);
}

/** What a call sent and got, for the node's trace. */
function callTrace(
  p: PreparedCall,
  req: ModelCallRequest,
  reply: string,
  cached: boolean,
  latencyMs: number,
  retries: number,
  usage?: CallTrace["usage"],
  error?: string,
  stop?: Pick<Reply, "stopReason" | "truncated">,
): CallTrace {
  const t: CallTrace = {
    provider: p.provider.kind,
    model: p.config.model,
    modelName: req.model,
    messages: p.messages,
    params: p.params,
    cacheKey: p.key,
    sample: req.sample,
    reply,
    cached,
    latencyMs,
    retries,
  };
  if (usage) t.usage = usage;
  if (error !== undefined) t.error = error;
  if (stop?.stopReason !== undefined) t.stopReason = stop.stopReason;
  if (stop?.truncated) t.truncated = true;
  return t;
}

export class ModelCaller {
  private readonly inFlight: InFlightCalls;
  /** The calls in `inFlight` that this run made. */
  private readonly mine = new WeakSet<Promise<Reply>>();
  private readonly mergedParams = new WeakMap<ModelConfig, WeakMap<ModelParams, ModelParams>>();
  private readonly seededParams = new WeakMap<ModelParams, Map<number, ModelParams>>();
  private readonly prices = new Map<string, Price | undefined>();
  private readonly lookups: CacheLookups;
  private readonly writes: CallCacheWrites;
  private readonly variants = new WeakMap<ModelConfig, ImageVariant | undefined>();

  constructor(protected readonly o: ModelCallerOptions) {
    this.lookups = new CacheLookups(o.store.cache, o.sharedCache);
    this.writes = callCacheWrites(o.store.cache, o.sharedCache);
    this.inFlight = o.inFlight ?? new Map();
  }

  /**
   * The messages with every image's hash and type (loaded once per run); the same array when there are no images.
   * With a variant (maxImageSide, the provider's image limits) the hash is of the bytes sent; a message whose
   * images are sent unchanged stays the same object, so traces can refer to it.
   */
  private async withHashes(messages: ChatMessage[], variant?: ImageVariant): Promise<ChatMessage[]> {
    if (!messages.some((m) => m.images?.length)) return messages;
    return Promise.all(
      messages.map(async (m) => {
        // Already hashed (the prompt node loads its images): the same message, so traces can refer to it.
        if (!m.images?.length || (!variant && m.images.every((img) => img.hash && img.mime))) return m;
        const images: ImageRef[] = await Promise.all(
          m.images.map(async (img) => {
            if (img.hash && img.mime && !variant) return img;
            const info = await this.o.images.info(img.source, variant);
            return info.hash === img.hash && info.mime === img.mime ? img : { ...img, ...info };
          }),
        );
        return images.every((img, i) => img === m.images![i]) ? m : { ...m, images };
      }),
    );
  }

  /** How images go to this model: its maxImageSide and its provider's limits (one object per config). */
  private imageVariant(config: ModelConfig): ImageVariant | undefined {
    if (!this.variants.has(config)) {
      const fit = imageFitFor(config);
      this.variants.set(config, fit ? (Object.keys(fit).length === 1 && fit.maxSide ? fit.maxSide : { ...fit, who: config.provider }) : undefined);
    }
    return this.variants.get(config);
  }

  /** Effective params (model's, then the node's), canonical form cached per params object. */
  private effectiveParams(config: ModelConfig, nodeParams: ModelParams | undefined): ModelParams {
    if (!nodeParams) return config.params ?? EMPTY_PARAMS;
    let byNode = this.mergedParams.get(config);
    if (!byNode) this.mergedParams.set(config, (byNode = new WeakMap()));
    let merged = byNode.get(nodeParams);
    if (!merged) byNode.set(nodeParams, (merged = { ...(config.params ?? {}), ...nodeParams }));
    return merged;
  }

  /** The params with the seed of this sample and repeat (shared/callSeed.ts); the same object when it is the base. */
  private seeded(params: ModelParams, sample: number): ModelParams {
    const repeat = this.o.repeat ?? 0;
    if (params.seed === undefined || (sample === 0 && repeat === 0)) return params;
    let bySample = this.seededParams.get(params);
    if (!bySample) this.seededParams.set(params, (bySample = new Map()));
    let out = bySample.get(sample);
    if (!out) bySample.set(sample, (out = { ...params, seed: callSeed(params.seed, sample, repeat) }));
    return out;
  }

  private async toProviderMessages(messages: ChatMessage[], maxSide?: ImageVariant): Promise<ProviderMessage[]> {
    return Promise.all(
      messages.map(async (m) => {
        const out: ProviderMessage = { role: m.role, content: m.content };
        if (m.images?.length) out.images = await Promise.all(m.images.map((img) => this.o.images.load(img.source, maxSide)));
        return out;
      }),
    );
  }

  /** The call as it would be made (also used by previewRun): messages with image hashes, params, cache key. */
  async prepare(req: ModelCallRequest): Promise<PreparedCall> {
    const config = this.o.doc.models[req.model];
    const provider = this.o.providers.get(req.model);
    if (!config || !provider) throw new Error(`model "${req.model}" is not defined in the pipeline's models`);
    const messages = await this.withHashes(req.messages, this.imageVariant(config));
    const params = this.seeded(this.effectiveParams(config, req.params), req.sample);
    const repeat = this.o.repeat ?? 0;
    const key = cacheKey({ provider: provider.kind, endpoint: provider.endpoint, model: config.model, messages, params, sample: req.sample, repeat });
    return { config, provider, messages, params, key };
  }

  /** A model's price, resolved once per run. */
  private priceOf(name: string, config: ModelConfig): Price | undefined {
    if (!this.prices.has(name)) this.prices.set(name, priceForModel(config, this.o.priceOverrides)?.price);
    return this.prices.get(name);
  }

  async call(req: ModelCallRequest, site: CallSite): Promise<ModelCallResult> {
    const { signal } = this.o;
    if (signal.aborted) throw new CancelledError();
    const prepared = await this.prepare(req);
    const { config, provider, messages, params, key } = prepared;
    const started = performance.now();

    if (site.readCache) {
      const hit = await this.lookups.get(key);
      if (signal.aborted) throw new CancelledError();
      // After the lookup: a call that missed just before this one is in flight by now.
      const shared = hit ? undefined : this.inFlight.get(key);
      // This run's own call: its answer or its error. Another run's call that ends without an answer (that run
      // was cancelled, or the call failed there) is made here.
      const sharedReply = shared && (this.mine.has(shared) ? await shared : await shared.catch(() => undefined));
      if (signal.aborted) throw new CancelledError();
      if (hit || sharedReply) {
        const reply: Reply = hit ? { text: hit.reply, inputTokens: hit.inputTokens ?? 0, outputTokens: hit.outputTokens ?? 0 } : sharedReply!;
        const latencyMs = elapsedMs(started);
        // A shared in-flight reply may be a truncated one (never a cache hit): it stays marked.
        const truncated = reply.truncated ? { truncated: true as const } : {};
        site.log.push({ cacheKey: key, cached: true, latencyMs, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens, costUsd: 0, retries: 0, ...truncated });
        site.traces?.push(callTrace(prepared, req, reply.text, true, latencyMs, 0, { inputTokens: reply.inputTokens, outputTokens: reply.outputTokens }, undefined, reply));
        return { text: reply.text, cached: true, ...truncated };
      }
    }

    let retries = 0;
    const pending = (async (): Promise<Reply> => {
      // The provider's endpoint limiter is the one concurrency limit: the answer is committed inside its slot.
      let committed = false;
      const callStarted = performance.now();
      const commit: NonNullable<ChatRequest["commit"]> = async (reply) => {
        committed = true;
        // A reply cut off by a token limit is not a finished answer: returned marked, never cached.
        if (reply.truncated) return;
        // Durable before anything depends on it, and before the slot is free: answers received but not yet
        // committed are never more than the endpoint's concurrency (what a kill can make the next run
        // re-send). The replies arriving during one commit share the next one.
        await this.writes.put({
          key,
          reply: reply.text,
          inputTokens: reply.usage?.inputTokens,
          outputTokens: reply.usage?.outputTokens,
          model: reply.model ?? config.model,
          createdAt: Date.now(),
          latencyMs: elapsedMs(callStarted),
        });
      };
      const reply = await provider.chat({
        model: config.model,
        messages: await this.toProviderMessages(messages, this.imageVariant(config)),
        params,
        signal,
        onToken: this.o.streamTokens
          ? (text) => this.o.emit({ type: "item-token", runId: this.o.runId, nodeId: site.nodeId, itemId: site.itemId, sample: req.sample, text })
          : undefined,
        onRetry: (info) => {
          retries = info.attempt;
          this.o.emit({ type: "call-retry", runId: this.o.runId, nodeId: site.nodeId, itemId: site.itemId, ...info });
        },
        commit,
        cacheKey: key,
      });
      // A provider without a limit of its own may leave the commit to the caller.
      if (!committed) await commit(reply);
      const out: Reply = { text: reply.text, inputTokens: reply.usage?.inputTokens ?? 0, outputTokens: reply.usage?.outputTokens ?? 0 };
      if (reply.stopReason !== undefined) out.stopReason = reply.stopReason;
      // Providers count their retries; onRetry counted them too (a provider may report only one way).
      retries = Math.max(reply.retries ?? 0, retries);
      if (reply.truncated) out.truncated = true;
      return out;
    })();
    this.inFlight.set(key, pending);
    this.mine.add(pending);
    try {
      const reply = await pending;
      const latencyMs = elapsedMs(started);
      site.log.push({
        cacheKey: key,
        cached: false,
        latencyMs,
        inputTokens: reply.inputTokens,
        outputTokens: reply.outputTokens,
        costUsd: costUsd(this.priceOf(req.model, config), reply.inputTokens, reply.outputTokens),
        priced: this.priceOf(req.model, config) !== undefined,
        retries,
        ...(reply.truncated ? { truncated: true as const } : {}),
      });
      const usage = { inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
      site.traces?.push(callTrace(prepared, req, reply.text, false, latencyMs, retries, usage, undefined, reply));
      return reply.truncated ? { text: reply.text, cached: false, truncated: true } : { text: reply.text, cached: false };
    } catch (e) {
      if (signal.aborted) throw new CancelledError();
      const spent = Math.max(retries, (e as { retries?: number }).retries ?? 0);
      site.traces?.push(callTrace(prepared, req, "", false, elapsedMs(started), spent, undefined, e instanceof Error ? e.message : String(e)));
      throw e;
    } finally {
      if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
    }
  }
}

/**
 * The cache key of a model call: sha256 over what determines the reply — provider kind, endpoint, model,
 * messages (images by content hash), effective params (with the call's own seed), sample index and repeat
 * index (only when > 0, so repeat 0 keeps the key of a run without repeats). Node ids are not part of it, so
 * a copied node, or another pipeline making the same call, hits the same entry.
 */
import type { ModelParams } from "../../shared/pipeline/schema";
import { canonicalJson } from "../../shared/pipeline/serialize";
import type { ChatMessage } from "../../shared/values";
import { sha256Hex } from "../store/hash";

export interface CacheKeyInput {
  provider: string;
  endpoint: string;
  model: string;
  messages: ChatMessage[];
  params: ModelParams;
  sample: number;
  /** Which repeat of a run (engine/repeats.ts); 0 or absent for a run without repeats. */
  repeat?: number;
}

const canonicalParamsCache = new WeakMap<object, string>();
function canonicalParams(params: ModelParams): string {
  let text = canonicalParamsCache.get(params);
  if (text === undefined) canonicalParamsCache.set(params, (text = canonicalJson(params)));
  return text;
}

/**
 * sha256 of canonicalJson({endpoint, messages, model, params, provider, [repeat,] sample}). Built with keys already in
 * sorted order so that JSON.stringify gives the canonical form without the generic (slower) re-ordering;
 * only the small params object goes through canonicalJson. A test checks both forms agree.
 */
export function cacheKey(input: CacheKeyInput): string {
  const messages = input.messages.map((m) => {
    if (!m.images || m.images.length === 0) return { content: m.content, role: m.role };
    const images = m.images.map((img) => {
      if (!img.hash) throw new Error(`image ${img.source} has no hash: load it before computing a cache key`);
      return { mime: img.mime ?? null, sha256: img.hash };
    });
    return { content: m.content, images, role: m.role };
  });
  const head = JSON.stringify({ endpoint: input.endpoint, messages, model: input.model });
  const repeat = input.repeat ? `,"repeat":${JSON.stringify(input.repeat)}` : "";
  const text = `${head.slice(0, -1)},"params":${canonicalParams(input.params)},"provider":${JSON.stringify(input.provider)}${repeat},"sample":${JSON.stringify(input.sample)}}`;
  return sha256Hex(text);
}

/** The reference form of the key input (what the fast path must equal). */
export function cacheKeyText(input: CacheKeyInput): string {
  return canonicalJson({
    provider: input.provider,
    endpoint: input.endpoint,
    model: input.model,
    messages: input.messages.map((m) => ({
      role: m.role,
      content: m.content,
      ...(m.images && m.images.length ? { images: m.images.map((img) => ({ sha256: img.hash, mime: img.mime ?? null })) } : {}),
    })),
    params: input.params,
    ...(input.repeat ? { repeat: input.repeat } : {}),
    sample: input.sample,
  });
}

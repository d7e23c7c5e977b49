/**
 * The cache key of a model call: sha256 over what determines the reply — provider kind, endpoint, model,
 * messages (images by content hash), effective params and sample index. Node ids are not part of it, so a
 * copied node, or another pipeline making the same call, hits the same entry.
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
}

export function cacheKey(input: CacheKeyInput): string {
  const messages = input.messages.map((m) => ({
    role: m.role,
    content: m.content,
    ...(m.images && m.images.length
      ? {
          images: m.images.map((img) => {
            if (!img.hash) throw new Error(`image ${img.source} has no hash: load it before computing a cache key`);
            return { sha256: img.hash, mime: img.mime ?? null };
          }),
        }
      : {}),
  }));
  return sha256Hex(
    canonicalJson({ provider: input.provider, endpoint: input.endpoint, model: input.model, messages, params: input.params, sample: input.sample }),
  );
}

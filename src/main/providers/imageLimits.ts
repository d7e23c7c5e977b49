/**
 * Per-provider image limits, checked (and met by scaling or re-encoding, engine/imageScale.ts fitImage)
 * before an image is sent:
 * - OpenAI: 20 MB per image; PNG, JPEG, WEBP, non-animated GIF.
 * - Anthropic: 5 MB per image as sent — the API measures the base64 text, so 3.75 MB of bytes — and at most
 *   8000 px a side; PNG, JPEG, GIF, WEBP.
 * - Gemini: PNG, JPEG, WEBP, HEIC, HEIF (no GIF: re-encoded as PNG); 20 MB for a whole inline request.
 * - Ollama, llama.cpp: no limit of their own (the model's projector scales).
 * A model's maxImageSide is applied as well (the smaller side wins).
 */
import type { ModelConfig, ProviderKind } from "../../shared/pipeline/schema";
import type { ImageFit } from "../engine/imageScale";

const MB = 1024 * 1024;

export const PROVIDER_IMAGE_LIMITS: Record<ProviderKind, ImageFit | undefined> = {
  openai: { maxBytes: 20 * MB, types: ["image/png", "image/jpeg", "image/webp", "image/gif"] },
  anthropic: { maxBytes: Math.floor((5 * MB * 3) / 4), maxSide: 8000, types: ["image/png", "image/jpeg", "image/gif", "image/webp"] },
  gemini: { maxBytes: 20 * MB, types: ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"] },
  ollama: undefined,
  "llama-cpp": undefined,
};

/** What images sent to this model must fit; undefined when nothing constrains them. */
export function imageFitFor(config: ModelConfig): ImageFit | undefined {
  const limits = PROVIDER_IMAGE_LIMITS[config.provider];
  const side = [limits?.maxSide, config.maxImageSide].filter((x): x is number => x !== undefined);
  if (!limits && !side.length) return undefined;
  return { ...limits, ...(side.length ? { maxSide: Math.min(...side) } : {}) };
}

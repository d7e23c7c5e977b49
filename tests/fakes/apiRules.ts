/**
 * What the real APIs refuse with a 400, for the fakes to refuse the same way (messages as the APIs word them):
 * - OpenAI: reasoning models (o1, o3, o3-mini, o4-mini, gpt-5, ...) refuse max_tokens ("use
 *   max_completion_tokens") and a temperature or top_p other than 1; an image over 20 MB is refused.
 * - Anthropic: temperature outside 0..1, temperature together with top_p, an image over 5 MB (measured on
 *   its base64 text, as the API does) or with a side over 8000 px.
 * - Gemini: image types other than PNG, JPEG, WEBP, HEIC, HEIF (no GIF).
 * Each check returns the error message, or undefined when the request is acceptable.
 */
import { imageSize } from "./imageSize";

export const OPENAI_IMAGE_MAX_BYTES = 20 * 1024 * 1024;
export const ANTHROPIC_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const ANTHROPIC_IMAGE_MAX_SIDE = 8000;
export const GEMINI_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"];

const REASONING = /^(o\d+($|[-.])|gpt-5)/;

const bytesOf = (base64: string) => Math.floor((base64.length * 3) / 4) - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);

export function openaiRefusal(body: any): string | undefined {
  const model = String(body?.model ?? "");
  if (REASONING.test(model)) {
    if (body.max_tokens !== undefined) return "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
    for (const p of ["temperature", "top_p"]) {
      if (body[p] !== undefined && body[p] !== 1) return `Unsupported value: '${p}' does not support ${body[p]} with this model. Only the default (1) value is supported.`;
    }
  }
  for (const m of body?.messages ?? []) {
    for (const part of Array.isArray(m.content) ? m.content : []) {
      const url: string = part?.image_url?.url ?? "";
      const data = url.slice(url.indexOf(",") + 1);
      if (part?.type === "image_url" && bytesOf(data) > OPENAI_IMAGE_MAX_BYTES) return `Invalid image: the image is larger than the 20 MB limit (${bytesOf(data)} bytes).`;
    }
  }
  return undefined;
}

export function anthropicRefusal(body: any): string | undefined {
  if (typeof body?.temperature === "number" && (body.temperature < 0 || body.temperature > 1)) return "temperature: range: 0..1";
  if (body?.temperature !== undefined && body?.top_p !== undefined) return "`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
  let i = 0;
  for (const m of body?.messages ?? []) {
    let j = 0;
    for (const block of Array.isArray(m.content) ? m.content : []) {
      if (block?.type === "image") {
        const data: string = block.source?.data ?? "";
        const bytes = data.length;
        const where = `messages.${i}.content.${j}.image.source.base64`;
        if (bytes > ANTHROPIC_IMAGE_MAX_BYTES) return `${where}: image exceeds 5 MB maximum: ${bytes} bytes > ${ANTHROPIC_IMAGE_MAX_BYTES} bytes`;
        const size = imageSize(Buffer.from(data, "base64"));
        if (size && Math.max(size.width, size.height) > ANTHROPIC_IMAGE_MAX_SIDE) {
          return `${where}.data: At least one of the image dimensions exceed max allowed size: ${ANTHROPIC_IMAGE_MAX_SIDE} pixels`;
        }
      }
      j++;
    }
    i++;
  }
  return undefined;
}

export function geminiRefusal(body: any): string | undefined {
  for (const c of body?.contents ?? []) {
    for (const part of c?.parts ?? []) {
      const inline = part?.inline_data ?? part?.inlineData;
      const mime = inline?.mime_type ?? inline?.mimeType;
      if (inline && !GEMINI_IMAGE_TYPES.includes(mime)) return `Unsupported MIME type: ${mime}`;
    }
  }
  return undefined;
}

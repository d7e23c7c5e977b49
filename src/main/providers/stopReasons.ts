/**
 * Why the model stopped, read the way each API reports it, sorted into three classes:
 * - complete: the model ended its answer (OpenAI "stop", Anthropic "end_turn"/"stop_sequence", Gemini "STOP",
 *   Ollama "stop", or a reason this table does not know: it is kept in the trace, not guessed at);
 * - truncated: the answer was cut off by a token limit (OpenAI "length", Anthropic "max_tokens" and
 *   "model_context_window_exceeded", Gemini "MAX_TOKENS", Ollama "length"). Such a reply is returned marked
 *   truncated and never cached as a finished answer;
 * - blocked: the API refused or filtered the answer (OpenAI "content_filter", Anthropic "refusal", Gemini
 *   "SAFETY", "RECITATION", "PROHIBITED_CONTENT", "SPII", "BLOCKLIST", "IMAGE_SAFETY", "LANGUAGE"). The same
 *   request would be refused again: a non-retryable error naming the reason.
 * Sources: openai-node ChatCompletion.Choice.finish_reason, anthropic-sdk-typescript StopReason, js-genai
 * FinishReason, Ollama's api.md (done_reason).
 */
import type { ProviderKind } from "../../shared/pipeline/schema";
import { AttemptError } from "./errors";

export type StopClass = "complete" | "truncated" | "blocked";

/** Per kind, the stop reasons that mean cut off and refused; the embedded engine reports its own (llamaCpp.ts). */
const STOP_REASONS: Record<ProviderKind, { truncated: readonly string[]; blocked: readonly string[] }> = {
  openai: { truncated: ["length"], blocked: ["content_filter"] },
  anthropic: { truncated: ["max_tokens", "model_context_window_exceeded"], blocked: ["refusal"] },
  gemini: { truncated: ["MAX_TOKENS"], blocked: ["SAFETY", "RECITATION", "PROHIBITED_CONTENT", "SPII", "BLOCKLIST", "IMAGE_SAFETY", "LANGUAGE"] },
  ollama: { truncated: ["length"], blocked: [] },
  "llama-cpp": { truncated: [], blocked: [] },
};

export function stopClass(kind: ProviderKind, reason: string | undefined): StopClass {
  if (reason === undefined) return "complete";
  if (STOP_REASONS[kind].truncated.includes(reason)) return "truncated";
  if (STOP_REASONS[kind].blocked.includes(reason)) return "blocked";
  return "complete";
}

/** What a protocol returns about the end of a reply. */
export interface StopInfo {
  stopReason?: string;
  /** Set (true) only when the reply was cut off by a token limit. */
  truncated?: true;
}

/**
 * The StopInfo of a reply that ended with `reason`; throws a non-retryable AttemptError for a blocked or
 * refused reply (`field` names the API's own field, e.g. "finish_reason").
 */
export function readStop(kind: ProviderKind, reason: string | undefined, field: string): StopInfo {
  const cls = stopClass(kind, reason);
  if (cls === "blocked") throw new AttemptError(`the reply was blocked by the API (${field}: ${reason})`, "refused");
  if (reason === undefined) return {};
  return cls === "truncated" ? { stopReason: reason, truncated: true } : { stopReason: reason };
}

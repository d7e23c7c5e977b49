/**
 * Turns the provider messages of one call into node-llama-cpp's chat history plus the new user prompt:
 * system and earlier user/assistant turns become the history, the last user message is the prompt. The
 * embedded llama.cpp is text-only, so any image is refused with a message that says so.
 */
import type { ChatHistoryItem } from "./nodeLlamaCpp";
import { ProviderError, type ProviderMessage } from "./types";

export interface LlamaCppTurns {
  history: ChatHistoryItem[];
  prompt: string;
}

/** Throws when a message carries images: llama.cpp embedded through node-llama-cpp has no image input. */
export function refuseImages(messages: readonly ProviderMessage[]): void {
  const count = messages.reduce((n, m) => n + (m.images?.length ?? 0), 0);
  if (count === 0) return;
  throw new ProviderError(
    `the embedded llama.cpp provider is text-only: this call sends ${count} image(s); ` +
      "use a multimodal server (Ollama, llama.cpp server with mmproj, vLLM) for image inputs",
  );
}

export function toLlamaCppTurns(messages: readonly ProviderMessage[]): LlamaCppTurns {
  refuseImages(messages);
  const last = messages[messages.length - 1];
  if (!last || last.role !== "user") {
    const got = last ? `the last message is from "${last.role}"` : "there are no messages";
    throw new ProviderError(`llama-cpp: a chat must end with a user message, but ${got}`);
  }
  const history: ChatHistoryItem[] = messages.slice(0, -1).map((m): ChatHistoryItem => {
    if (m.role === "system") return { type: "system", text: m.content };
    if (m.role === "user") return { type: "user", text: m.content };
    return { type: "model", response: [m.content] };
  });
  return { history, prompt: last.content };
}

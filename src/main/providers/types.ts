/**
 * The one interface every provider implements. Engine code talks only to this; each provider lives in its
 * own file (openai.ts, ollama.ts, ...) and is created by ./registry.ts from a pipeline's model config.
 */
import type { ModelConfig, ModelParams } from "../../shared/pipeline/schema";
import type { ChatMessage, Usage } from "./messages";

export type { ChatMessage, Usage };

/** An image ready to send: bytes already read and hashed by the engine's image loader. */
export interface LoadedImage {
  mime: string;
  /** base64 of the bytes */
  data: string;
  /** SHA-256 hex of the bytes */
  hash: string;
}

export interface ProviderMessage {
  role: "system" | "user" | "assistant";
  content: string;
  images?: LoadedImage[];
}

export interface ChatRequest {
  model: string;
  messages: ProviderMessage[];
  params: ModelParams;
  signal?: AbortSignal;
  /** Called with each streamed piece of text. After a retry the text starts again from the beginning. */
  onToken?: (text: string) => void;
  /**
   * Called before each retry (attempt is 1-based, delayMs the wait before it, reason the cause). Text already
   * passed to onToken belongs to the failed attempt and should be discarded.
   */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /**
   * Makes a received reply durable (the engine's cache write). A provider with a concurrency limit awaits it
   * before the request's slot is free, so replies received but not yet committed never outnumber the limit
   * (what a kill can make the next run re-send); its error is the chat's error. A provider may leave it
   * uncalled: the caller then commits after chat() returns.
   */
  commit?: (reply: Omit<ChatReply, "retries">) => Promise<void>;
  /** The call's cache key (the engine sets it): a batch model records it with the batch that carries the call. */
  cacheKey?: string;
}

export interface ChatReply {
  text: string;
  usage?: Usage;
  /** Number of retries spent on this call. */
  retries: number;
  /** The model that answered, as the server reports it. */
  model?: string;
  /** Why the model stopped, in the API's own words (e.g. "stop", "length", "end_turn"), when it said so. */
  stopReason?: string;
  /** The reply was cut off by a token limit: not a finished answer (never cached). */
  truncated?: true;
}

export interface ListedModel {
  id: string;
  description?: string;
}

export interface Provider {
  readonly kind: ModelConfig["provider"];
  /** Endpoint identity used in cache keys and for per-endpoint concurrency (e.g. base URL). */
  readonly endpoint: string;
  chat(request: ChatRequest): Promise<ChatReply>;
  listModels(signal?: AbortSignal): Promise<ListedModel[]>;
  /** Free resources (embedded models); optional. */
  close?(): Promise<void>;
}

/** An error the engine shows on the item: says what failed and whether retries were spent on it. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryable = false,
    readonly retries = 0,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

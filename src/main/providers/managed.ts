/**
 * A Provider built from a wire Protocol: every attempt runs inside the endpoint's AdaptiveLimiter, under the
 * transport's idle/overall timeouts, and failed attempts are retried (retry.ts). The API key is held here
 * only, sent by the protocol, and removed from every error message.
 */
import type { ModelConfig } from "../../shared/pipeline/schema";
import { endpointOf } from "../../shared/providers";
import { AttemptError } from "./errors";
import { endpointKey, EndpointLimiters, type AdaptiveLimiter, type Outcome } from "./limiter";
import { trimBase, type EndpointInfo, type Protocol } from "./protocol";
import { withRetries } from "./retry";
import { withAttempt, type AttemptOptions } from "./transport";
import { ProviderError, type ChatReply, type ChatRequest, type ListedModel, type Provider } from "./types";

export interface ManagedOptions {
  protocol: Protocol;
  config: ModelConfig;
  apiKey?: string;
  /** Set when config.apiKeyEnv names a variable that is empty: calls fail with a message naming it. */
  missingKeyEnv?: string;
  fetch: typeof fetch;
  defaultConcurrency: number;
  /** The run's (or service's) limiters; the provider's endpoint limiter is taken from it. Default: its own. */
  limiters?: EndpointLimiters;
  retryBaseDelayMs?: number;
  /** Overrides the idle timeout (default min(30 s, timeoutMs)). */
  idleTimeoutMs?: number;
  /** Cap of a server's Retry-After. Default 60 s. */
  retryAfterCapMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_IDLE_MS = 30_000;
/** A safety cap only: retrying normally ends when the call's deadline is spent. */
const DEFAULT_MAX_RETRIES = 100;
/** Total time of one call (all attempts and waits), unless the config sets deadlineMs: max(5 min, timeoutMs). */
export const DEFAULT_DEADLINE_MS = 300_000;
/** Longest reply text accepted unless the config sets maxReplyChars: 4 Mi characters (a long CoT is ~20k). */
export const DEFAULT_MAX_REPLY_CHARS = 4 * 1024 * 1024;
/** Longest raw body (SSE framing included: a token-per-event stream is ~30x its text). */
const BODY_BYTES_PER_CHAR = 64;

/** The base URL for display: without user:password@ and without a query string. */
function displayUrl(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    u.username = "";
    u.password = "";
    u.search = "";
    return trimBase(u.toString());
  } catch {
    return baseUrl;
  }
}

/** How an attempt's failure counts for the limiter: a 429 with a delay to wait is paced, not a reason to halve. */
function outcomeOf(err: unknown): Outcome {
  if (!(err instanceof AttemptError) || !err.rateLimited) return "failed";
  return err.retryAfterMs !== undefined ? "paced" : "rate-limited";
}

export class ManagedProvider implements Provider {
  readonly kind: ModelConfig["provider"];
  readonly endpoint: string;
  readonly limiter: AdaptiveLimiter;
  private readonly ep: EndpointInfo;
  private readonly attemptBase: Omit<AttemptOptions, "signal">;
  /** Total time of one call, every attempt and wait included. */
  private readonly deadlineMs: number;

  constructor(private readonly o: ManagedOptions) {
    const { config } = o;
    this.kind = config.provider;
    this.ep = { baseUrl: endpointOf(config) ?? "", apiKey: o.apiKey, config };
    this.endpoint = displayUrl(this.ep.baseUrl);
    const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxReplyChars = config.maxReplyChars ?? DEFAULT_MAX_REPLY_CHARS;
    this.deadlineMs = config.deadlineMs ?? Math.max(DEFAULT_DEADLINE_MS, timeoutMs);
    this.attemptBase = {
      fetch: o.fetch,
      timeoutMs,
      idleTimeoutMs: Math.min(o.idleTimeoutMs ?? DEFAULT_IDLE_MS, timeoutMs),
      retryAfterCapMs: o.retryAfterCapMs ?? 60_000,
      maxReplyChars,
      maxBodyBytes: Math.max(maxReplyChars * BODY_BYTES_PER_CHAR, 1 << 20),
    };
    this.limiter = (o.limiters ?? new EndpointLimiters()).for(
      endpointKey(this.kind, this.ep.baseUrl),
      { maxConcurrency: o.defaultConcurrency },
      { maxConcurrency: config.concurrency, requestsPerMinute: config.requestsPerMinute },
      config.concurrency,
    );
  }

  private redact = (text: string): string => {
    const key = this.o.apiKey;
    return key && key.length >= 4 ? text.split(key).join("[redacted]") : text;
  };

  private describe(model: string): string {
    return `${this.kind} ${this.endpoint} model ${model}`;
  }

  private checkKey(model: string): void {
    if (this.o.missingKeyEnv) {
      throw new ProviderError(`${this.describe(model)}: no API key: the environment variable ${this.o.missingKeyEnv} is not set`, undefined, false, 0);
    }
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const model = request.model || this.o.config.model;
    this.checkKey(model);
    const req = { ...request, model };
    // The deadline runs from the first attempt's start (time queued for the limiter before it does not count).
    let deadline: number | undefined;
    // A failed commit (the disk is full) is the chat's error as it is: not a failed attempt, never retried.
    let commitFailed: { error: unknown } | undefined;
    const { value, retries } = await withRetries(
      (attempt) =>
        this.limiter.run(
          async (ticket) => {
            let result;
            try {
              const now = Date.now();
              deadline ??= now + this.deadlineMs;
              result = await withAttempt({ ...this.attemptFor(deadline - now), signal: request.signal }, (http) => this.o.protocol.chat(http, this.ep, req));
              ticket.report("ok");
            } catch (err) {
              ticket.report(outcomeOf(err));
              throw err;
            }
            // Inside the slot: the next request starts only when this answer is durable.
            if (request.commit) await request.commit(result).catch((error: unknown) => (commitFailed = { error }));
            return result;
          },
          request.signal,
          attempt,
        ),
      {
        maxRetries: this.o.config.maxRetries ?? DEFAULT_MAX_RETRIES,
        deadline: () => deadline,
        deadlineName: `deadlineMs ${this.deadlineMs}`,
        baseDelayMs: this.o.retryBaseDelayMs,
        signal: request.signal,
        describe: this.describe(model),
        redact: this.redact,
        onRetry: request.onRetry,
      },
    );
    if (commitFailed) throw commitFailed.error;
    const reply: ChatReply = { text: value.text, usage: value.usage, model: value.model, retries };
    if (value.stopReason !== undefined) reply.stopReason = value.stopReason;
    if (value.truncated) reply.truncated = true;
    return reply;
  }

  /** The attempt's options when `leftMs` remain of the call's deadline: its timeout is cut to fit. */
  private attemptFor(leftMs: number): Omit<AttemptOptions, "signal"> {
    if (leftMs >= this.attemptBase.timeoutMs) return this.attemptBase;
    const timeoutMs = Math.max(1, leftMs);
    return {
      ...this.attemptBase,
      timeoutMs,
      timeoutReason: `the call's deadline (deadlineMs ${this.deadlineMs}) passed`,
      idleTimeoutMs: Math.min(this.attemptBase.idleTimeoutMs, timeoutMs),
    };
  }

  async listModels(signal?: AbortSignal): Promise<ListedModel[]> {
    this.checkKey(this.o.config.model);
    const { value } = await withRetries(
      () => withAttempt({ ...this.attemptBase, signal }, (http) => this.o.protocol.listModels(http, this.ep)),
      {
        maxRetries: Math.min(this.o.config.maxRetries ?? DEFAULT_MAX_RETRIES, 2),
        baseDelayMs: this.o.retryBaseDelayMs,
        signal,
        describe: `${this.kind} ${this.endpoint} (listing models)`,
        redact: this.redact,
      },
    );
    return value;
  }
}

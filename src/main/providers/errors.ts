/**
 * Errors of a single request attempt, and how to read an HTTP error reply. retry.ts decides from an
 * AttemptError whether to try again; the caller finally sees a ProviderError (./types.ts) or an AbortError.
 */

export type AttemptErrorKind = "http" | "network" | "idle" | "timeout" | "malformed";

/** One attempt failed. `retryable` says whether trying again can help. */
export class AttemptError extends Error {
  constructor(
    message: string,
    readonly kind: AttemptErrorKind,
    readonly status?: number,
    /** From a Retry-After header, already capped. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AttemptError";
  }

  get retryable(): boolean {
    if (this.kind !== "http") return true;
    const s = this.status ?? 0;
    return s === 408 || s === 409 || s === 429 || s >= 500;
  }

  get rateLimited(): boolean {
    return this.kind === "http" && this.status === 429;
  }
}

export function malformed(what: string): AttemptError {
  return new AttemptError(`malformed reply: ${what}`, "malformed");
}

/** The error a caller's abort produces: a DOMException named "AbortError", like fetch's own. */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The operation was aborted", "AbortError");
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === "AbortError";
}

/**
 * Retry-After is either delay-seconds (decimals tolerated) or an HTTP date. Returns milliseconds capped at
 * `capMs`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, capMs: number, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), capMs);
}

/** The server's own words from an error body: OpenAI {error:{message}}, Ollama {error}, others {message}/{detail}. */
export function serverMessage(body: string): string {
  const text = body.trim();
  if (!text) return "(empty body)";
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const e = j.error;
    if (typeof e === "string") return e;
    if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
    if (typeof j.message === "string") return j.message;
    if (typeof j.detail === "string") return j.detail;
  } catch {
    /* not JSON: use the text */
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Names a network failure, e.g. "fetch failed (ECONNREFUSED)". */
export function networkMessage(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  const detail = code ?? cause?.message;
  return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
}

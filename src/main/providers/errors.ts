/**
 * Errors of a single request attempt, and how to read an HTTP error reply. retry.ts decides from an
 * AttemptError whether to try again; the caller finally sees a ProviderError (./types.ts) or an AbortError.
 */

/**
 * - http: an error status (or an error object inside a 200 reply); retryable for 408, 409, 429 and 5xx
 * - network, idle, timeout, malformed: retryable
 * - unreachable: nothing answers at the address (connection refused, unknown host, no route); retryable, but
 *   only for a short while (retry.ts: UNREACHABLE_BUDGET_MS), so a dead server fails an item in seconds
 * - incomplete: the reply stream ended before its end marker ("stream ended early"); retryable
 * - refused: the API blocked or refused the answer (a stop reason); not retryable
 * - too-large: the reply exceeded the size limit; not retryable
 * - final: anything else that trying again cannot fix (e.g. OpenAI's 429 insufficient_quota)
 */
export type AttemptErrorKind = "http" | "network" | "unreachable" | "idle" | "timeout" | "malformed" | "incomplete" | "refused" | "too-large" | "final";

const NOT_RETRYABLE: ReadonlySet<AttemptErrorKind> = new Set(["refused", "too-large", "final"]);

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
    if (NOT_RETRYABLE.has(this.kind)) return false;
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

/** A reply stream that stopped before its end marker (`marker` names it, e.g. "finish_reason or [DONE]"). */
export function endedEarly(marker: string, received: number): AttemptError {
  const got = received ? `after ${received} characters of text` : "without any text";
  return new AttemptError(`stream ended early: the reply stopped ${got} and without ${marker}`, "incomplete");
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

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Whether a network failure means that nothing answers at the address (rather than a dropped connection). */
export function isUnreachable(err: Error): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return UNREACHABLE_CODES.has(cause?.code ?? (err as { code?: string }).code ?? "");
}

/** Names a network failure, e.g. "fetch failed (ECONNREFUSED)". */
export function networkMessage(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  const detail = code ?? cause?.message;
  return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
}

/** A google.protobuf.Duration in JSON form ("37s", "0.250s") as milliseconds. */
function durationMs(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Number(m[1]) * 1000 : undefined;
}

/**
 * The wait a server asks for before the next attempt, capped at capMs: OpenAI's `retry-after-ms` header,
 * the standard `Retry-After` (seconds or an HTTP date), or Gemini's RetryInfo in the error body
 * (`error.details[]` with "@type" "type.googleapis.com/google.rpc.RetryInfo" and `retryDelay` "37s").
 */
export function requestedDelay(headers: Headers, body: string, capMs: number, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.min(Math.round(Number(ms)), capMs);
  const after = parseRetryAfter(headers.get("retry-after"), capMs, now);
  if (after !== undefined) return after;
  if (!body.includes("retryDelay")) return undefined;
  try {
    const j = JSON.parse(body) as { error?: { details?: unknown } };
    const details = Array.isArray(j.error?.details) ? (j.error.details as Record<string, unknown>[]) : [];
    for (const d of details) {
      const delay = durationMs(d?.retryDelay);
      if (delay !== undefined && String(d["@type"] ?? "").endsWith("google.rpc.RetryInfo")) return Math.min(Math.round(delay), capMs);
    }
  } catch {
    /* not JSON */
  }
  return undefined;
}

/** An error reply that no retry can fix although its status is retryable: OpenAI's 429 insufficient_quota. */
export function finalReason(status: number, body: string): string | undefined {
  if (status !== 429 || !body.includes("insufficient_quota")) return undefined;
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; type?: unknown } }).error;
    if (e?.code === "insufficient_quota" || e?.type === "insufficient_quota") return "insufficient_quota (the account has no credit left: retrying cannot help)";
  } catch {
    /* not JSON */
  }
  return undefined;
}

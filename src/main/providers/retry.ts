/**
 * Retries with exponential backoff and full jitter, within a time budget. What is retried is decided by
 * AttemptError.retryable (429, 408, 409, 5xx, network errors, hung or timed-out attempts, malformed replies,
 * streams that ended early); a delay the server asks for (Retry-After, retry-after-ms, Gemini's retryDelay)
 * is waited out (capped by the transport). Retries go on until the call's deadline would pass before the
 * next attempt could start (a burst of faults is waited out, not counted), or until maxRetries when one is
 * set. An unreachable server (connection refused, unknown host) is the exception: a server that restarts
 * is back within seconds, a dead one is not, so such failures are retried for UNREACHABLE_BUDGET_MS from
 * the first of them in a row, not until the deadline (else every item of a run against a stopped server
 * waits out minutes of backoff). A caller abort stops at once with an AbortError, also during a backoff sleep. Final failures become
 * a ProviderError naming the endpoint and model, with the number of retries spent and the last cause.
 */
import { AttemptError, abortError, isAbortError } from "./errors";
import { ProviderError } from "./types";

export interface RetryInfo {
  /** 1-based number of the retry about to happen. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface RetryOptions {
  /** Most retries of one call (a safety cap; the deadline is what normally ends retrying). */
  maxRetries: number;
  /** When the call must be over (Date.now() ms); read before each retry. No deadline when it returns undefined. */
  deadline?: () => number | undefined;
  /** Names the deadline in the give-up message, e.g. "deadlineMs 300000". */
  deadlineName?: string;
  /** First backoff ceiling; doubles per retry. Default 500 ms. Tests pass ~1 ms. */
  baseDelayMs?: number;
  /** How long consecutive unreachable-server failures are retried. Default UNREACHABLE_BUDGET_MS. */
  unreachableBudgetMs?: number;
  /** Ceiling of a backoff delay (not of Retry-After). Default 20 s. */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Names the call in errors, e.g. "openai http://127.0.0.1:8000/v1 model qwen". */
  describe: string;
  onRetry?: (info: RetryInfo) => void;
  /** Applied to every error message (removes secrets). */
  redact?: (text: string) => string;
  /** Injectable for tests; default Math.random. */
  random?: () => number;
}

/** How long consecutive "nothing answers at the address" failures are retried. */
export const UNREACHABLE_BUDGET_MS = 10_000;

export interface Retried<T> {
  value: T;
  retries: number;
}

/** Full jitter: uniform in [0, min(max, base * 2^retry)]. `retry` counts from 0. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.round(random() * ceiling);
}

/** Sleeps unless the signal aborts first (then rejects with an AbortError). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<Retried<T>> {
  const redact = o.redact ?? ((s: string) => s);
  const base = o.baseDelayMs ?? 500;
  const max = o.maxDelayMs ?? 20_000;
  const unreachableBudget = o.unreachableBudgetMs ?? UNREACHABLE_BUDGET_MS;
  let unreachableSince: number | undefined;
  for (let retries = 0; ; retries++) {
    if (o.signal?.aborted) throw abortError(o.signal);
    try {
      return { value: await fn(retries), retries };
    } catch (err) {
      if (isAbortError(err) || o.signal?.aborted) throw abortError(o.signal);
      if (!(err instanceof AttemptError)) {
        if (err instanceof ProviderError) throw err;
        const msg = err instanceof Error ? err.message : String(err);
        throw new ProviderError(redact(`${o.describe}: ${msg}`), undefined, false, retries);
      }
      if (!err.retryable) {
        throw new ProviderError(redact(`${o.describe}: ${err.message}`), err.status, false, retries);
      }
      const spent = retries === 1 ? "1 retry" : `${retries} retries`;
      unreachableSince = err.kind === "unreachable" ? (unreachableSince ?? Date.now()) : undefined;
      if (unreachableSince !== undefined && Date.now() - unreachableSince >= unreachableBudget) {
        throw new ProviderError(redact(`${o.describe}: failed after ${spent}: nothing answered for ${unreachableBudget / 1000} s; last error: ${err.message}`), err.status, true, retries);
      }
      if (retries >= o.maxRetries) {
        throw new ProviderError(redact(`${o.describe}: failed after ${spent}; last error: ${err.message}`), err.status, true, retries);
      }
      const jitter = backoffDelay(retries, base, max, o.random);
      const delayMs = err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, jitter) : jitter;
      const deadline = o.deadline?.();
      if (deadline !== undefined && Date.now() + delayMs >= deadline) {
        const limit = o.deadlineName ? ` (${o.deadlineName})` : "";
        throw new ProviderError(redact(`${o.describe}: failed after ${spent}: the call's time limit${limit} is spent; last error: ${err.message}`), err.status, true, retries);
      }
      o.onRetry?.({ attempt: retries + 1, delayMs, reason: redact(err.message) });
      await abortableSleep(delayMs, o.signal);
    }
  }
}

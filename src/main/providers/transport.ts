/**
 * One HTTP request attempt with two watchdogs: an idle timeout (no bytes for idleTimeoutMs, including while
 * waiting for the headers) and an overall per-attempt timeout. Either aborts the attempt with a retryable
 * AttemptError; a caller abort ends it with an AbortError. Network failures become retryable AttemptErrors,
 * HTTP error statuses become AttemptErrors carrying the status, the server's message and Retry-After.
 */
import { watchAbort } from "./abortWatch";
import { AttemptError, abortError, finalReason, isUnreachable, networkMessage, requestedDelay, serverMessage } from "./errors";

export interface AttemptOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  idleTimeoutMs: number;
  /** Upper bound for a Retry-After the server asks for. */
  retryAfterCapMs: number;
  /** Longest reply text accepted (characters); longer replies fail with a "too-large" error. */
  maxReplyChars: number;
  /** Longest body read (bytes, all framing included); a longer one fails with a "too-large" error. */
  maxBodyBytes: number;
  /** Says why the overall timeout fired (default "timed out after N ms"). */
  timeoutReason?: string;
  signal?: AbortSignal;
}

/** What a protocol gets for one attempt. */
export interface AttemptHttp {
  /** fetch with the attempt's signal; throws AttemptError for non-2xx statuses. A body goes as JSON, a FormData as multipart. */
  send(url: string, init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: unknown }): Promise<Response>;
  /** The body as decoded text pieces; each piece counts as activity for the idle watchdog. */
  chunks(response: Response): AsyncGenerator<string>;
  /** The whole body as text (still watched for idleness). */
  text(response: Response): Promise<string>;
  /** Longest reply text accepted, in characters (ReplyText enforces it). */
  readonly maxReplyChars: number;
}

export async function withAttempt<T>(o: AttemptOptions, run: (http: AttemptHttp) => Promise<T>): Promise<T> {
  if (o.signal?.aborted) throw abortError(o.signal);
  const controller = new AbortController();
  let stalled: AttemptError | undefined;
  const stop = (err: AttemptError) => {
    if (!controller.signal.aborted) {
      stalled = err;
      controller.abort(err);
    }
  };
  /** Bodies received and not yet read to their end: only those need the abort that releases their socket. */
  let openBodies = 0;
  const onCallerAbort = () => controller.abort(abortError(o.signal));
  // One listener on the caller's (a run's) signal for all its attempts: see abortWatch.ts.
  const unwatchCaller = o.signal ? watchAbort(o.signal, onCallerAbort) : undefined;

  const overall = setTimeout(() => stop(new AttemptError(o.timeoutReason ?? `timed out after ${o.timeoutMs} ms`, "timeout")), o.timeoutMs);
  let idle: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => stop(new AttemptError(`no data received for ${o.idleTimeoutMs} ms (connection hung)`, "idle")), o.idleTimeoutMs);
  };

  const chunks = async function* (response: Response): AsyncGenerator<string> {
    if (!response.body) return;
    const reader = response.body.getReader();
    let ended = false;
    const decoder = new TextDecoder();
    let bytes = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        touch();
        bytes += value.byteLength;
        if (bytes > o.maxBodyBytes) {
          throw new AttemptError(`the reply body is larger than the limit of ${o.maxBodyBytes} bytes; it was not stored`, "too-large");
        }
        const piece = decoder.decode(value, { stream: true });
        if (piece) yield piece;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    } finally {
      reader.releaseLock();
      if (ended) openBodies--;
    }
  };
  const text = async (response: Response) => {
    let all = "";
    for await (const piece of chunks(response)) all += piece;
    return all;
  };

  const http: AttemptHttp = {
    chunks,
    text,
    maxReplyChars: o.maxReplyChars,
    async send(url, init) {
      touch();
      // A FormData body (a file upload) goes as multipart with the boundary fetch picks; anything else as JSON.
      const raw = init.body === undefined || init.body instanceof FormData;
      const response = await o.fetch(url, {
        method: init.method,
        headers: raw ? init.headers : { "content-type": "application/json", ...init.headers },
        body: init.body === undefined ? undefined : raw ? (init.body as FormData) : JSON.stringify(init.body),
        signal: controller.signal,
      });
      touch();
      if (response.body) openBodies++;
      if (!response.ok) {
        const body = await text(response).catch(() => "");
        const final = finalReason(response.status, body);
        if (final) throw new AttemptError(`HTTP ${response.status}: ${final}`, "final", response.status);
        const retryAfterMs = requestedDelay(response.headers, body, o.retryAfterCapMs);
        throw new AttemptError(`HTTP ${response.status}: ${serverMessage(body)}`, "http", response.status, retryAfterMs);
      }
      return response;
    },
  };

  let failed = true;
  try {
    const result = await run(http);
    failed = false;
    return result;
  } catch (err) {
    if (o.signal?.aborted) throw abortError(o.signal);
    if (stalled) throw stalled;
    if (err instanceof AttemptError) throw err;
    // fetch reports refused/reset/closed connections as TypeError("fetch failed" | "terminated") with a cause.
    if (err instanceof Error && ((err.name === "TypeError" && err.cause !== undefined) || "code" in err)) {
      throw new AttemptError(networkMessage(err), isUnreachable(err) ? "unreachable" : "network");
    }
    throw err;
  } finally {
    clearTimeout(overall);
    clearTimeout(idle);
    unwatchCaller?.();
    // Releases the socket if a body was not read to the end (e.g. after a parse error). A body read to its end
    // has released it already, and the abort (its DOMException, undici's abort path) costs per call.
    if (!controller.signal.aborted && (failed || openBodies > 0)) controller.abort(new DOMException("attempt finished", "AbortError"));
  }
}

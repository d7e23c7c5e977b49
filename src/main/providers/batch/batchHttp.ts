/**
 * The HTTP of batch APIs: one request (JSON, a multipart upload, or a results file read whole), each attempt
 * under the transport's timeouts, retried with backoff on network failures, 408/409/429 and 5xx (honouring
 * Retry-After) like a chat call. The key is sent as the protocol's headers say and removed from every message.
 * Polls and uploads are few (one per batch per poll interval), so they take no slot of the endpoint's limiter.
 */
import { joinUrl, parseJson } from "../protocol";
import { withRetries } from "../retry";
import { withAttempt } from "../transport";

export interface BatchHttpOptions {
  baseUrl: string;
  /** The protocol's auth and version headers. */
  headers: Record<string, string>;
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Names the endpoint in errors, e.g. "openai batch at https://api.openai.com/v1". */
  describe: string;
  redact: (text: string) => string;
  /** One attempt's limit (default 120 s; a results file of 100k lines takes a while). */
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
}

/** A results file may hold 100,000 replies: 1 GiB before it is refused. */
const MAX_BATCH_BODY_BYTES = 1024 * 1024 * 1024;

export class BatchHttp {
  constructor(readonly o: BatchHttpOptions) {}

  /** An absolute URL as it is (a results_url), a path under the base URL otherwise. */
  url(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : joinUrl(this.o.baseUrl, pathOrUrl);
  }

  async text(method: "GET" | "POST", pathOrUrl: string, body?: unknown): Promise<string> {
    const url = this.url(pathOrUrl);
    const what = `${method} ${url.replace(/\?.*$/, "")}`;
    const { value } = await withRetries(
      () =>
        withAttempt(
          {
            fetch: this.o.fetch,
            timeoutMs: this.o.timeoutMs ?? 120_000,
            idleTimeoutMs: Math.min(60_000, this.o.timeoutMs ?? 120_000),
            retryAfterCapMs: 120_000,
            maxReplyChars: MAX_BATCH_BODY_BYTES,
            maxBodyBytes: MAX_BATCH_BODY_BYTES,
            signal: this.o.signal,
          },
          async (http) => http.text(await http.send(url, { method, headers: this.o.headers, body })),
        ),
      { maxRetries: this.o.maxRetries ?? 8, baseDelayMs: this.o.retryBaseDelayMs, signal: this.o.signal, describe: `${this.o.describe}: ${what}`, redact: this.o.redact },
    );
    return value;
  }

  /** The same endpoint without the run's signal: a cancellation must still reach the provider after the abort. */
  withoutSignal(): BatchHttp {
    return new BatchHttp({ ...this.o, signal: undefined, maxRetries: 2 });
  }

  async json(method: "GET" | "POST", pathOrUrl: string, body?: unknown): Promise<unknown> {
    return parseJson(await this.text(method, pathOrUrl, body), `the answer to ${method} ${pathOrUrl}`);
  }
}

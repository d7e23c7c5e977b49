/**
 * Stage-by-stage batching for one `batch: true` model of a run. The engine's calls reach chat() as usual
 * (after the cache lookup and the in-flight de-duplication of ModelCaller, so only new, distinct calls come
 * here); they gather until none has arrived for `gatherMs` (the items in flight have all reached this node)
 * or a batch is full (the API's request and byte limits), then go out as one provider batch. When the batch
 * ends, its answers go into the call cache and the waiting items move on — to the next node, whose calls form
 * the next batch.
 *
 * Durable: the batch and each request's cache key are written to the store before submission; once the
 * provider has answered with the batch's id it is recorded too. A call whose key belongs to a submitted batch
 * that is not yet collected (an earlier run was killed, cancelled or closed while it waited) polls that batch
 * instead of being submitted again. Every answer of a batch is cached, also those no item of this run waits
 * for. Per request: a failed or expired one goes into a later batch (at most MAX_REQUEUES times), is made live,
 * or fails its item, as the model's batchFallback says. Cancelling the run cancels its batches at the provider.
 */
import { randomUUID } from "node:crypto";
import type { BatchEventState } from "../../../shared/events";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { abortableSleep } from "../../providers/retry";
import { ProviderError, type ChatReply, type ChatRequest } from "../../providers/types";
import type { BatchHttp } from "../../providers/batch/batchHttp";
import { FINAL_BATCH_STATES, type BatchLine, type BatchLineResult, type BatchPoll, type BatchProtocol } from "../../providers/batch/batchTypes";
import type { BatchesRepo, BatchJobRow } from "../../store/batchesRepo";
import type { CacheRepo } from "../../store/cacheRepo";

/** Calls that keep arriving delay a batch by at most this many gather intervals (2 s → 1 min). */
export const MAX_GATHER_FACTOR = 30;

/** A request that failed inside a batch goes into at most this many later batches before it fails its item. */
export const MAX_REQUEUES = 2;

export interface BatchCollectorOptions {
  /** The model's name in the pipeline and its config. */
  name: string;
  config: ModelConfig;
  /** The provider's endpoint identity (as in cache keys). */
  endpoint: string;
  protocol: BatchProtocol;
  http: BatchHttp;
  batches: BatchesRepo;
  cache: Pick<CacheRepo, "put">;
  runId: string;
  signal: AbortSignal;
  /** A call made live (batchFallback "live"): the wrapped provider's chat. */
  live: (request: ChatRequest) => Promise<ChatReply>;
  onState: (e: { batchId: string; state: BatchEventState; total: number; succeeded: number; failed: number; waitedMs: number; resumed?: true }) => void;
  /** Quiet time after the last new call before a batch goes out. */
  gatherMs: number;
  /** Time between polls of a batch. */
  pollMs: number;
}

interface Waiter {
  key: string;
  request: ChatRequest;
  requeues: number;
  resolve: (reply: ChatReply) => void;
  reject: (e: unknown) => void;
}

function abortError(): Error {
  return new DOMException("The operation was aborted", "AbortError");
}

export class BatchCollector {
  private pending: Waiter[] = [];
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly polling = new Map<string, Promise<void>>();
  private gatherTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingBytes = 0;
  /** When the oldest call now gathering arrived: a batch goes out at the latest MAX_GATHER_FACTOR × gatherMs after it. */
  private pendingSince = 0;

  constructor(private readonly o: BatchCollectorOptions) {
    o.signal.addEventListener("abort", () => this.onAbort(), { once: true });
  }

  chat(request: ChatRequest): Promise<ChatReply> {
    const key = request.cacheKey;
    if (!key) return Promise.reject(new Error(`model "${this.o.name}": a batch call needs its cache key`));
    if (this.o.signal.aborted) return Promise.reject(abortError());
    return new Promise<ChatReply>((resolve, reject) => {
      const waiter: Waiter = { key, request, requeues: 0, resolve, reject };
      const job = this.o.batches.openJobFor(key, this.o.endpoint, this.o.config.model);
      if (job) {
        this.wait(waiter);
        this.follow(job, true);
      } else {
        this.enqueue(waiter);
      }
    });
  }

  private wait(w: Waiter): void {
    const list = this.waiting.get(w.key);
    if (list) list.push(w);
    else this.waiting.set(w.key, [w]);
  }

  private enqueue(w: Waiter): void {
    if (!this.pending.length) this.pendingSince = Date.now();
    this.pending.push(w);
    this.pendingBytes += this.o.protocol.lineBytes({ customId: w.key, request: w.request });
    clearTimeout(this.gatherTimer);
    if (this.pending.length >= this.o.protocol.maxRequests || this.pendingBytes >= this.o.protocol.maxBytes) this.flush();
    else {
      // Quiet for gatherMs, but calls trickling in (rows read slowly) do not hold a batch back for ever.
      const latest = this.pendingSince + MAX_GATHER_FACTOR * this.o.gatherMs - Date.now();
      this.gatherTimer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.o.gatherMs, latest)));
    }
  }

  /** Sends what has gathered, in batches within the API's limits. */
  private flush(): void {
    clearTimeout(this.gatherTimer);
    const all = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    let chunk: Waiter[] = [];
    let bytes = 0;
    for (const w of all) {
      const size = this.o.protocol.lineBytes({ customId: w.key, request: w.request });
      if (chunk.length && (chunk.length >= this.o.protocol.maxRequests || bytes + size > this.o.protocol.maxBytes)) {
        void this.submit(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(w);
      bytes += size;
    }
    if (chunk.length) void this.submit(chunk);
  }

  private async submit(chunk: Waiter[]): Promise<void> {
    const id = `batch-${randomUUID()}`;
    const lines: BatchLine[] = chunk.map((w) => ({ customId: w.key, request: w.request }));
    for (const w of chunk) this.wait(w);
    try {
      this.o.batches.create({ id, provider: this.o.config.provider, endpoint: this.o.endpoint, model: this.o.config.model, runId: this.o.runId, requests: lines.map((l) => ({ customId: l.customId, cacheKey: l.customId })) });
      const remoteId = await this.o.protocol.submit(this.o.http, this.o.config.model, lines, `cascade-${this.o.name}-${id.slice(6, 14)}`);
      this.o.batches.submitted(id, remoteId, "validating");
      this.o.onState({ batchId: remoteId, state: "submitted", total: chunk.length, succeeded: 0, failed: 0, waitedMs: 0 });
      this.follow(this.o.batches.get(id)!, false);
    } catch (e) {
      this.o.batches.drop(id);
      const error = this.o.signal.aborted ? abortError() : new ProviderError(`model "${this.o.name}": submitting a batch of ${chunk.length} requests failed: ${(e as Error).message}`);
      for (const w of chunk) this.settle(w.key, (x) => x.reject(error));
    }
  }

  /** Polls a submitted batch (once per process, however many calls wait on it) until its results are read. */
  private follow(job: BatchJobRow, resumed: boolean): void {
    if (this.polling.has(job.id)) return;
    const p = this.pollUntilDone(job, resumed).catch((e: unknown) => {
      if (this.o.signal.aborted) return;
      const error = new ProviderError(`model "${this.o.name}": batch ${job.remoteId}: ${(e as Error).message}`);
      this.o.batches.update(job.id, "failed", job.counts, error.message);
      for (const r of this.o.batches.requests(job.id)) this.settle(r.cacheKey, (w) => w.reject(error));
    });
    this.polling.set(job.id, p);
  }

  private async pollUntilDone(job: BatchJobRow, resumed: boolean): Promise<void> {
    const remoteId = job.remoteId!;
    let last = job.state;
    let poll: BatchPoll;
    for (;;) {
      poll = await this.o.protocol.poll(this.o.http, remoteId);
      if (poll.state !== last || resumed) {
        this.o.batches.update(job.id, poll.state, poll.counts, poll.error);
        this.o.onState({ batchId: remoteId, state: poll.state, ...poll.counts, waitedMs: Date.now() - job.createdAt, ...(resumed ? { resumed: true as const } : {}) });
        last = poll.state;
        resumed = false;
      }
      if (FINAL_BATCH_STATES.has(poll.state)) break;
      await abortableSleep(this.o.pollMs, this.o.signal);
    }
    const requests = this.o.batches.requests(job.id);
    const results = await this.o.protocol.results(this.o.http, remoteId, poll, requests.map((r) => r.customId));
    for (const r of requests) await this.deliver(r.cacheKey, results.get(r.customId), remoteId, poll);
    this.o.batches.update(job.id, "collected", poll.counts, poll.error);
    this.o.onState({ batchId: remoteId, state: "collected", ...poll.counts, waitedMs: Date.now() - job.createdAt });
  }

  /** One request's answer: cached and handed to whoever waits for it, or its failure handled by the fallback. */
  private async deliver(key: string, result: BatchLineResult | undefined, batchId: string, poll: BatchPoll): Promise<void> {
    const res: BatchLineResult = result ?? { ok: false, error: poll.error ?? `the batch ended ${poll.state} without an answer for this request`, requeue: true };
    const waiters = this.waiting.get(key) ?? [];
    if (res.ok) {
      const reply: ChatReply = { text: res.text, usage: res.usage, model: res.model, stopReason: res.stopReason, retries: 0, ...(res.truncated ? { truncated: true as const } : {}) };
      const commit = waiters[0]?.request.commit;
      if (commit) await commit(reply);
      else if (!res.truncated) {
        await this.o.cache.put({ key, reply: res.text, inputTokens: res.usage?.inputTokens, outputTokens: res.usage?.outputTokens, model: res.model ?? this.o.config.model, createdAt: Date.now(), latencyMs: 0 });
      }
      this.settle(key, (w) => w.resolve(reply));
      return;
    }
    const fallback = this.o.config.batchFallback ?? "batch";
    this.waiting.delete(key);
    for (const w of waiters) {
      if (res.requeue && fallback === "batch" && w.requeues < MAX_REQUEUES) {
        w.requeues++;
        this.enqueue(w);
      } else if (res.requeue && fallback === "live") {
        this.o.live(w.request).then(w.resolve, w.reject);
      } else {
        w.reject(new ProviderError(`model "${this.o.name}": batch ${batchId}: the request failed: ${res.error}`));
      }
    }
  }

  private settle(key: string, fn: (w: Waiter) => void): void {
    const list = this.waiting.get(key);
    this.waiting.delete(key);
    for (const w of list ?? []) fn(w);
  }

  /** The run was cancelled: its batches are cancelled at the provider, and every waiting call ends. */
  private onAbort(): void {
    clearTimeout(this.gatherTimer);
    const error = abortError();
    for (const w of this.pending) w.reject(error);
    this.pending = [];
    for (const list of this.waiting.values()) for (const w of list) w.reject(error);
    this.waiting.clear();
    const cancelHttp = this.o.http.withoutSignal();
    for (const jobId of this.polling.keys()) {
      const job = this.o.batches.get(jobId);
      if (!job?.remoteId || FINAL_BATCH_STATES.has(job.state as never) || job.state === "collected") continue;
      this.o.batches.update(job.id, "cancelling", job.counts);
      this.o.onState({ batchId: job.remoteId, state: "cancelling", ...(job.counts ?? { total: job.requestCount, succeeded: 0, failed: 0 }), waitedMs: Date.now() - job.createdAt });
      void this.o.protocol.cancel(cancelHttp, job.remoteId).catch(() => undefined);
    }
  }

  /** Resolves when every batch this collector follows has been read (tests; the run awaits its items instead). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.polling.values()]);
  }
}

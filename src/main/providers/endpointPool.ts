/**
 * A model served by several replicas (`baseUrl` plus `replicas`: one served model behind several URLs, e.g.
 * vLLM on several GPU servers). Each replica is an ordinary provider with its own endpoint limiter (adaptive,
 * per URL). A call goes to the healthy replica expected to answer it first: the fewest calls in flight (queued
 * at its limiter included) times its recent time per call (an average over its last answers; a replica not
 * yet measured counts as fast as the best one, so it is tried), so a slow replica gets fewer calls. A replica
 * not yet measured, or being probed after failures, takes one call at a time until it answers (a slow start:
 * a dead replica costs one call, not a burst). A replica whose call fails for a reason
 * another server may not share (unreachable, timed out, 5xx, 429 after its retries) is drained — skipped
 * until a probe time that backs off from 1 s to 60 s — and the call is retried on another replica. The next
 * call after the probe time is the probe: an answer makes it healthy again. A call that fails for a reason
 * every replica would give (a 400, a blocked prompt, a missing key) fails at once.
 *
 * `endpoint` (the cache key's identity) is the pool's first URL, whichever replica answers: one served model
 * gives one answer per request, so a call cached from one replica is a hit for all.
 */
import { ProviderError, type ChatReply, type ChatRequest, type ListedModel, type Provider } from "./types";

/** First and longest wait before a drained replica is tried again. */
export const PROBE_FIRST_MS = 1_000;
export const PROBE_MAX_MS = 60_000;

interface Replica {
  url: string;
  provider: Provider;
  inFlight: number;
  /** Consecutive failures; 0 = healthy. */
  failures: number;
  /** While drained: not picked before this time (ms since epoch). */
  downUntil: number;
  calls: number;
  /** Moving average of its answered calls' time (ms), undefined until one answered. */
  latencyMs?: number;
}

/** Weight of the newest answer in a replica's moving average of latency. */
const LATENCY_WEIGHT = 0.2;

export interface PoolOptions {
  kind: Provider["kind"];
  /** The pool's identity (its first URL, as a single-URL provider of it would say). */
  endpoint: string;
  members: { url: string; provider: Provider }[];
  /** Attempts over the replicas before a call fails (default: twice the replicas, at least 3). */
  maxAttempts?: number;
  now?: () => number;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

/** Whether another replica may succeed where this one failed: not for what the request itself causes. */
function replicaFault(e: unknown): boolean {
  if (!(e instanceof ProviderError)) return true;
  if (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 409 && e.status !== 429) return false;
  return e.retryable || e.status === undefined || e.status >= 500 || e.status === 429;
}

export class EndpointPool implements Provider {
  readonly kind: Provider["kind"];
  readonly endpoint: string;
  private readonly replicas: Replica[];
  private readonly now: () => number;
  private waiting: (() => void)[] = [];

  constructor(private readonly o: PoolOptions) {
    this.kind = o.kind;
    this.endpoint = o.endpoint;
    this.now = o.now ?? Date.now;
    this.replicas = o.members.map((m) => ({ ...m, inFlight: 0, failures: 0, downUntil: 0, calls: 0 }));
  }

  /** Calls each replica received, by URL (tests, the UI). */
  callsByReplica(): Record<string, number> {
    return Object.fromEntries(this.replicas.map((r) => [r.url, r.calls]));
  }

  /**
   * The replica for the next attempt: among those not drained (and not tried by this call), the one expected
   * to answer first; an unproven replica only while it has nothing in flight. Null when every such replica is
   * unproven and busy (wait for one to answer). When all are drained, the one whose probe is due first.
   */
  private pick(exclude: ReadonlySet<Replica>): Replica | null {
    const now = this.now();
    const unproven = (r: Replica) => r.latencyMs === undefined || r.failures > 0;
    const candidates = this.replicas.filter((r) => !exclude.has(r));
    const up = candidates.filter((r) => r.downUntil <= now);
    if (!up.length) return (candidates.length ? candidates : this.replicas).reduce((a, b) => (b.downUntil < a.downUntil ? b : a));
    const eligible = up.filter((r) => !(unproven(r) && r.inFlight > 0));
    if (!eligible.length) return null;
    const known = eligible.map((r) => r.latencyMs).filter((v): v is number => v !== undefined);
    const best = known.length ? Math.min(...known) : 1;
    const expected = (r: Replica) => (r.inFlight + 1) * Math.max(1, r.latencyMs ?? best);
    return eligible.reduce((a, b) => {
      const d = expected(b) - expected(a);
      return d < 0 || (d === 0 && b.failures < a.failures) ? b : a;
    });
  }

  /** Resolves when a replica's call ends (one may have become free or proven). */
  private changed(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener("abort", done);
        resolve();
      };
      this.waiting.push(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  private wake(): void {
    const all = this.waiting;
    this.waiting = [];
    for (const w of all) w();
  }

  private drain(r: Replica): void {
    r.failures++;
    r.downUntil = this.now() + Math.min(PROBE_MAX_MS, PROBE_FIRST_MS * 2 ** (r.failures - 1));
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const maxAttempts = this.o.maxAttempts ?? Math.max(3, 2 * this.replicas.length);
    const tried = new Set<Replica>();
    let last: unknown;
    let retries = 0;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      // Each replica once before any twice: a failed call moves on to one it has not tried.
      if (tried.size === this.replicas.length) tried.clear();
      let r = this.pick(tried);
      while (!r) {
        await this.changed(request.signal);
        if (request.signal?.aborted) throw new DOMException("The operation was aborted", "AbortError");
        r = this.pick(tried);
      }
      tried.add(r);
      r.inFlight++;
      r.calls++;
      const started = this.now();
      try {
        const reply = await r.provider.chat(request);
        const took = this.now() - started;
        r.latencyMs = r.latencyMs === undefined ? took : r.latencyMs + LATENCY_WEIGHT * (took - r.latencyMs);
        r.failures = 0;
        r.downUntil = 0;
        return { ...reply, retries: reply.retries + retries };
      } catch (e) {
        if (isAbort(e) || request.signal?.aborted || !replicaFault(e)) throw e;
        last = e;
        retries += 1 + ((e as { retries?: number }).retries ?? 0);
        this.drain(r);
        request.onRetry?.({ attempt: retries, delayMs: 0, reason: `replica ${r.url}: ${(e as Error).message}` });
      } finally {
        r.inFlight--;
        this.wake();
      }
    }
    const message = last instanceof Error ? last.message : String(last);
    throw new ProviderError(`every replica of the pool failed (${this.replicas.length} replicas, ${maxAttempts} attempts); last error: ${message}`, (last as ProviderError)?.status, true, retries);
  }

  /** The first replica that answers lists the models. */
  async listModels(signal?: AbortSignal): Promise<ListedModel[]> {
    let last: unknown;
    for (const r of [...this.replicas].sort((a, b) => a.failures - b.failures)) {
      try {
        return await r.provider.listModels(signal);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.replicas.map((r) => r.provider.close?.()));
  }
}

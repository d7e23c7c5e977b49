/**
 * Per-endpoint concurrency and rate limiting that adapts to the server. Built on p-queue, whose
 * `concurrency` can be changed while tasks run (lowering it just stops new starts until enough finish).
 *
 * - at most `concurrency` requests run at once (starts at maxConcurrency);
 * - with requestsPerMinute, request starts are spaced 60000/rpm ms apart;
 * - `backoffAfter` rate-limit replies (429) from requests started since the last change halve the
 *   concurrency (min 1) — but only while 429s are at least `backoffRate` of the recent replies (a window of
 *   the last 20): a server that rejects a steady few percent is not overloaded, and halving on those would
 *   pin the concurrency at 1 for good; replies of requests started before a halving do not count again,
 *   so one burst of 429s halves once, not down to 1;
 *   A 429 that says when to come back (Retry-After) is paced by that wait and does not halve: the server
 *   has set the pace, and halving as well would cut the throughput twice for one signal (a shared server
 *   answering every 5th request with a 20 ms Retry-After must not slow a run down to one request at a time);
 * - `recoverAfter` consecutive successes raise it by max(1, ⌈maxConcurrency/8⌉), up to maxConcurrency: a
 *   limiter backed off from 64 to 4 is back in ~120 successes, not in 600.
 * - a retried attempt (priority = its retry number) starts before first attempts that wait for a slot, so
 *   the item that is already late is not also queued behind fresh work.
 *
 * One limiter per endpoint (provider kind + base URL) in an EndpointLimiters, which a run (or the service,
 * for every run it starts) creates and hands to each provider it builds, so two models on the same server
 * share one limit, and nothing is carried over from one run (or test) to the next through module state.
 *
 * A limiter may also have a SlotGate: a limit shared with other processes (`cascade worker`s on several
 * machines: distributed/sharedEndpointLimits.ts). A request that has its local slot then waits for a slot of
 * the gate too, and frees it when it ends: the local limiter adapts as before, the gate caps the sum.
 */
import PQueue from "p-queue";
import { watchAbort } from "./abortWatch";
import { abortError } from "./errors";
import { abortableSleep } from "./retry";

export interface LimiterSettings {
  maxConcurrency: number;
  requestsPerMinute?: number;
  /** 429s (since the last change) that halve the concurrency. Default 2. */
  backoffAfter?: number;
  /** Consecutive successes that add 1 to the concurrency. Default 10. */
  recoverAfter?: number;
  /** Share of 429s among the recent replies needed to back off. Default 0.5. */
  backoffRate?: number;
}

const WINDOW = 20;

/** "paced": a 429 that came with the delay to wait (Retry-After). */
export type Outcome = "ok" | "rate-limited" | "paced" | "failed";

/** Passed to the task so it can report how the request went. */
export interface LimiterTicket {
  report(outcome: Outcome): void;
}

/** A limit shared beyond this process: `acquire` resolves with the function that frees the slot it took. */
export interface SlotGate {
  acquire(signal?: AbortSignal, priority?: number): Promise<() => void>;
}

export class AdaptiveLimiter {
  private readonly queue: PQueue;
  /** The endpoint's limit shared with other processes, if any (EndpointLimiters.for). */
  gate?: SlotGate;
  private settings: Required<Omit<LimiterSettings, "requestsPerMinute">> & { requestsPerMinute?: number };
  private epoch = 0;
  private rateLimitedInEpoch = 0;
  private successStreak = 0;
  private nextStartAt = 0;
  /** The last WINDOW outcomes as 1 (rate-limited) or 0 (ok), in a ring. */
  private readonly recent: number[] = [];
  private recentAt = 0;

  constructor(settings: LimiterSettings) {
    this.settings = { backoffAfter: 2, recoverAfter: 10, backoffRate: 0.5, ...settings };
    this.queue = new PQueue({ concurrency: this.settings.maxConcurrency });
  }

  /** Current allowed concurrency (≤ maxConcurrency). */
  get concurrency(): number {
    return this.queue.concurrency;
  }

  get maxConcurrency(): number {
    return this.settings.maxConcurrency;
  }

  /** Requests running now. */
  get running(): number {
    return this.queue.pending;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.queue.size;
  }

  /** Changes the limits (e.g. a newer config for the same endpoint); a backed-off concurrency stays backed off. */
  configure(settings: Partial<LimiterSettings>): void {
    const wasAtMax = this.queue.concurrency >= this.settings.maxConcurrency;
    for (const [k, v] of Object.entries(settings)) if (v !== undefined) (this.settings as Record<string, unknown>)[k] = v;
    const max = this.settings.maxConcurrency;
    this.queue.concurrency = wasAtMax ? max : Math.min(this.queue.concurrency, max);
  }

  /**
   * Runs `task` when a slot is free (and the rate allows). A caller abort rejects at once while the task
   * waits (it then never starts); a started task gets the signal itself and is awaited.
   */
  async run<T>(task: (ticket: LimiterTicket) => Promise<T>, signal?: AbortSignal, priority = 0): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    let started = false;
    const queued = this.queue.add(
      async () => {
        if (signal?.aborted) throw abortError(signal);
        started = true;
        await this.waitForRate(signal);
        const free = this.gate ? await this.gate.acquire(signal, priority) : undefined;
        if (signal?.aborted) {
          free?.();
          throw abortError(signal); // gave up while it waited for the shared slot
        }
        const epoch = this.epoch;
        let reported = false;
        try {
          return await task({
            report: (outcome) => {
              if (!reported) {
                reported = true;
                this.record(outcome, epoch);
              }
            },
          });
        } finally {
          free?.();
        }
      },
      { priority },
    ) as Promise<T>;
    if (!signal) return queued;
    // p-queue only notices an abort when the task reaches the front; answer a waiting caller now. A task
    // that has started has the signal itself and is awaited: what it finished (a committed answer) counts.
    queued.catch(() => {});
    // One listener on the run's signal for every waiting call (abortWatch.ts says why not one each).
    return new Promise<T>((resolve, reject) => {
      const unwatch = watchAbort(signal, () => {
        if (!started) reject(abortError(signal));
      });
      queued.then(
        (v) => {
          unwatch();
          resolve(v);
        },
        (e: unknown) => {
          unwatch();
          reject(e);
        },
      );
    });
  }

  private async waitForRate(signal?: AbortSignal): Promise<void> {
    const rpm = this.settings.requestsPerMinute;
    if (!rpm) return;
    const now = Date.now();
    const at = Math.max(now, this.nextStartAt);
    this.nextStartAt = at + 60_000 / rpm;
    if (at > now) await abortableSleep(at - now, signal);
  }

  /** Share of rate-limited replies among the recent ones. */
  private recentRate(): number {
    if (this.recent.length === 0) return 0;
    return this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
  }

  private remember(rateLimited: boolean): void {
    if (this.recent.length < WINDOW) this.recent.push(rateLimited ? 1 : 0);
    else this.recent[this.recentAt] = rateLimited ? 1 : 0;
    this.recentAt = (this.recentAt + 1) % WINDOW;
  }

  private record(outcome: Outcome, epoch: number): void {
    if (outcome === "paced") {
      this.successStreak = 0;
      return;
    }
    if (outcome !== "failed") this.remember(outcome === "rate-limited");
    if (outcome === "rate-limited") {
      this.successStreak = 0;
      if (epoch !== this.epoch) return; // started before the last change: already accounted for
      if (++this.rateLimitedInEpoch >= this.settings.backoffAfter && this.recentRate() >= this.settings.backoffRate) {
        this.queue.concurrency = Math.max(1, Math.floor(this.queue.concurrency / 2));
        this.newEpoch();
      }
    } else if (outcome === "ok") {
      if (++this.successStreak >= this.settings.recoverAfter) {
        this.successStreak = 0;
        if (this.queue.concurrency < this.settings.maxConcurrency) {
          const step = Math.max(1, Math.ceil(this.settings.maxConcurrency / 8));
          this.queue.concurrency = Math.min(this.settings.maxConcurrency, this.queue.concurrency + step);
          this.newEpoch();
        }
      }
    }
  }

  private newEpoch(): void {
    this.epoch++;
    this.rateLimitedInEpoch = 0;
  }
}

/** The key of an endpoint: provider kind + normalised base URL. */
export function endpointKey(kind: string, baseUrl: string): string {
  return `${kind} ${baseUrl.replace(/\/+$/, "")}`;
}

/** Makes (or resizes) the shared gate of an endpoint: `capacity` calls at once over every process. */
export type SharedGates = (key: string, capacity: number) => SlotGate;

/** The limiters of one run or one service: one AdaptiveLimiter per endpoint, created on first use. */
export class EndpointLimiters {
  private readonly byKey = new Map<string, AdaptiveLimiter>();

  /** `shared`: the gates of limits shared with other processes (a `cascade worker`'s); none by default. */
  constructor(private readonly shared?: SharedGates) {}

  /**
   * The endpoint's limiter. Later calls update its limits only with values that are given explicitly
   * (`explicit`), so a model without its own concurrency does not reset a limit another model on the same
   * server asked for. `sharedCapacity` (a model config's own `concurrency`) is the endpoint's limit over every
   * process when this EndpointLimiters has shared gates.
   */
  for(key: string, defaults: LimiterSettings, explicit: Partial<LimiterSettings> = {}, sharedCapacity?: number): AdaptiveLimiter {
    const given = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined)) as Partial<LimiterSettings>;
    let limiter = this.byKey.get(key);
    if (!limiter) {
      limiter = new AdaptiveLimiter({ ...defaults, ...given });
      this.byKey.set(key, limiter);
    } else if (Object.keys(given).length) {
      limiter.configure(given);
    }
    if (this.shared && sharedCapacity !== undefined) limiter.gate = this.shared(key, sharedCapacity);
    return limiter;
  }

  /** The endpoint's limiter, if one was made (for the UI and tests). */
  get(key: string): AdaptiveLimiter | undefined {
    return this.byKey.get(key);
  }
}

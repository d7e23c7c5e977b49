/**
 * Endpoint limits that hold over every `cascade worker` (#19): a model's `concurrency` is its server's limit,
 * and N workers each allowed `concurrency` calls would send N times that. Here each endpoint's limit is a
 * set of slots in the shared PostgreSQL (store/shared/endpointLeases.ts) that a call takes before it is sent
 * and frees when it ends; each worker's own AdaptiveLimiter still runs in front of it (and backs off on 429s
 * as before), the shared slots cap the sum.
 *
 * A slot is a lease, not a lock held by a connection: it expires `leaseSeconds` after it was taken or last
 * renewed (a heartbeat renews this worker's leases every third of that), so a worker killed (SIGKILL, a
 * machine gone, a frozen VM) gives its slots back after at most that long, whatever the network does, and a
 * slot can be taken and freed over any pooled connection (or a pgbouncer in transaction mode). Why not
 * advisory locks: a session lock lives as long as its connection, so a vanished machine's locks stay until
 * the server's TCP keepalive notices (hours by default), and each worker would pin a connection for them.
 *
 * Per call: one query to take a slot (several calls waiting at once share one query) and one to free it —
 * or, when another call of this worker waits and no other worker waited longer, one to keep it for that call.
 * A waiting worker is woken by the NOTIFY of the worker that frees a slot when it is its turn, else it asks
 * again every `pollMs` (bench/workersBench.ts: ~4 lease queries per call when 4 workers each want all slots).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { SlotGate } from "../providers/limiter";
import { abortError } from "../providers/errors";
import { endpointId, endpointLabel, endpointLeaseTable, SLOTS_CHANNEL, type EndpointLeaseTable } from "../store/shared/endpointLeases";
import { listen, type Listening } from "../store/shared/listen";
import type { SharedDb } from "../store/shared/sharedCallCache";

export interface SharedLimitsOptions {
  /** A slot a worker holds without renewing is free again this long after (default 30 s). */
  leaseSeconds?: number;
  /** How often a waiting worker asks again when no NOTIFY woke it (default 250 ms). */
  pollMs?: number;
}

export interface SharedLimitsStats {
  /** Queries that asked for free slots, and the slots calls got (by those, or kept from a call that ended). */
  acquireQueries: number;
  slotsTaken: number;
  /** Slots this worker holds now. */
  held: number;
}

interface Waiter {
  priority: number;
  /** Hands the slot (already in `held`, or added here) to the call. */
  grant: (slot: number) => void;
  fail: (e: unknown) => void;
}

const WAITER_SECONDS = 2;

class EndpointSlots implements SlotGate {
  private readonly id: string;
  private readonly label: string;
  private readonly held = new Set<number>();
  private waiters: Waiter[] = [];
  private pumping = false;
  private ensured = 0;
  private wake: (() => void) | null = null;
  /** A poke that came while no pause was waiting (during a query): the next pause returns at once. */
  private poked = false;
  /** This worker has a row in cascade_endpoint_waiters (it asked for more than it got). */
  private registered = false;

  constructor(
    private readonly owner: SharedEndpointLimits,
    key: string,
    public capacity: number,
  ) {
    this.id = endpointId(key);
    this.label = endpointLabel(key);
  }

  get holding(): number {
    return this.held.size;
  }

  /** Extends the leases of the slots this worker's calls hold now. */
  renew(): Promise<void> {
    return this.held.size ? this.owner.table.renew(this.id, this.owner.holder, [...this.held], this.owner.leaseSeconds) : Promise.resolve();
  }

  acquire(signal?: AbortSignal, priority = 0): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(abortError(signal!));
        if (!this.waiters.length && this.registered && !this.pumping) {
          this.registered = false;
          void this.owner.table.stopWaiting(this.id, this.owner.holder).catch(() => {});
        }
      };
      const waiter: Waiter = {
        priority,
        grant: (slot) => {
          signal?.removeEventListener("abort", onAbort);
          this.held.add(slot);
          let freed = false;
          resolve(() => {
            if (freed) return;
            freed = true;
            this.free(slot);
          });
        },
        fail: (e) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      // Retries (higher priority) first, then in order of arrival.
      const at = this.waiters.findIndex((w) => w.priority < priority);
      if (at < 0) this.waiters.push(waiter);
      else this.waiters.splice(at, 0, waiter);
      void this.pump();
    });
  }

  /** A NOTIFY (a slot was freed somewhere) or a slot of ours freed: ask again now. */
  poke(): void {
    const w = this.wake;
    this.wake = null;
    if (w) w();
    else this.poked = true;
  }

  private free(slot: number): void {
    if (this.waiters.length && !this.owner.closed) {
      void this.handOver(slot);
      return;
    }
    this.held.delete(slot);
    void this.owner.table.release(this.id, this.owner.holder, [slot]).catch(() => {}); // not freed: its lease runs out
  }

  /** Another call of ours waits: the slot goes to it unless another worker waited longer. */
  private async handOver(slot: number): Promise<void> {
    let outcome: "kept" | "passed" | "lost";
    try {
      outcome = await this.owner.table.handOver(this.id, this.owner.holder, slot, this.owner.leaseSeconds, WAITER_SECONDS);
    } catch {
      outcome = "lost"; // not freed: its lease runs out
    }
    const waiter = outcome === "kept" ? this.waiters.shift() : undefined;
    if (waiter) {
      this.owner.counted(1, 0);
      waiter.grant(slot); // still in `held`
      return;
    }
    this.held.delete(slot);
    if (outcome === "kept") void this.owner.table.release(this.id, this.owner.holder, [slot]).catch(() => {});
    // Passed on: this worker is in line now (HAND_OVER queued it) and is woken when its turn comes.
    if (outcome === "passed") this.registered = true;
    else this.poke();
    void this.pump();
  }

  private pause(): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => this.poke(), this.owner.pollMs);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length && !this.owner.closed) {
        if (this.ensured < this.capacity) {
          await this.owner.table.ensureSlots(this.id, this.label, this.capacity);
          this.ensured = this.capacity;
        }
        const wanted = Math.min(this.waiters.length, this.capacity - this.held.size);
        if (wanted <= 0) {
          await this.pause(); // every slot is ours: one comes back when a call of ours ends
          continue;
        }
        this.poked = false;
        const slots = await this.owner.table.acquire(this.id, this.owner.holder, this.capacity, wanted, this.owner.leaseSeconds, WAITER_SECONDS);
        this.owner.counted(slots.length, 1);
        this.registered = slots.length < wanted;
        for (const slot of slots) {
          const waiter = this.waiters.shift();
          if (waiter) waiter.grant(slot);
          else void this.owner.table.release(this.id, this.owner.holder, [slot]).catch(() => {}); // its caller gave up meanwhile
        }
        if (this.waiters.length && !slots.length) await this.pause();
      }
      if (this.owner.closed) for (const w of this.waiters.splice(0)) w.fail(new Error(`the worker stopped before a slot of ${this.label} was free`));
      if (this.registered && !this.waiters.length) {
        this.registered = false;
        await this.owner.table.stopWaiting(this.id, this.owner.holder);
      }
    } catch (e) {
      const error = new Error(`the shared endpoint limit (${this.label}) in ${this.owner.where} could not be taken: ${e instanceof Error ? e.message : String(e)}`);
      for (const w of this.waiters.splice(0)) w.fail(error);
    } finally {
      this.pumping = false;
    }
  }
}

export class SharedEndpointLimits {
  readonly table: EndpointLeaseTable;
  /** This worker in the lease table: host, process, and a random part (a pid is reused). */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  readonly leaseSeconds: number;
  readonly pollMs: number;
  readonly where: string;
  closed = false;
  private readonly byKey = new Map<string, EndpointSlots>();
  private readonly heartbeat: NodeJS.Timeout;
  private listening?: Listening;
  private stats = { acquireQueries: 0, slotsTaken: 0 };

  private constructor(postgres: SharedDb, o: SharedLimitsOptions) {
    this.table = endpointLeaseTable(postgres.pool);
    this.where = postgres.where;
    this.leaseSeconds = o.leaseSeconds ?? 30;
    this.pollMs = o.pollMs ?? 250;
    this.heartbeat = setInterval(() => {
      for (const slots of this.byKey.values()) void slots.renew().catch(() => {}); // missed: the next beat tries again
    }, (this.leaseSeconds * 1000) / 3);
    this.heartbeat.unref();
  }

  /** Listens for freed slots; without a LISTEN connection the workers still poll. */
  static async open(postgres: SharedDb, o: SharedLimitsOptions = {}): Promise<SharedEndpointLimits> {
    const limits = new SharedEndpointLimits(postgres, o);
    try {
      // A NOTIFY names the worker whose turn it is ('' after a worker stopped: everybody may ask).
      limits.listening = await listen(postgres.url, SLOTS_CHANNEL, (turn) => (turn === "" || turn === limits.holder) && limits.pokeAll(), () => (limits.listening = undefined));
    } catch {
      // polling only
    }
    return limits;
  }

  /** The endpoint's gate with `capacity` slots over every worker (EndpointLimiters' SharedGates). */
  gate = (key: string, capacity: number): SlotGate => {
    let slots = this.byKey.get(key);
    if (!slots) this.byKey.set(key, (slots = new EndpointSlots(this, key, capacity)));
    else slots.capacity = capacity;
    return slots;
  };

  counted(slots: number, queries: number): void {
    this.stats.acquireQueries += queries;
    this.stats.slotsTaken += slots;
  }

  snapshot(): SharedLimitsStats {
    return { ...this.stats, held: [...this.byKey.values()].reduce((n, s) => n + s.holding, 0) };
  }

  private pokeAll(): void {
    for (const s of this.byKey.values()) s.poke();
  }

  /** Frees every slot this worker holds and stops waiting. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.pokeAll();
    await this.listening?.close();
    await this.table.releaseAll(this.holder).catch(() => {});
  }
}

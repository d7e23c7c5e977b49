import { afterEach, describe, expect, it } from "vitest";
import { AdaptiveLimiter, EndpointLimiters, endpointKey, type Outcome, type SlotGate } from "../../../src/main/providers/limiter";
import { createProvider, limiterOf } from "../../../src/main/providers/registry";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one task that reports `outcome` after `ms`, tracking how many run at once. */
function tracker(limiter: AdaptiveLimiter) {
  const state = { running: 0, max: 0 };
  const run = (outcome: Outcome = "ok", ms = 5) =>
    limiter.run(async (ticket) => {
      state.running++;
      state.max = Math.max(state.max, state.running);
      await sleep(ms);
      state.running--;
      ticket.report(outcome);
      return outcome;
    });
  return { state, run };
}

describe("AdaptiveLimiter", () => {
  it("never runs more than its concurrency at once", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 3 });
    const { state, run } = tracker(limiter);
    await Promise.all(Array.from({ length: 20 }, () => run("ok", 10)));
    expect(state.max).toBe(3);
    expect(limiter.running).toBe(0);
  });

  it("halves once per burst of 429s, down to 1, and recovers +1 per K successes", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 8, backoffAfter: 2, recoverAfter: 3 });
    const { state, run } = tracker(limiter);
    // 8 concurrent 429s started in the same epoch: one halving, not four.
    await Promise.all(Array.from({ length: 8 }, () => run("rate-limited")));
    expect(limiter.concurrency).toBe(4);
    await Promise.all(Array.from({ length: 2 }, () => run("rate-limited")));
    expect(limiter.concurrency).toBe(2);
    await run("rate-limited");
    await run("rate-limited");
    expect(limiter.concurrency).toBe(1);
    await run("rate-limited");
    await run("rate-limited");
    expect(limiter.concurrency).toBe(1);

    state.max = 0;
    await Promise.all(Array.from({ length: 2 }, () => run("ok")));
    expect(state.max).toBe(1); // backed off: only one at a time
    expect(limiter.concurrency).toBe(1);
    await run("ok");
    expect(limiter.concurrency).toBe(2);
    for (let i = 0; i < 30; i++) await run("ok");
    expect(limiter.concurrency).toBe(8);
    for (let i = 0; i < 6; i++) await run("ok");
    expect(limiter.concurrency).toBe(8); // never above the configured maximum
  });

  it("does not back off for a steady few 429s, only when they dominate the recent replies", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 8 });
    const { run } = tracker(limiter);
    // Every 5th reply rejected, whatever the load: the server is not overloaded.
    for (let i = 1; i <= 60; i++) await run(i % 5 === 0 ? "rate-limited" : "ok", 1);
    expect(limiter.concurrency).toBe(8);
    // Then it rejects everything: back off.
    for (let i = 0; i < 12; i++) await run("rate-limited", 1);
    expect(limiter.concurrency).toBeLessThan(8);
  });

  it("a 429 breaks the success streak", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 4, backoffAfter: 1, recoverAfter: 3 });
    const { run } = tracker(limiter);
    await run("rate-limited");
    expect(limiter.concurrency).toBe(2);
    await run("ok");
    await run("ok");
    await run("rate-limited");
    expect(limiter.concurrency).toBe(1);
    await run("ok");
    await run("ok");
    expect(limiter.concurrency).toBe(1);
    await run("ok");
    expect(limiter.concurrency).toBe(2);
  });

  it("a 429 that says when to come back (Retry-After) is waited out without halving, and breaks the streak", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 8, backoffAfter: 1, recoverAfter: 2 });
    const { run } = tracker(limiter);
    await Promise.all(Array.from({ length: 8 }, () => run("paced")));
    expect(limiter.concurrency).toBe(8);
    await run("rate-limited");
    expect(limiter.concurrency).toBe(4);
    await run("ok");
    await run("paced");
    await run("ok");
    expect(limiter.concurrency).toBe(4); // the paced 429 broke the streak of 2
    await run("ok");
    expect(limiter.concurrency).toBe(5);
  });

  it("recovers in steps proportionate to its maximum (1/8 of it)", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 64, backoffAfter: 1, recoverAfter: 2 });
    const { run } = tracker(limiter);
    for (let i = 0; i < 4; i++) await run("rate-limited", 1);
    expect(limiter.concurrency).toBe(4);
    await run("ok", 1);
    await run("ok", 1);
    expect(limiter.concurrency).toBe(12);
    for (let i = 0; i < 14; i++) await run("ok", 1);
    expect(limiter.concurrency).toBe(64);
  });

  it("starts a retry (higher priority) before first attempts waiting for a slot", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 1 });
    const order: string[] = [];
    const task = (name: string) => async (t: { report(o: Outcome): void }) => {
      order.push(name);
      await sleep(5);
      t.report("ok");
    };
    const first = limiter.run(task("running"));
    const queued = [limiter.run(task("fresh-1")), limiter.run(task("fresh-2")), limiter.run(task("retry"), undefined, 1)];
    await Promise.all([first, ...queued]);
    expect(order).toEqual(["running", "retry", "fresh-1", "fresh-2"]);
  });

  it("awaits a started task when its caller aborts: what it finished is not thrown away", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 1 });
    const ac = new AbortController();
    const running = limiter.run(async (t) => {
      ac.abort();
      await sleep(20); // e.g. committing an answer that has arrived
      t.report("ok");
      return "committed";
    }, ac.signal);
    await expect(running).resolves.toBe("committed");
  });

  it("spaces request starts for requestsPerMinute", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 8, requestsPerMinute: 600 }); // one per 100 ms
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () =>
        limiter.run(async (t) => {
          starts.push(Date.now());
          t.report("ok");
        }),
      ),
    );
    // Timers may fire a few ms early relative to the recorded start; allow 15 ms.
    starts.forEach((s, i) => expect(s - starts[0]).toBeGreaterThanOrEqual(i * 100 - 15));
    expect(starts[3] - starts[0]).toBeLessThan(600);
  });

  it("rejects a queued task at once when its caller aborts, and never starts it", async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 1 });
    let started = 0;
    const blocker = limiter.run(async () => sleep(300));
    const ac = new AbortController();
    const queued = limiter.run(async () => {
      started++;
    }, ac.signal);
    setTimeout(() => ac.abort(), 20);
    const t0 = Date.now();
    const err = (await queued.catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("AbortError");
    expect(Date.now() - t0).toBeLessThan(200);
    await blocker;
    await sleep(10);
    expect(started).toBe(0);
  });
});

describe("limiter behind createProvider", () => {
  it("keeps concurrent chats to config.concurrency and shares the limiter between models on one endpoint", async () => {
    const s = await startFakeOpenAI({ latencyMs: 80 });
    servers.push(s);
    const limiters = new EndpointLimiters();
    const a = createProvider({ provider: "openai", model: "a", baseUrl: s.url, concurrency: 3 }, { limiters });
    const b = createProvider({ provider: "openai", model: "b", baseUrl: `${s.url}/` }, { limiters });
    const chats = Array.from({ length: 12 }, (_, i) =>
      (i % 2 ? a : b).chat({ model: i % 2 ? "a" : "b", messages: [{ role: "user", content: `q${i}` }], params: {} }),
    );
    await Promise.all(chats);
    expect(s.calls).toBe(12);
    expect(s.maxInFlight).toBe(3);
    expect(limiters.get(endpointKey("openai", s.url))?.maxConcurrency).toBe(3);
    expect(limiterOf(a)).toBe(limiterOf(b));
    expect(limiterOf(b)?.concurrency).toBe(3);
  });

  it("defaults to 8 concurrent requests per endpoint", async () => {
    const s = await startFakeOpenAI({ latencyMs: 150 });
    servers.push(s);
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url });
    await Promise.all(Array.from({ length: 20 }, (_, i) => p.chat({ model: "m", messages: [{ role: "user", content: `q${i}` }], params: {} })));
  });

  it("two runs' limiters are their own: a backed-off endpoint in one does not slow the other", async () => {
    const s = await startFakeOpenAI({ latencyMs: 20 });
    servers.push(s);
    const config = { provider: "openai" as const, model: "m", baseUrl: s.url, concurrency: 4 };
    const first = new EndpointLimiters();
    const a = createProvider(config, { limiters: first });
    const limiter = limiterOf(a)!;
    const { run } = tracker(limiter);
    for (let i = 0; i < 6; i++) await run("rate-limited", 1);
    expect(limiter.concurrency).toBe(1);
    const b = createProvider(config, { limiters: new EndpointLimiters() });
    expect(limiterOf(b)).not.toBe(limiter);
    await Promise.all(Array.from({ length: 8 }, (_, i) => b.chat({ model: "m", messages: [{ role: "user", content: `q${i}` }], params: {} })));
    expect(s.maxInFlight).toBe(4);
    expect(first.get(endpointKey("openai", s.url))).toBe(limiter);
  });

  it("waits out a storm of 429s that name their delay (Retry-After) without halving", async () => {
    const s = await startFakeOpenAI({ latencyMs: 20, retryAfterSeconds: 0.05, faults: (n) => (n <= 8 ? "429" : null) });
    servers.push(s);
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url, concurrency: 8 }, { retryBaseDelayMs: 1 });
    const started = Date.now();
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => p.chat({ model: "m", messages: [{ role: "user", content: `q${i}` }], params: {} })));
    expect(replies.every((r) => r.retries === 1)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 + 2 * 20 - 5);
    expect(limiterOf(p)?.concurrency).toBe(8);
  });

  it("backs off on a storm of 429s without Retry-After and the retried calls still succeed", async () => {
    const s = await startFakeOpenAI({ latencyMs: 20, retryAfterSeconds: null, faults: (n) => (n <= 8 ? "429" : null) });
    servers.push(s);
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url, concurrency: 8 }, { retryBaseDelayMs: 1 });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => p.chat({ model: "m", messages: [{ role: "user", content: `q${i}` }], params: {} })));
    expect(replies.every((r) => r.retries === 1)).toBe(true);
    const limiter = limiterOf(p);
    expect(limiter?.concurrency).toBe(4);
    const before = s.requests.length;
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.chat({ model: "m", messages: [{ role: "user", content: `r${i}` }], params: {} })));
    expect(s.requests.length - before).toBe(8);
    expect(limiter?.concurrency).toBe(5); // 16 successes: one step up (default streak 10)
  });
});

/** A gate of `capacity` slots in this process (the shared one lives in PostgreSQL: tests/integration/shared-limits). */
function countingGate(capacity: number) {
  const state = { held: 0, max: 0, acquired: 0 };
  const waiting: (() => void)[] = [];
  const gate: SlotGate = {
    async acquire() {
      while (state.held >= capacity) await new Promise<void>((r) => waiting.push(r));
      state.held++;
      state.acquired++;
      state.max = Math.max(state.max, state.held);
      return () => {
        state.held--;
        waiting.shift()?.();
      };
    },
  };
  return { gate, state };
}

describe("EndpointLimiters with shared gates", () => {
  it("two limiters of 4 (two workers) behind one gate of 3 run at most 3 at once, and free the slot when a task fails", async () => {
    const { gate, state } = countingGate(3);
    const made: [string, number][] = [];
    const shared = (key: string, capacity: number) => (made.push([key, capacity]), gate);
    const a = new EndpointLimiters(shared).for("openai http://x", { maxConcurrency: 4 }, {}, 3);
    const b = new EndpointLimiters(shared).for("openai http://x", { maxConcurrency: 4 }, {}, 3);
    let running = 0;
    let max = 0;
    const task = (fail: boolean) => async () => {
      running++;
      max = Math.max(max, running);
      await sleep(3);
      running--;
      if (fail) throw new Error("boom");
      return 1;
    };
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).run(task(i % 5 === 0))));
    expect(max).toBe(3);
    expect(state.max).toBe(3);
    expect(state.acquired).toBe(16);
    expect(state.held).toBe(0);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(4);
    expect(made).toEqual([["openai http://x", 3], ["openai http://x", 3]]);
  });

  it("a limit without a shared capacity (no model concurrency) or without gates has no gate", () => {
    const { gate } = countingGate(1);
    expect(new EndpointLimiters(() => gate).for("k", { maxConcurrency: 2 }).gate).toBeUndefined();
    expect(new EndpointLimiters().for("k", { maxConcurrency: 2 }, {}, 2).gate).toBeUndefined();
  });

  it("a caller that aborts while waiting for the gate gets an abort and the task never starts", async () => {
    const { gate } = countingGate(1);
    const limiter = new EndpointLimiters(() => gate).for("k", { maxConcurrency: 2 }, {}, 1);
    let started = 0;
    const first = limiter.run(async () => (started++, sleep(30)));
    const controller = new AbortController();
    const second = limiter.run(async () => started++, controller.signal);
    await sleep(5);
    controller.abort();
    await expect(second).rejects.toThrow(/abort/i);
    await first;
    expect(started).toBe(1);
  });
});

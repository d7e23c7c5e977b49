import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/main/store/store";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { chatRequests, requestKey, tempDir, writeCascade } from "./helpers";

const ITEMS = 100; // 3 model calls each
const LATENCY = 25;
const dir = tempDir("cascade-kill-");
const children: ChildProcess[] = [];
let fake: FakeServer;
let killFake: FakeServer;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await fake?.close();
  await killFake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> } {
  const child = spawn(process.execPath, ["bin/cascade.mjs", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  children.push(child);
  let stdout = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", () => {});
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, exit };
}

describe("SIGKILL halfway, then re-run", () => {
  it("sends no completed call twice and completes every item", async () => {
    // Replies unique per conversation, so every call of the cascade is distinct.
    fake = await startFakeOpenAI({
      latencyMs: LATENCY,
      reply: (r: RecordedRequest) => `reply ${createHash("sha256").update(JSON.stringify((r.body as { messages: unknown }).messages)).digest("hex").slice(0, 12)}`,
    });
    const file = writeCascade(dir, fake.url, ITEMS, 4);
    const db = join(dir, "kill.db");
    const args = ["run", file, "--db", db, "--json"];

    // Heartbeats every 50 ms (5 s by default), each with the engine's running totals.
    const first = cli(args, { CASCADE_HEARTBEAT_MS: "50" });
    let killedAt = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (fake.calls >= (3 * ITEMS) / 2) {
          clearInterval(timer);
          killedAt = Date.now();
          first.child.kill("SIGKILL");
          resolve();
        }
      }, 5);
      void first.exit.then(() => {
        clearInterval(timer);
        if (!killedAt) reject(new Error("the first run ended before it was killed"));
      });
    });
    const firstExit = await first.exit;
    expect(firstExit.signal).toBe("SIGKILL");
    const firstRequests = chatRequests(fake.requests);
    // A call is surely complete (reply sent, cache row flushed) when it finished well before the kill.
    const completed = firstRequests.filter((r) => r.at + LATENCY + 150 < killedAt);
    expect(completed.length).toBeGreaterThan(ITEMS / 2);

    const second = cli(args);
    const secondExit = await second.exit;
    expect(secondExit.code).toBe(0);
    const report = JSON.parse(secondExit.stdout);
    expect(report).toMatchObject({ status: "done", items: ITEMS, errors: 0 });

    const secondRequests = chatRequests(fake.requests).slice(firstRequests.length);
    const resent = new Set(secondRequests.map(requestKey));
    const sentTwice = completed.filter((r) => resent.has(requestKey(r)));
    expect(sentTwice).toHaveLength(0);
    // Everything the first run did not finish was sent by the second, once.
    expect(secondRequests.length).toBe(resent.size);
    expect(report.calls + report.cacheHits).toBe(3 * ITEMS);
    expect(report.cacheHits).toBeGreaterThanOrEqual(completed.length);

    const duplicates = firstRequests.filter((r) => resent.has(requestKey(r))).length;
    console.log(`kill/resume: ${firstRequests.length} requests before the kill (${completed.length} surely complete), ${secondRequests.length} after; ${duplicates} in flight at the kill were sent again`);

    const store = openStore(db, { staleRunMs: 10 * 60_000 });
    const finalRows = store.runs.results({ runId: report.runId, nodeId: "extract_llm", limit: 1000 }).rows;
    expect(finalRows).toHaveLength(ITEMS);
    expect(finalRows.every((r) => (r.status === "done" || r.status === "cached") && typeof r.output?.text === "string")).toBe(true);
    // Within the stale threshold the killed run may still be alive somewhere: it stays "running".
    expect(store.runs.list().map((r) => r.status).sort()).toEqual(["done", "running"]);
    // Its heartbeat stopped with it: past a (here tiny) threshold, `cascade runs` reports and stores it as interrupted.
    const listed = await cli(["runs", "--db", db, "--json"], { CASCADE_STALE_RUN_MS: "1" }).exit;
    expect(listed.code).toBe(0);
    const statuses = Object.fromEntries((JSON.parse(listed.stdout) as { id: string; status: string }[]).map((r) => [r.id === report.runId ? "second" : "killed", r.status]));
    expect(statuses).toEqual({ second: "done", killed: "interrupted" });
    expect(store.runs.list().map((r) => r.status).sort()).toEqual(["done", "interrupted"]);
    // Its totals are the engine's running totals of its last heartbeat (it stores its final ones only at the end).
    const killed = (JSON.parse(listed.stdout) as { id: string; totals: Record<string, number> }[]).find((r) => r.id !== report.runId)!.totals;
    expect(killed.items).toBeGreaterThan(0);
    expect(killed.itemsDone).toBeGreaterThan(0);
    expect(killed.itemsDone).toBeLessThan(ITEMS);
    expect(killed.itemsDone).toBeLessThanOrEqual(killed.items);
    expect(killed.calls).toBeGreaterThan(0);
    expect(killed.calls).toBeLessThanOrEqual(firstRequests.length);
    expect(killed.inputTokens).toBeGreaterThan(0);
    store.close();
  }, 30_000);
});

/** The fake's reply to a call: unique per conversation, so a later call containing it depends on it. */
const replyOf = (r: RecordedRequest) => `reply ${createHash("sha256").update(JSON.stringify((r.body as { messages: unknown }).messages)).digest("hex").slice(0, 12)}`;

describe("repeated SIGKILLs", () => {
  const KILLS = 8;
  const KILL_ITEMS = 200;
  const CONCURRENCY = 4;

  it("re-send no call whose answer anything used, and at most `concurrency` answered calls per kill", async () => {
    killFake = await startFakeOpenAI({ latencyMs: 5, reply: replyOf });
    const sub = join(dir, "kills");
    mkdirSync(sub);
    const file = writeCascade(sub, killFake.url, KILL_ITEMS, CONCURRENCY);
    const args = ["run", file, "--db", join(sub, "kills.db"), "--json"];

    // Each killed run: the chat requests it made (from which index of the fake's log) and when it was killed.
    const runs: { from: number; to: number; killedAt: number }[] = [];
    for (let k = 0; k < KILLS; k++) {
      const from = chatRequests(killFake.requests).length;
      const run = cli(args);
      const after = 20 + 9 * k; // kill at a different point of each run
      let killedAt = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (chatRequests(killFake.requests).length - from >= after) {
            clearInterval(timer);
            killedAt = Date.now();
            run.child.kill("SIGKILL");
            resolve();
          }
        }, 1);
        void run.exit.then(() => {
          clearInterval(timer);
          resolve();
        });
      });
      const exit = await run.exit;
      expect(exit.signal, `run ${k + 1} ended before it was killed`).toBe("SIGKILL");
      runs.push({ from, to: chatRequests(killFake.requests).length, killedAt });
    }
    const last = await cli(args).exit;
    expect(last.code).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ status: "done", items: KILL_ITEMS, errors: 0 });

    const all = chatRequests(killFake.requests);
    const perKill: number[] = [];
    for (const [k, { from, to, killedAt }] of runs.entries()) {
      const mine = all.slice(from, to);
      const later = new Set(all.slice(to).map(requestKey));
      // Answered by the fake (the whole reply written) before the kill, and yet sent again by a later run.
      const resent = mine.filter((r) => r.answeredAt !== undefined && r.answeredAt < killedAt && later.has(requestKey(r)));
      perKill.push(resent.length);
      for (const r of resent) {
        // Durable before anything depends on it: no call of the killed run carried this answer on.
        const reply = replyOf(r);
        const dependants = mine.filter((d) => JSON.stringify(d.body).includes(reply));
        expect(dependants, `run ${k + 1}: an answered call was re-sent although a later call used its answer`).toHaveLength(0);
      }
    }
    const total = perKill.reduce((a, b) => a + b, 0);
    console.log(`repeated kills: ${KILLS} SIGKILLs of a ${KILL_ITEMS}-item run (concurrency ${CONCURRENCY}): answered calls re-sent per kill ${perKill.join(", ")} (total ${total}, max ${Math.max(...perKill)})`);
    for (const n of perKill) expect(n).toBeLessThanOrEqual(CONCURRENCY);
  }, 120_000);
});

/**
 * `cascade run --repeats 3` (#11 repeats): against a fake whose replies follow the request's seed, every call
 * draws three distinct samples (one per repeat, each with its own seed and cache key), and the run prints each
 * score as mean ± sd over the repeats, stored with every run of the group.
 */
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/main/cli/main";
import type { CliIO } from "../../src/main/cli/command";
import { meanSd } from "../../src/shared/repeats";
import { openStore } from "../../src/main/store/store";
import { openaiMessages, startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { chatRequests, tempDir, writeCascade } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

/** A seeded fake model: the reply is a function of the last user message and the seed. */
function seededReply(req: { body: { seed?: number; messages: never } }): string {
  const last = openaiMessages(req.body).filter((m) => m.role === "user").pop()?.text ?? "";
  const h = createHash("sha256").update(`${req.body.seed}\n${last}`).digest();
  if (/final answer only/.test(last)) return h[0] % 2 ? "yes" : "no";
  return `thought ${h.toString("hex").slice(0, 8)} (seed ${req.body.seed})`;
}

let fake: FakeServer;
const dir = tempDir("cascade-repeats-");

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: seededReply as never });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade run --repeats", () => {
  it("draws three distinct samples per call and prints mean ± sd over the repeats", async () => {
    const file = writeCascade(dir, fake.url, 12);
    const db = join(dir, "repeats.db");
    const args = ["run", file, "--repeats", "3", "--set", "models.m.params.seed=11", "--set", "models.m.params.temperature=0.7", "--db", db];
    const io = capture();
    expect(await main([...args, "--json"], io)).toBe(0);
    const report = JSON.parse(io.stdout.join(""));

    // Three runs, one per repeat, each with its own seeds on the wire.
    const stats = report.repeat.stats;
    expect(stats.count).toBe(3);
    expect(stats.runIds).toHaveLength(3);
    expect(stats.runIds[0]).toBe(report.runId);
    expect(report.repeats.map((r: { runId: string }) => r.runId)).toEqual(stats.runIds);
    const reasonCalls = chatRequests(fake.requests).filter((r) => openaiMessages(r.body).at(-1)!.text.startsWith("Think step by step"));
    expect(reasonCalls).toHaveLength(36);
    const seedsByQuestion = new Map<string, Set<number>>();
    for (const r of reasonCalls) {
      const q = openaiMessages(r.body).at(-1)!.text;
      seedsByQuestion.set(q, (seedsByQuestion.get(q) ?? new Set()).add(r.body.seed));
    }
    expect(seedsByQuestion.size).toBe(12);
    for (const seeds of seedsByQuestion.values()) expect(seeds.size).toBe(3);

    // Three distinct samples per call: the stored replies of each item differ across the repeats.
    const store = openStore(db);
    try {
      for (let i = 1; i <= 12; i++) {
        const replies = stats.runIds.map((runId: string) => store.runs.getResult(runId, "reason", `item-${i}`)?.output?.text);
        expect(new Set(replies).size).toBe(3);
      }
      // The group's stats are stored with every run of it, and equal the mean ± sd of the repeats' accuracies.
      const accuracies = stats.runIds.map((id: string) => store.runs.summary(id).metrics.score[0].value);
      const { mean, sd } = meanSd(accuracies);
      for (const id of stats.runIds) {
        const s = store.runs.summary(id);
        expect(s.repeat?.group).toBe(report.runId);
        expect(s.repeat?.stats?.metrics.score[0]).toMatchObject({ name: "accuracy", k: 3, values: accuracies });
        expect(s.repeat!.stats!.metrics.score[0].mean).toBeCloseTo(mean, 12);
        expect(s.repeat!.stats!.metrics.score[0].sd).toBeCloseTo(sd, 12);
      }
      expect(stats.runIds.map((id: string) => store.runs.summary(id).repeat?.index)).toEqual([0, 1, 2]);
      expect(store.runs.summary(stats.runIds[2]).label).toBe("repeat 3/3");
    } finally {
      store.close();
    }

    // Run again, human output: every call of every repeat comes from the cache.
    const calls = fake.calls;
    const human = capture();
    expect(await main(args, human)).toBe(0);
    expect(fake.calls).toBe(calls);
    const text = human.stdout.join("\n");
    expect(text).toMatch(/repeats: 3 of 3 ran/);
    expect(text).toMatch(/repeat 3: run \S+ done, score accuracy \d\.\d{3}/);
    expect(text).toMatch(/score accuracy \d\.\d{3} ± \d\.\d{3} \(mean ± sd over 3 repeats\)/);
  });

  it("refuses --repeats 0 and more than 100", async () => {
    const file = writeCascade(dir, fake.url, 1);
    expect(await main(["run", file, "--repeats", "0", "--db", join(dir, "x.db")], capture())).toBe(2);
    expect(await main(["run", file, "--repeats", "101", "--db", join(dir, "x.db")], capture())).toBe(2);
  });
});

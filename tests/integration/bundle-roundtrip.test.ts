/**
 * Run bundles (#18): two runs against the fake OpenAI server → `cascade bundle` → `cascade import` into an empty
 * database elsewhere → `cascade compare` prints the same numbers from both databases; the imported runs are
 * marked in `cascade runs`; re-running the imported pipeline (with the author's dataset gone) makes no model call.
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startRun } from "../../src/main/engine/startRun";
import { openStore } from "../../src/main/store/store";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { cascadeDoc, tempDir } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

const KEY = "sk-bundle-roundtrip-0123456789";
let fake: FakeServer;
const author = tempDir("cascade-bundle-author-");
const reader = tempDir("cascade-bundle-reader-");
const authorDb = join(author, "author.db");
const readerDb = join(reader, "reader.db");
const bundle = join(author, "two-runs.cascade");

beforeAll(async () => {
  process.env.CASCADE_BUNDLE_KEY = KEY;
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterAll(async () => {
  delete process.env.CASCADE_BUNDLE_KEY;
  await fake.close();
  for (const d of [author, reader]) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

async function runBoth(): Promise<[string, string]> {
  const rows = Array.from({ length: 24 }, (_, i) => JSON.stringify({ id: `q${i + 1}`, question: `Is ${i} even?`, answer: i % 2 ? "no" : "yes" }));
  writeFileSync(join(author, "data.jsonl"), rows.join("\n") + "\n");
  const store = openStore(authorDb);
  try {
    const ids: string[] = [];
    for (const [model, label] of [["fake-model", "small"], ["fake-vision", "large"]]) {
      const doc = cascadeDoc(fake.url);
      doc.models.m.model = model;
      doc.models.m.apiKeyEnv = "CASCADE_BUNDLE_KEY";
      const handle = startRun({ doc, baseDir: author, store, label, env: process.env });
      const end = await handle.done;
      expect(end.status).toBe("done");
      expect(end.totals.itemsDone).toBe(24);
      ids.push(handle.runId);
    }
    return [ids[0], ids[1]];
  } finally {
    store.close();
  }
}

async function compareJson(db: string, a: string, b: string): Promise<unknown> {
  const io = capture();
  expect(await main(["compare", a, b, "--db", db, "--json"], io)).toBe(0);
  return JSON.parse(io.stdout.join(""));
}

describe("cascade bundle → cascade import", () => {
  it("round-trips two runs: identical compare numbers, marked imported, re-run served from the imported cache", async () => {
    const [a, b] = await runBoth();
    const callsAfterRuns = fake.calls;
    // Calls with the same model and messages are made once (the cache answers the repeats within a run).
    expect(callsAfterRuns).toBeGreaterThan(24);
    const before = await compareJson(authorDb, a, b);

    const bundled = capture();
    expect(await main(["bundle", a, b, "--out", bundle, "--db", authorDb], bundled)).toBe(0);
    expect(bundled.stdout.join("\n")).toMatch(/wrote .*two-runs\.cascade .*: 2 runs, \d+ results, \d+ traces, (\d+) cached calls/);
    expect(Number(/(\d+) cached calls/.exec(bundled.stdout.join(""))![1])).toBe(callsAfterRuns);

    const imported = capture();
    expect(await main(["import", bundle, "--db", readerDb, "--json"], imported)).toBe(0);
    const result = JSON.parse(imported.stdout.join(""));
    expect(result.runs.map((r: { id: string; imported: boolean }) => [r.id, r.imported])).toEqual([[a, true], [b, true]]);
    expect(result.cacheRows).toBe(callsAfterRuns);

    // The same numbers, from the same function `cascade compare` uses, in both databases.
    expect(await compareJson(readerDb, a, b)).toEqual(before);

    const listed = capture();
    expect(await main(["runs", "--db", readerDb], listed)).toBe(0);
    expect(listed.stdout.filter((l) => l.includes("(imported from two-runs.cascade)"))).toHaveLength(2);

    // Importing again duplicates nothing.
    const again = capture();
    expect(await main(["import", bundle, "--db", readerDb], again)).toBe(0);
    expect(again.stdout.join("\n")).toContain(`run ${a} (small) is in the database already`);

    // The author's dataset is gone: the re-run reads the rows the bundle carried, and every call is a cache hit.
    rmSync(join(author, "data.jsonl"));
    const rerun = capture();
    const pipelineFile = result.runs[1].pipelineFile as string;
    expect(await main(["run", pipelineFile, "--db", readerDb, "--json", "--label", "rerun"], rerun)).toBe(0);
    const summary = JSON.parse(rerun.stdout.join(""));
    expect(fake.calls).toBe(callsAfterRuns);
    expect(summary.status).toBe("done");
    expect(summary.items).toBe(24);
    expect(summary.calls).toBe(0);
    expect(summary.cacheHits).toBe(72);
    // …and it scores as the bundled run did.
    const rerunVsB = (await compareJson(readerDb, b, summary.runId)) as { accuracy: { value: number }[]; pairs: { counts: { aBetter: number; bBetter: number } }[] };
    expect(rerunVsB.accuracy[1].value).toBe(rerunVsB.accuracy[0].value);
    expect(rerunVsB.pairs[0].counts).toMatchObject({ aBetter: 0, bBetter: 0 });
  });

  it("with --images: an image pipeline (templates/seat.json) re-runs from the bundle's images without a model call", async () => {
    const oracle = await startFakeOpenAI({ reply: visualMathOracle() });
    try {
      const db = join(author, "seat.db");
      const io = capture();
      const args = ["run", resolve("templates/seat.json"), "--db", db, "--json"];
      for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${oracle.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_BUNDLE_KEY`);
      expect(await main(args, io)).toBe(0);
      const runId = JSON.parse(io.stdout.join("")).runId as string;
      const calls = oracle.calls;
      const out = join(author, "seat.cascade");
      const bundled = capture();
      expect(await main(["bundle", runId, "--out", out, "--db", db, "--images"], bundled)).toBe(0);
      expect(bundled.stdout.join("")).toMatch(/, 18 images$/);
      const target = join(reader, "seat-reader.db");
      const imported = capture();
      expect(await main(["import", out, "--db", target, "--dir", join(reader, "seat-runs"), "--json"], imported)).toBe(0);
      const pipelineFile = JSON.parse(imported.stdout.join("")).runs[0].pipelineFile as string;
      // The images keep their relative paths in the run's folder (the inspector finds them there too).
      expect(existsSync(join(reader, "seat-runs", runId, "images", "count-01.png"))).toBe(true);
      const rerun = capture();
      expect(await main(["run", pipelineFile, "--db", target, "--json"], rerun)).toBe(0);
      const summary = JSON.parse(rerun.stdout.join(""));
      expect(oracle.calls).toBe(calls);
      expect(summary.calls).toBe(0);
      expect(summary.items).toBe(18);
      const same = (await compareJson(target, runId, summary.runId)) as { accuracy: { value: number }[]; pairs: { counts: { aBetter: number; bBetter: number } }[] };
      expect(same.accuracy[1].value).toBe(same.accuracy[0].value);
      expect(same.pairs[0].counts).toMatchObject({ aBetter: 0, bBetter: 0 });
    } finally {
      await oracle.close();
    }
  });
});

import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { loadRunForCompare } from "../../src/main/compare/loadRunForCompare";
import { openStore } from "../../src/main/store/store";
import { compareRuns } from "../../src/shared/compare";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { tempDir } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

let fake: FakeServer;
const dir = tempDir();
const db = join(dir, "compare.db");

async function run(template: string, label: string): Promise<string> {
  const io = capture();
  const args = ["run", resolve(`templates/${template}.json`), "--db", db, "--json", "--label", label];
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${fake.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_COMPARE_KEY`);
  expect(await main(args, io)).toBe(0);
  return JSON.parse(io.stdout.join("")).runId;
}

beforeAll(async () => {
  process.env.CASCADE_COMPARE_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle() });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade compare", () => {
  it("compares Cas-SEAT with SEAT: the same numbers as compareRuns, a verdict, and a human report", async () => {
    const seat = await run("seat", "SEAT");
    const cas = await run("cas-seat", "Cas-SEAT");

    const json = capture();
    expect(await main(["compare", seat, cas, "--db", db, "--json"], json)).toBe(0);
    const reported = JSON.parse(json.stdout.join(""));

    const store = openStore(db);
    const expected = compareRuns([loadRunForCompare(store, seat), loadRunForCompare(store, cas)]);
    store.close();
    expect(reported).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(reported.accuracy).toHaveLength(2);
    expect(reported.accuracy[0].n).toBe(18);
    // The oracle is right more often after a self-evaluation turn.
    expect(reported.accuracy[1].value).toBeGreaterThan(reported.accuracy[0].value);
    const pair = reported.pairs[0];
    expect(pair.n).toBe(18);
    expect(pair.mcnemar.p).toBeGreaterThan(0);
    expect(pair.mcnemar.p).toBeLessThanOrEqual(1);
    expect(pair.counts.aBetter + pair.counts.bBetter + pair.counts.ties).toBe(18);

    const text = capture();
    expect(await main(["compare", seat.slice(0, 12), cas, "--db", db], text)).toBe(0);
    const out = text.stdout.join("\n");
    expect(out).toContain("Cas-SEAT vs SEAT (18 paired items)");
    expect(out).toMatch(/exact McNemar: b = \d+, c = \d+, p [=<] [\d.]+\n/);
    expect(out).toContain(`verdict: ${pair.verdict.text}`);
  });

  it("needs two runs and known ids", async () => {
    expect(await main(["compare", "only-one", "--db", db], capture())).toBe(2);
    const io = capture();
    expect(await main(["compare", "nope-a", "nope-b", "--db", db], io)).toBe(1);
    expect(io.stderr.join("\n")).toContain('no run "nope-a"');
  });
});

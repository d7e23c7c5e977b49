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
/** Answers like the oracle but refuses (400) every question "How many squares …": 2 of the 18 items fail. */
let squaresFail: FakeServer;
const dir = tempDir();
const db = join(dir, "compare.db");

async function run(template: string, label: string, opts: { server?: FakeServer; url?: string; extra?: string[]; exit?: number } = {}): Promise<string> {
  const io = capture();
  const args = ["run", resolve(`templates/${template}.json`), "--db", db, "--json", "--label", label, ...(opts.extra ?? [])];
  const url = opts.url ?? (opts.server ?? fake).url;
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_COMPARE_KEY`);
  expect(await main(args, io)).toBe(opts.exit ?? 0);
  return JSON.parse(io.stdout.join("")).runId;
}

beforeAll(async () => {
  process.env.CASCADE_COMPARE_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle() });
  squaresFail = await startFakeOpenAI({ reply: visualMathOracle(), faults: (_n, req) => (JSON.stringify(req.body).includes("How many squares") ? "400" : null) });
});
afterAll(async () => {
  await fake.close();
  await squaresFail.close();
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
    // Given newest first: the baseline is still the older run (SEAT), never the order of the arguments.
    expect(await main(["compare", cas, seat.slice(0, 12), "--db", db], text)).toBe(0);
    const out = text.stdout.join("\n");
    expect(out).toContain("Runs (A is the baseline: the run that started first)");
    expect(out).toMatch(new RegExp(`\\n  A +SEAT +run ${seat.slice(0, 8)} `));
    expect(out).toContain("B (Cas-SEAT) vs A (SEAT): 18 paired items");
    expect(out).toContain(`A right, B wrong: ${pair.counts.aBetter} (b) · B right, A wrong: ${pair.counts.bBetter} (c)`);
    expect(out).toMatch(/exact McNemar on the \d+ discordant items \(b \+ c\): p [=<] [\d.]+\n/);
    expect(out).toMatch(/odds ratio b\/c = [\d.]+ .*95% exact conditional CI [\d.]+ to [\d.∞]+\n/);
    expect(out).toMatch(/Monte Carlo error of the bounds ±[\d.]+ \/ ±[\d.]+ pts/);
    expect(out).toContain("small sample: with 18 paired items");
    expect(out).toContain(`verdict: ${pair.verdict.text}`);
    expect(out).toContain(`    ${pair.verdict.explanation}`);
    expect(out).toContain("What differs between the runs' configurations");
    expect(out).toContain('Self-evaluate (selfeval) · node: A (none) · B "prompt"');
    for (const d of reported.configDiff as { label: string }[]) expect(out).toContain(`\n  ${d.label}: A `);
    expect(out).toMatch(/\n {2}Reason \(reason\) +— .* \d+ ms/); // per-node table: labels, not only ids
    expect(pair.verdict.text).toMatch(/B \(Cas-SEAT\)|A \(SEAT\)/);
  });

  it("counts never-scored items apart, warns and leaves them out; refuses a verdict on a run with none scored", async () => {
    const seat = await run("seat", "SEAT");
    const partial = await run("cas-seat", "Cas-SEAT, squares refused", { server: squaresFail, exit: 1 });
    // Nothing listens on port 9: every call fails at once (no retries), the run ends "failed".
    const dead = ["--no-check", "--set", "models.reasoner.maxRetries=0", "--set", "models.extractor.maxRetries=0"];
    const noKey = await run("cas-seat", "no server", { url: "http://127.0.0.1:9/v1", extra: dead, exit: 1 });

    const io = capture();
    expect(await main(["compare", seat, partial, noKey, "--db", db], io)).toBe(0);
    const out = io.stdout.join("\n");
    expect(out).toContain("Warnings");
    expect(out).toContain("! B (Cas-SEAT, squares refused): 2 of 18 items were never scored (2 skipped because an earlier node failed); they are left out of its accuracy and of the paired tests.");
    expect(out).toContain('! C (no server) ended "failed".');
    expect(out).toContain("! C (no server): 18 of 18 items were never scored (18 skipped because an earlier node failed)");
    expect(out).toContain("B (Cas-SEAT, squares refused) vs A (SEAT): 16 paired items");
    expect(out).toContain("left out: 2 items never scored in A or B");
    expect(out).toContain("verdict: no verdict: C (no server) scored none of its 18 items (18 skipped because an earlier node failed)");
    expect(out).toContain("p-values are Holm-adjusted over the 2 pairs");

    const json = capture();
    expect(await main(["compare", seat, partial, "--db", db, "--json"], json)).toBe(0);
    const r = JSON.parse(json.stdout.join(""));
    expect(r.accuracy[1]).toMatchObject({ n: 16, items: 18, excluded: 2, zeroed: 0, unscored: { total: 2, skipped: 2 } });
    expect(json.stderr.join("\n")).toContain("2 of 18 items were never scored");

    const wrong = capture();
    expect(await main(["compare", seat, partial, "--db", db, "--json", "--unscored", "wrong"], wrong)).toBe(0);
    expect(JSON.parse(wrong.stdout.join("")).accuracy[1]).toMatchObject({ n: 18, zeroed: 2 });
  });

  it("breaks accuracy down by a dataset column with Wilson intervals; takes --seed, --resamples, --level, --baseline", async () => {
    const seat = await run("seat", "SEAT");
    const cas = await run("cas-seat", "Cas-SEAT");
    const io = capture();
    expect(await main(["compare", seat, cas, "--db", db, "--by", "answer_type", "--seed", "7", "--resamples", "5000", "--level", "0.9", "--baseline", cas], io)).toBe(0);
    const out = io.stdout.join("\n");
    expect(out).toContain("Runs (A is the baseline: named with --baseline)");
    expect(out).toContain("Accuracy by answer_type (90% Wilson interval)");
    expect(out).toMatch(/\n {2}ANSWER_TYPE +A ACCURACY +90% CI +N +B ACCURACY +90% CI +N\n {2}integer +[\d.]+% +[\d.]+% – [\d.]+% +9 .*\n {2}multi_choice +[\d.]+% /);
    expect(out).toContain("(5,000 resamples, seed 7;");
    expect(out).toContain("90% bootstrap CI");

    const bad = capture();
    expect(await main(["compare", seat, cas, "--db", db, "--by", "skill"], bad)).toBe(1);
    expect(bad.stderr.join("\n")).toContain('has no dataset column "skill" (its columns: id, question, image, choices, answer, answer_type)');
    for (const args of [["--unscored", "zero"], ["--level", "95"], ["--resamples", "ten"], ["--seed", "-1"]]) {
      const u = capture();
      expect(await main(["compare", seat, cas, "--db", db, ...args], u)).toBe(2);
    }
  });

  it("pairs repeats repeat by repeat when both runs are groups of repeats", async () => {
    const seat = await run("seat", "SEAT x2", { extra: ["--repeats", "2"] });
    const cas = await run("cas-seat", "Cas-SEAT x2", { extra: ["--repeats", "2"] });
    const json = capture();
    expect(await main(["compare", cas, seat, "--db", db, "--json"], json)).toBe(0);
    const r = JSON.parse(json.stdout.join(""));
    expect(r.repeats.repeats).toBe(2);
    expect(r.repeats.pairs.map((p: { index: number }) => p.index)).toEqual([0, 1]);
    expect(r.repeats.pairs[0]).toMatchObject({ baselineId: seat, otherId: cas });
    expect(r.repeats.pairs[1].baselineId).not.toBe(seat); // repeat 2 of SEAT, not repeat 1 again
    const text = capture();
    expect(await main(["compare", cas, seat, "--db", db], text)).toBe(0);
    const out = text.stdout.join("\n");
    expect(out).toContain("Repeat by repeat (2 repeats: repeat r of A paired with repeat r of B)");
    expect(out).toMatch(/repeat 2: difference B − A [+-]?[\d.]+ pts, exact McNemar p = /);
    expect(out).toMatch(/difference over the repeats: mean [+-]?[\d.]+ pts ± sd [\d.]+ pts \(k = 2\)/);
  });

  it("needs two runs and known ids", async () => {
    expect(await main(["compare", "only-one", "--db", db], capture())).toBe(2);
    const io = capture();
    expect(await main(["compare", "nope-a", "nope-b", "--db", db], io)).toBe(1);
    expect(io.stderr.join("\n")).toContain('no run "nope-a"');
  });
});

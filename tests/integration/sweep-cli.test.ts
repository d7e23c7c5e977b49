import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { createService } from "../../src/main/service";
import { openStore } from "../../src/main/store";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { chatRequests, tempDir } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

let fake: FakeServer;
const dir = tempDir();
const cwd = process.cwd();
const template = resolve("templates/cas-seat.json");
const v1 = "Now check your solution step by step. End with one line \"Final answer: ...\".";
const v2 = "Check every count and reading again against the image. End with one line \"Final answer: ...\".";

function sweepArgs(db: string, extra: string[] = []): string[] {
  const args = ["sweep", template, "--db", db, "--json", "--axis", "models.reasoner.model=A,B", "--axis", "nodes.selfeval.config.template=@v1.txt,@v2.txt", ...extra];
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${fake.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_SWEEP_KEY`);
  return args;
}

beforeAll(async () => {
  process.env.CASCADE_SWEEP_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle(), models: ["A", "B", "qwen2.5-1.5b-instruct"] });
  writeFileSync(join(dir, "v1.txt"), v1);
  writeFileSync(join(dir, "v2.txt"), v2);
  process.chdir(dir);
});
afterAll(async () => {
  process.chdir(cwd);
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade sweep", () => {
  it("runs 4 cells whose accuracies equal cascade compare's; the fake sees each distinct call once", async () => {
    const db = join(dir, "sweep.db");
    const before = chatRequests(fake.requests).length;
    const io = capture();
    expect(await main(sweepArgs(db), io), io.stderr.join("\n")).toBe(0);
    const r = JSON.parse(io.stdout.join(""));
    expect(r.cells).toHaveLength(4);
    expect(r.cells.map((c: { values: Record<string, string> }) => Object.values(c.values).join(" "))).toEqual(["A @v1.txt", "A @v2.txt", "B @v1.txt", "B @v2.txt"]);
    expect(new Set(r.cells.map((c: { runId: string }) => c.runId)).size).toBe(4);
    expect(r.pairs).toHaveLength(6);
    expect(r.leftOut).toEqual([]);

    // The same runs through `cascade compare`: the same accuracies and intervals.
    const cmp = capture();
    expect(await main(["compare", ...r.cells.map((c: { runId: string }) => c.runId), "--db", db, "--json"], cmp)).toBe(0);
    const compared = JSON.parse(cmp.stdout.join(""));
    for (const cell of r.cells) {
      const a = compared.accuracy.find((x: { runId: string }) => x.runId === cell.runId);
      expect(cell.accuracy).toEqual({ value: a.value, low: a.low, high: a.high, n: a.n });
    }
    expect(r.cells[0].accuracy.n).toBe(18);

    // Each distinct request body reached the fake once: the cells A·v1 and A·v2 share their Reason calls.
    const chats = chatRequests(fake.requests).slice(before);
    const bodies = chats.map((q) => JSON.stringify(q.body));
    expect(new Set(bodies).size).toBe(bodies.length);
    const made = r.cells.reduce((n: number, c: { calls: number }) => n + c.calls, 0);
    expect(made).toBe(chats.length);
    // Reason calls of the second cell of each model came from the cache: 18 hits each.
    expect(r.cells[1].cacheHits).toBeGreaterThanOrEqual(18);
    expect(r.cells[3].cacheHits).toBeGreaterThanOrEqual(18);
    expect(r.preview.cells[1].sharedWithEarlier).toBe(18);

    // The sweep is recorded as the app's experiments are: listed, with its cells' runs and the same matrix.
    const store = openStore(db);
    const service = createService({ store, templatesDir: resolve(cwd, "templates"), mode: "browser" });
    try {
      expect(await service.call("experiments.list", {})).toEqual([expect.objectContaining({ experimentId: r.experimentId, status: "done", cells: 4, cellsFinished: 4 })]);
      const state = await service.call("experiments.get", { experimentId: r.experimentId });
      expect(state.cells.map((c) => c.runId)).toEqual(r.cells.map((c: { runId: string }) => c.runId));
      expect(state.matrix!.rows.map((row) => row.accuracy.value)).toEqual(r.cells.map((c: { accuracy: { value: number } }) => c.accuracy.value));
    } finally {
      await service.close();
      store.close();
    }
  }, 180_000);

  it("stops at --max-calls with a partial matrix that says which cells were left out", async () => {
    const db = join(dir, "capped.db");
    const io = capture();
    // A fresh database: no cache. One cell of cas-seat makes 18 reason + 18 selfeval (+ extractor) calls.
    expect(await main(sweepArgs(db, ["--max-calls", "40"]), io), io.stderr.join("\n")).toBe(3);
    const r = JSON.parse(io.stdout.join(""));
    expect(r.capReached).toContain("--max-calls 40 reached");
    const made = r.cells.reduce((n: number, c: { calls: number }) => n + c.calls, 0);
    expect(made).toBeLessThanOrEqual(40);
    expect(r.cells.length + r.leftOut.length).toBe(4);
    expect(r.leftOut.length).toBeGreaterThan(0);
    expect(r.leftOut.at(-1)).toMatchObject({ cell: "c4", values: { "models.reasoner.model": "B" }, runId: null });
    expect(r.leftOut.at(-1).reason).toContain("not started: --max-calls 40 reached");

    const text = capture();
    expect(await main(sweepArgs(db, ["--max-calls", "1"]).filter((a) => a !== "--json"), text)).toBe(3);
    const out = text.stdout.join("\n");
    expect(out).toContain("Left out of the matrix");
    expect(out).toMatch(/c4 +models\.reasoner\.model=B · nodes\.selfeval\.config\.template=@v2\.txt: not started: --max-calls 1 reached/);
  }, 180_000);

  it("stops at --max-cost: the running cell is cancelled and kept, the others are not started", async () => {
    const db = join(dir, "cost.db");
    const price = '{"inputPerMillion":1000000,"outputPerMillion":0}'; // $1 per input token: the first reply passes $0.5
    const io = capture();
    const extra = ["--max-cost", "0.5", "--set", `models.reasoner.price=${price}`, "--set", `models.extractor.price=${price}`];
    expect(await main(sweepArgs(db, extra), io), io.stderr.join("\n")).toBe(3);
    const r = JSON.parse(io.stdout.join(""));
    expect(r.preview.costUsd).toBeGreaterThan(0.5);
    expect(r.capReached).toMatch(/^--max-cost 0.5 reached \(\$\d+\.\d{4} spent\)$/);
    expect(r.cells).toEqual([]);
    expect(r.leftOut.map((l: { cell: string }) => l.cell)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(r.leftOut[0].runId).toMatch(/^[0-9a-z]+-[0-9a-f]{4}$/);
    expect(r.leftOut[0].reason).toContain("stopped part-way: --max-cost 0.5 reached");
    expect(r.leftOut[1]).toMatchObject({ runId: null });
  }, 180_000);

  it("takes the pipeline's experiment section (files relative to the pipeline, listed combinations); --dry-run stops after the preview", async () => {
    const sub = join(dir, "exp");
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, "t.txt"), v2);
    const doc = JSON.parse(readFileSync(template, "utf8"));
    doc.nodes.find((n: { id: string }) => n.id === "dataset").config.source.path = join(cwd, "templates/data/visual-math.jsonl");
    doc.experiment = { axes: [{ path: "models.reasoner.model", values: ["A", "B"] }, { path: "nodes.selfeval.config.template", files: ["t.txt"] }], combinations: [[1, 0]] };
    writeFileSync(join(sub, "p.json"), JSON.stringify(doc));
    const io = capture();
    const args = ["sweep", join(sub, "p.json"), "--db", join(dir, "dry.db"), "--json", "--dry-run"];
    // A server of its own: no call of another test can reach it.
    const quiet = await startFakeOpenAI({ reply: visualMathOracle({ dataDir: join(cwd, "templates/data") }), models: ["A", "B", "qwen2.5-1.5b-instruct"] });
    for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${quiet.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_SWEEP_KEY`);
    const code = await main(args, io);
    await quiet.close();
    expect(code, io.stderr.join("\n")).toBe(0);
    const r = JSON.parse(io.stdout.join(""));
    expect(r.order).toEqual(["c1"]);
    expect(r.preview.cells).toHaveLength(1);
    expect(r.preview.calls).toBeGreaterThanOrEqual(36);
    expect(chatRequests(quiet.requests)).toHaveLength(0);
  });

  it("names the axis of a bad path, empty values, an unreadable @file", async () => {
    const db = join(dir, "bad.db");
    const cases: [string, string][] = [
      ["models.reasonr.model=A,B", '--axis models.reasonr.model=A,B: the pipeline has no models.reasonr (there are: extractor, reasoner)'],
      ["nodes.selfevl.config.template=x,y", '--axis nodes.selfevl.config.template=x,y: the pipeline has no nodes.selfevl'],
      ["models.reasoner.modle=A,B", "--axis models.reasoner.modle=A,B: the value A makes the pipeline invalid"],
      ["models.reasoner.model=A,,B", "--axis models.reasoner.model=A,,B: value 2 of 3 is empty"],
      ["models.reasoner.model=", '--axis models.reasoner.model=: no values after "="'],
      ["nodes.selfeval.config.template=@missing.txt", `--axis nodes.selfeval.config.template=@missing.txt: cannot read the file @missing.txt (${join(dir, "missing.txt")}: ENOENT)`],
    ];
    for (const [axis, message] of cases) {
      const io = capture();
      expect(await main(["sweep", template, "--db", db, "--axis", axis, "--no-check"], io)).toBe(2);
      expect(io.stderr.join("\n")).toContain(message);
    }
  });
});

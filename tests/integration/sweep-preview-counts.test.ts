/**
 * The sweep preview's numbers are the calls the sweep makes. `cascade sweep --json` prints the preview it
 * worked out before running and then runs; per model (the server's model id), the preview's calls − cache hits
 * are compared with the chat requests the fake received: exact when no call is conditional, and within
 * [most − conditional, most] when the rules' shortcut decides on replies not cached yet. Cold cache, a cache
 * that holds the first 6 items (the preview says what is left), and a warm cache (the preview says 0).
 * The axes are the reasoner's and the extractor's model: Reason and Self-evaluate do not depend on the
 * extractor, so the cells of one reasoner share them, including the Self-evaluate calls whose messages hold a
 * reply not cached yet (the preview used to count those once per cell).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import type { ExperimentCellPreview } from "../../src/shared/experimentsContract";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { chatRequests, tempDir } from "./helpers";

const dir = tempDir("cascade-sweep-preview-");
const REASONERS = ["A", "B"];
const EXTRACTORS = ["X", "Y"];
let fake: FakeServer;

beforeAll(async () => {
  process.env.CASCADE_SWEEP_PREVIEW_KEY = "sk-test";
  const oracle = visualMathOracle();
  // Each reasoner answers in its own words: no two cells' calls coincide by chance (the preview cannot foresee that).
  const reply = (req: RecordedRequest) => {
    const model = (req.body as { model: string }).model;
    return REASONERS.includes(model) ? `(${model}) ${oracle(req)}` : oracle(req);
  };
  fake = await startFakeOpenAI({ reply, models: [...REASONERS, ...EXTRACTORS] });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** Cas-SEAT with its dataset path made absolute; `alwaysExtract` drops the rules' shortcut (the extractor is always asked). */
function pipelineFile(name: string, alwaysExtract: boolean): string {
  const doc = JSON.parse(readFileSync(resolve("templates/cas-seat.json"), "utf8"));
  doc.nodes.find((n: { id: string }) => n.id === "dataset").config.source.path = resolve("templates/data/visual-math.jsonl");
  if (alwaysExtract) {
    delete doc.nodes.find((n: { id: string }) => n.id === "extract_llm").config.shortcut;
    doc.edges = doc.edges.filter((e: { id: string }) => e.id !== "extract_llm_given");
  }
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

interface Sweep {
  preview: { calls: number; cacheHits: number; conditionalCalls: number; cells: ExperimentCellPreview[] };
  order: string[];
}

/** Runs the sweep of REASONERS × EXTRACTORS; returns its preview and the requests the fake got, per server model. */
async function sweep(file: string, db: string, limit?: number): Promise<{ preview: Sweep["preview"]; sent: Record<string, number> }> {
  const args = ["sweep", file, "--db", db, "--json", "--axis", `models.reasoner.model=${REASONERS.join(",")}`, "--axis", `models.extractor.model=${EXTRACTORS.join(",")}`];
  for (const m of ["reasoner", "extractor"]) args.push("--set", `models.${m}.baseUrl=${fake.url}`, "--set", `models.${m}.apiKeyEnv=CASCADE_SWEEP_PREVIEW_KEY`);
  if (limit) args.push("--limit", String(limit));
  const before = chatRequests(fake.requests).length;
  const stderr: string[] = [];
  const stdout: string[] = [];
  const io: CliIO = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
  expect(await main(args, io), stderr.join("\n")).toBe(0);
  const sent: Record<string, number> = Object.fromEntries([...REASONERS, ...EXTRACTORS].map((m) => [m, 0]));
  for (const r of chatRequests(fake.requests).slice(before)) sent[(r.body as { model: string }).model]++;
  return { preview: (JSON.parse(stdout.join("")) as Sweep).preview, sent };
}

/** The preview per server model: [least, most] calls sent. Cell c (0-based) is REASONERS[c >> 1] × EXTRACTORS[c & 1]. */
function previewed(preview: Sweep["preview"]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = Object.fromEntries([...REASONERS, ...EXTRACTORS].map((m) => [m, [0, 0]]));
  for (const cell of preview.cells) {
    for (const m of cell.models) {
      const id = m.model === "reasoner" ? REASONERS[cell.cell >> 1] : EXTRACTORS[cell.cell & 1];
      const most = m.calls - m.cacheHits;
      out[id][0] += most - m.conditionalCalls;
      out[id][1] += most;
    }
  }
  return out;
}

const exactly = (sent: Record<string, number>) => Object.fromEntries(Object.entries(sent).map(([m, n]) => [m, [n, n]]));
const total = (sent: Record<string, number>) => Object.values(sent).reduce((a, b) => a + b, 0);

describe("the sweep preview counts the calls the sweep makes", () => {
  it("without a shortcut: exact per model, cold, with 6 items cached, and warm", async () => {
    const file = pipelineFile("always.json", true);
    const db = join(dir, "always.db");

    const cold = await sweep(file, db, 6);
    // 6 items: per reasoner 6 Reason + 6 Self-evaluate (its two cells share them), per extractor 6 per reasoner.
    expect(cold.sent).toEqual({ A: 12, B: 12, X: 12, Y: 12 });
    expect(cold.preview.calls - cold.preview.cacheHits).toBe(total(cold.sent));
    expect(previewed(cold.preview)).toEqual(exactly(cold.sent));
    expect(cold.preview.conditionalCalls).toBe(0);
    expect(cold.preview.cells.find((c) => c.cell === 1)!.sharedWithEarlier).toBe(12); // A·Y shares A·X's Reason and Self-evaluate calls

    // All 18 items: the first 6 come from the cache; the preview says what is left.
    const rest = await sweep(file, db);
    expect(rest.sent).toEqual({ A: 24, B: 24, X: 24, Y: 24 });
    expect(rest.preview.calls - rest.preview.cacheHits).toBe(total(rest.sent));
    expect(previewed(rest.preview)).toEqual(exactly(rest.sent));

    const warm = await sweep(file, db);
    expect(warm.sent).toEqual({ A: 0, B: 0, X: 0, Y: 0 });
    expect(previewed(warm.preview)).toEqual(exactly(warm.sent));
    expect(warm.preview.cacheHits).toBe(warm.preview.calls);
  }, 180_000);

  it("with the rules' shortcut (Cas-SEAT as it is): the reasoner exact, the extractor's calls conditional until the replies are cached", async () => {
    const file = pipelineFile("cas-seat.json", false);
    const db = join(dir, "shortcut.db");

    const cold = await sweep(file, db);
    // The oracle's replies end on "Final answer: X": the rules decide every item, the extractor is never asked.
    expect(cold.sent).toEqual({ A: 36, B: 36, X: 0, Y: 0 });
    const p = previewed(cold.preview);
    expect(p.A).toEqual([36, 36]);
    expect(p.B).toEqual([36, 36]);
    // Each extractor: up to 18 calls per reasoner, all conditional (whether the rules decide is not known yet).
    expect(p.X).toEqual([0, 36]);
    expect(p.Y).toEqual([0, 36]);

    const warm = await sweep(file, db);
    expect(warm.sent).toEqual({ A: 0, B: 0, X: 0, Y: 0 });
    expect(previewed(warm.preview)).toEqual(exactly(warm.sent));
    expect(warm.preview.conditionalCalls).toBe(0);
    // Once the replies are cached the preview knows the rules decide: no extractor call at all.
    expect(warm.preview.cells.flatMap((c) => c.models.filter((m) => m.model === "extractor").map((m) => m.calls))).toEqual([0, 0, 0, 0]);
  }, 180_000);
});

/**
 * The Cas-SEAT template pointed at the Parquet version of its sample data (templates/data/mathvista-style.parquet,
 * MathVista's column layout, made by scripts/gen-mathvista-style.ts) by `--set` alone, with column mapping, gives
 * exactly the results of the JSONL version, from the same cache: the images are the same bytes, so every call's
 * key is the same and the second run makes no model call.
 */
import { execFile } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { tempDir } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const run = promisify(execFile);
let fake: FakeServer;
const dir = tempDir("cascade-parquet-seat-");
const db = join(dir, "cascade.db");
const pipeline = join(dir, "cas-seat.json");

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: visualMathOracle({ pFirstTurn: 0.6, pAfterCheck: 0.8 }) });
  cpSync(join(ROOT, "templates/cas-seat.json"), pipeline);
  cpSync(join(ROOT, "templates/data"), join(dir, "data"), { recursive: true });
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

async function cascade(...args: string[]): Promise<string> {
  const r = await run(process.execPath, [join(ROOT, "bin/cascade.mjs"), ...args], { cwd: ROOT, env: { ...process.env, OPENAI_API_KEY: "sk-test" }, maxBuffer: 1 << 24 });
  return r.stdout;
}

const models = () => ["--set", `models.reasoner.baseUrl=${fake.url}`, "--set", `models.extractor.baseUrl=${fake.url}`];
const PARQUET = [
  "--set",
  "nodes.dataset.config.source.path=data/mathvista-style.parquet",
  "--set",
  "nodes.dataset.config.columns[0].field=pid",
  "--set",
  "nodes.dataset.config.columns[2].field=decoded_image",
];

/** An image in a conversation is named by its content hash: its source is a file path in one run, a data URI in the other. */
function byHash(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(byHash);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) if (!(o.kind === "image" && typeof o.hash === "string" && k === "source")) out[k] = byHash(x);
    return out;
  }
  return v;
}

/** A node's results as the CLI prints them; a call served from the cache counts as answered like a fresh one. */
async function results(runId: string, node: string) {
  const lines = (await cascade("show", runId, "--node", node, "--db", db)).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  return lines.map(({ item, status, output, error }) => ({ item, status: status === "cached" ? "done" : status, output: byHash(output), error }));
}

describe("Cas-SEAT on the Parquet version of the sample data", () => {
  it("gives exactly the JSONL version's results, every call served from its cache", { timeout: 120_000 }, async () => {
    const fromJsonl = JSON.parse(await cascade("run", pipeline, ...models(), "--db", db, "--json"));
    expect(fromJsonl).toMatchObject({ status: "done", errors: 0 });
    const calls = fake.calls;
    expect(calls).toBeGreaterThan(18);

    const fromParquet = JSON.parse(await cascade("run", pipeline, ...models(), ...PARQUET, "--db", db, "--json"));
    expect(fromParquet).toMatchObject({ status: "done", errors: 0 });
    expect(fake.calls).toBe(calls);
    expect(fromParquet.accuracy).toEqual(fromJsonl.accuracy);
    for (const node of ["reason", "selfeval", "rules", "extract_llm", "answer", "score"]) {
      const a = await results(fromJsonl.runId, node);
      expect(a.length, node).toBe(18);
      expect(a.every((r) => r.output !== undefined && r.output !== null), node).toBe(true);
      expect(await results(fromParquet.runId, node), node).toEqual(a);
    }
  });

  it("the mathvista-style template reads the same file and validates", { timeout: 120_000 }, async () => {
    const out = await cascade("validate", join(ROOT, "templates/mathvista-style.json"));
    expect(out).toContain("valid");
  });
});

/**
 * cas-seat-data filters each exported sample on its own final answer: with a fake reasoner whose chain of
 * thought is wrong and whose self-evaluation is right (and, on other items, the reverse), no CoT sample with a
 * wrong CoT answer and no self-evaluation sample with a wrong checked answer is exported, and the reports show
 * the drops of each branch. The self-evaluation continues the hand-checked CoT chat, so it checks only CoTs
 * that passed their filter and review.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { decideReview } from "../../../src/main/review/queue";
import { runReports } from "../../../src/main/review/reports";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { openStore, type Store } from "../../../src/main/store/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../../fakes/openaiServer";

const TEMPLATES = join(__dirname, "../../../templates");
interface Row {
  id: string;
  question: string;
  choices: string[];
  answer: string;
  answer_type: string;
}
const rows: Row[] = readFileSync(join(TEMPLATES, "data/visual-math.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const usable = rows.filter((r) => !/bar/.test(r.question)); // the source check drops the bar-chart questions
type Msg = { role: string; content: string | { type: string; text?: string }[] };
const textOf = (m: Msg) => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("\n"));

const wrong = (r: Row) => (r.choices.length ? (r.answer === "A" ? "B" : "A") : String(Number(r.answer) + 1));
/** Which turn is right, per item: "cot" (the self-check breaks it), "check" (the self-check fixes it), or both. */
const rightIn = new Map(usable.map((r, i) => [r.id, i % 3 === 0 ? "cot" : i % 3 === 1 ? "check" : "both"]));

function reply(req: RecordedRequest): string {
  const body = req.body as { messages: Msg[] };
  const users = body.messages.filter((m) => m.role === "user").map(textOf);
  const last = users[users.length - 1];
  if (last.includes("Reply with only a JSON object")) {
    if (last.includes("Is the question clear")) return /bar/.test(last) ? '{"score": 2, "label": "ambiguous", "reason": "unclear"}' : '{"score": 5, "label": "clear", "reason": "fine"}';
    return '{"score": 5, "label": "sound", "reason": "every step holds"}';
  }
  const row = usable.find((r) => users[0].includes(r.question) && users[0].includes(JSON.stringify(r.choices)) && users[0].includes(`#${r.id}`));
  if (!row) throw new Error(`the fake cannot tell the item of: ${users[0].slice(0, 120)}`);
  const checking = users.length > 1;
  const right = rightIn.get(row.id) === "both" || rightIn.get(row.id) === (checking ? "check" : "cot");
  const answer = right ? row.answer : wrong(row);
  return checking ? `I checked each step again.\nFinal answer: ${answer}` : `Step 1: I read the picture.\nStep 2: I work it out.\nFinal answer: ${answer}`;
}

let fake: FakeServer;
let store: Store;
let dir: string;
let runId: string;
let doc: PipelineDoc;

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply });
  dir = mkdtempSync(join(tmpdir(), "cas-seat-per-sample-"));
  cpSync(join(TEMPLATES, "data"), join(dir, "data"), { recursive: true });
  doc = parsePipelineJson(readFileSync(join(TEMPLATES, "cas-seat-data.json"), "utf8")).doc!;
  for (const m of Object.values(doc.models)) m.baseUrl = fake.url;
  // The item id in the question lets the fake tell items with the same question apart.
  const dataset = doc.nodes.find((n) => n.id === "dataset")!;
  (dataset.config as { source: unknown }).source = { type: "inline", rows: usable.map((r) => ({ ...r, question: `${r.question} #${r.id}`, image: `data/${(rows.find((x) => x.id === r.id) as unknown as { image: string }).image}` })) };
  store = openStore(":memory:");
  const run = async () => {
    const handle = startRun({ doc, baseDir: dir, store, env: { OPENAI_API_KEY: "test-key" } });
    await handle.done;
    return handle.runId;
  };
  // Each run decides what waits at a hand check (the CoT's first, then the self-evaluation's that follows it).
  let last = await run();
  for (const nodeId of ["hand_check_cot", "hand_check_check"]) {
    for (const r of store.runs.results({ runId: last, nodeId, limit: 100 }).rows) {
      if (r.status === "pending") decideReview(store, { runId: last, nodeId, itemId: r.itemId, decision: "accept" });
    }
    last = await run();
  }
  runId = last;
}, 60_000);

afterAll(async () => {
  store?.close();
  await fake?.close();
  await closeSharedSandboxPool();
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const ids = (pred: (turn: string) => boolean) => usable.filter((r) => pred(rightIn.get(r.id)!)).map((r) => r.id).sort();

describe("cas-seat-data: each sample on its own final answer", () => {
  it("the fake makes both kinds of disagreement", () => {
    expect(ids((t) => t === "cot").length).toBeGreaterThan(0);
    expect(ids((t) => t === "check").length).toBeGreaterThan(0);
  });

  it("each branch drops exactly the items whose own answer is wrong, and the reports say so per branch", () => {
    const dropped = (nodeId: string) => store.runs.results({ runId, nodeId, limit: 100 }).rows.filter((r) => r.status === "dropped").map((r) => r.itemId).sort();
    expect(dropped("cot_filter")).toEqual(ids((t) => t === "check")); // CoT wrong, self-evaluation right
    expect(dropped("check_filter")).toEqual(ids((t) => t === "cot")); // CoT right, self-evaluation wrong
    // A CoT dropped by its filter is never self-evaluated.
    expect(store.runs.results({ runId, nodeId: "selfeval", limit: 100 }).rows.map((r) => r.itemId).sort()).toEqual(ids((t) => t !== "check"));
    const reports = new Map(runReports(store, runId).map((r) => [r.nodeId, r]));
    expect(reports.get("cot_filter")).toMatchObject({ in: usable.length, out: usable.length - ids((t) => t === "check").length, dropped: ids((t) => t === "check").length });
    expect(reports.get("check_filter")).toMatchObject({ in: ids((t) => t !== "check").length, out: ids((t) => t === "both").length, dropped: ids((t) => t === "cot").length });
    // Every CoT drop here is a wrong answer: grouped under the clause that failed, with its value.
    expect(reports.get("cot_filter")!.dropReasons).toMatchObject([{ reason: "correct == true", count: ids((t) => t === "check").length }]);
    expect(reports.get("cot_filter")!.dropReasons[0].values![0]).toEqual({ correct: false });
    const cotDrop = store.runs.results({ runId, nodeId: "cot_filter", limit: 100 }).rows.find((r) => r.status === "dropped")!;
    expect(cotDrop.error).toContain("correct=false");
    expect(reports.get("hand_check_cot")).toMatchObject({ pending: 0, dropped: 0, out: usable.length - ids((t) => t === "check").length });
  });

  it("no exported sample carries a wrong final answer of its own", () => {
    const out = readFileSync(join(dir, "out/cas-seat-sharegpt.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(out.length).toBeGreaterThan(0);
    const cotItems = new Set<string>();
    const checkItems = new Set<string>();
    for (const l of out) {
      const itemId = String(l.id).split(":")[0];
      const row = usable.find((r) => r.id === itemId)!;
      const turns = l.conversations as { from: string; value: string }[];
      // The sample's own answer (the CoT's in a CoT chat, the check's in a self-evaluation chat) is right.
      expect(turns.at(-1)!.value, `${l.id}`).toMatch(new RegExp(`Final answer: ${row.answer}$`));
      (turns.length === 2 ? cotItems : checkItems).add(itemId);
    }
    for (const id of cotItems) expect(rightIn.get(id), id).not.toBe("check");
    // A self-evaluation chat continues a CoT that passed its filter: both its answers are right.
    for (const id of checkItems) expect(rightIn.get(id), id).toBe("both");
    expect(cotItems.size).toBeGreaterThan(0);
    expect(checkItems.size).toBeGreaterThan(0);
  });
});

/**
 * templates/cas-seat.json end to end against a fake OpenAI server, on how the answer is found:
 * - the reasoner never writes a "Final answer" line, so the rules cannot decide and the extractor model is asked;
 *   it answers in sentences ("Step 1: … The answer is 12.\nFinal answer: 12") and every item scores right
 *   (the old first-letter-or-number regex read such replies as "1");
 * - the reasoner ends on "Final answer: X": the rules decide, the extractor is never called.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../src/main/engine/startRun";
import { openStore, type Store } from "../../src/main/store/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { parsePipelineJson } from "../../src/shared/pipeline/validate";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";

const TEMPLATES = join(__dirname, "../../templates");
interface Row {
  id: string;
  image: string;
  choices: string[];
  answer: string;
}
const rows: Row[] = readFileSync(join(TEMPLATES, "data/visual-math.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const byImage = new Map(rows.map((r) => [sha(readFileSync(join(TEMPLATES, "data", r.image))), r]));

type Part = { type: string; text?: string; image_url?: { url: string } };
type Msg = { role: string; content: string | Part[] };
const text = (m: Msg) => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("\n"));
const imageItem = (messages: Msg[]): Row | undefined => {
  for (const m of messages) {
    if (typeof m.content === "string") continue;
    for (const p of m.content) if (p.image_url?.url.startsWith("data:")) return byImage.get(sha(Buffer.from(p.image_url.url.split(",")[1], "base64")));
  }
  return undefined;
};

/** The reasoner names the picture but states no answer line; the extractor answers in steps, then "Final answer: X". */
function reply(withFinalLine: boolean) {
  return (req: RecordedRequest): string => {
    const messages = (req.body as { messages: Msg[] }).messages;
    const item = imageItem(messages);
    if (item) {
      const checking = messages.some((m) => m.role === "assistant");
      if (withFinalLine) return `${checking ? "Checked again." : "Worked it out."}\nFinal answer: ${item.answer}`;
      return checking ? `I checked my reading of picture ${item.id} again and it holds.` : `In picture ${item.id} I read what the question asks for and work it out.`;
    }
    const id = /picture ([a-z]+-\d+)/.exec(messages.map(text).join("\n"))?.[1];
    const row = rows.find((r) => r.id === id)!;
    const stated = row.choices.length ? `(${row.answer})` : row.answer;
    return `Step 1: The solution reads the picture.\nStep 2: It concludes with ${stated}. The answer is ${stated}.\nFinal answer: ${row.answer}`;
  };
}

let fake: FakeServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  store?.close();
  await fake?.close();
});

async function runTemplate(withFinalLine: boolean) {
  fake = await startFakeOpenAI({ reply: reply(withFinalLine) });
  const parsed = parsePipelineJson(readFileSync(join(TEMPLATES, "cas-seat.json"), "utf8"));
  expect(parsed.problems).toEqual([]);
  const doc: PipelineDoc = parsed.doc!;
  for (const m of Object.values(doc.models)) m.baseUrl = fake.url;
  store = openStore(":memory:");
  const handle = startRun({ doc, baseDir: TEMPLATES, store, env: { OPENAI_API_KEY: "test-key" } });
  const end = await handle.done;
  const results = (nodeId: string) => store!.runs.results({ runId: handle.runId, nodeId, limit: 100 }).rows;
  const chats = fake.requests.filter((r) => r.path.startsWith("/v1/chat/completions"));
  const extractorCalls = chats.filter((r) => (r.body as { model: string }).model === "qwen2.5-1.5b-instruct").length;
  return { end, results, extractorCalls };
}

describe("Cas-SEAT template: final-answer extraction", () => {
  it("an extractor that answers in sentences ending 'Final answer: X' scores right on every item", async () => {
    const { end, results, extractorCalls } = await runTemplate(false);
    expect(end.status).toBe("done");
    expect(extractorCalls).toBe(rows.length); // the rules could not decide: the extractor was asked for each item
    for (const r of results("rules")) expect(r.output).toMatchObject({ value: "", rule: "fallback" });
    for (const r of results("extract_llm")) expect(r.output?.decidedBy).toBe("model");
    const answers = results("answer");
    expect(answers).toHaveLength(rows.length);
    for (const r of answers) {
      const row = rows.find((x) => x.id === r.itemId)!;
      expect(r.output, r.itemId).toMatchObject({ value: row.answer, rule: "answer-line" });
    }
    const scores = results("score");
    expect(scores.filter((r) => r.output?.correct === true).map((r) => r.itemId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(new Set(scores.map((r) => r.output?.rule))).toEqual(new Set(["choice/letter", "numeric/value"]));
    // The template's old answer pattern took the first letter or number: "1" from "Step 1: …".
    const old = /(?<![A-Za-z0-9])([A-E]|-?\d+(?:\.\d+)?)(?![A-Za-z0-9])/.exec(String(results("extract_llm")[0].output?.text));
    expect(old?.[1]).toBe("1");
  }, 60_000);

  it("a reasoner that ends on 'Final answer: X' needs no extractor call; the trace says the rules decided", async () => {
    const { end, results, extractorCalls } = await runTemplate(true);
    expect(end.status).toBe("done");
    expect(extractorCalls).toBe(0);
    for (const r of results("rules")) expect(r.output?.rule).toBe("answer-line");
    for (const r of results("extract_llm")) {
      expect(r.output?.decidedBy).toBe("rules");
      expect(r.cacheKey).toBeUndefined(); // no call was made
    }
    expect(results("score").every((r) => r.output?.correct === true)).toBe(true);
  }, 60_000);
});

/**
 * Runs templates/cas-seat-data.json headlessly against a fake OpenAI server and checks the training files:
 * double filtering (source judge, then each sample on its own answer + a reasoning judge), the hand checks of
 * each branch, the 1:1 mix, and every exported line. Then, with fakes whose CoT is wrong and self-evaluation right
 * (and the reverse): no sample whose own final answer is wrong is ever exported.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { decideReview, reviewQueue } from "../../../src/main/review/queue";
import { openStore, type Store } from "../../../src/main/store/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { readSampleItems } from "../../../scripts/sample-data/mathvistaStyle";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../../fakes/openaiServer";

const TEMPLATES = join(__dirname, "../../../templates");

const rows = readSampleItems(join(TEMPLATES, "data"));

type Msg = { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] };
const textOf = (m: Msg) => (typeof m.content === "string" ? m.content : m.content.filter((p) => p.type === "text").map((p) => p.text).join("\n"));

/** The fake: judges reply in different shapes; the reasoner is right on multiple-choice items only. */
function reply(req: RecordedRequest): string {
  const body = req.body as { messages: Msg[]; response_format?: { type: string } };
  const users = body.messages.filter((m) => m.role === "user").map(textOf);
  const last = users[users.length - 1];
  if (last.includes("Reply with only a JSON object")) {
    expect(body.response_format).toEqual({ type: "json_object" });
    if (last.includes("Is the question clear")) {
      return /bar/.test(last) ? '{"score": 2, "label": "ambiguous", "reason": "which bar is meant is unclear"}' : '```json\n{"score": 5, "label": "clear", "reason": "well posed",}\n```';
    }
    return "Score: 5/5\nLabel: sound\nReason: every step checks out.";
  }
  const row = rows.find((r) => r.choices.length > 0 && users[0].includes(JSON.stringify(r.choices)));
  const answer = row ? row.answer : "0";
  return users.length === 1
    ? `Step 1: I look at the picture.\n\n\n\nStep 2: I work it out.\nFinal answer: ${answer}   `
    : `I checked each step against the picture; no error.\nFinal answer: ${answer}`;
}

const expectedItems = rows.filter((r) => r.answer_type === "multi_choice" && !/bar/.test(r.question)).map((r) => r.id);

let fake: FakeServer;
let store: Store;
let dir: string;
let runId: string;
let status: string;
let first: { runId: string; status: string; callsAfter: number };
let second: { runId: string; status: string; requests: RecordedRequest[] };
let callsBeforeThird: number;
const [rejected, edited, ...accepted] = [...expectedItems].sort();
const kept = [edited, ...accepted].sort();
const EDITED_REPLY = "Counted again: the picture shows it plainly.\nFinal answer: A";

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply });
  dir = mkdtempSync(join(tmpdir(), "cas-seat-data-"));
  cpSync(join(TEMPLATES, "data"), join(dir, "data"), { recursive: true });
  const parsed = parsePipelineJson(readFileSync(join(TEMPLATES, "cas-seat-data.json"), "utf8"));
  expect(parsed.problems).toEqual([]);
  const doc: PipelineDoc = parsed.doc!;
  for (const m of Object.values(doc.models)) m.baseUrl = fake.url;
  store = openStore(":memory:");
  const run = async () => {
    const handle = startRun({ doc, baseDir: dir, store, env: { OPENAI_API_KEY: "test-key" } });
    return { runId: handle.runId, status: (await handle.done).status };
  };
  // First run: every item that passed the CoT filters waits at the CoT hand check; the self-evaluation, which
  // continues the hand-checked chat, waits with it.
  const r1 = await run();
  first = { ...r1, callsAfter: chatCalls() };
  // The reviewer decides the CoT samples (as the app's review queue or `cascade review` would), then the
  // pipeline runs again: the self-evaluation runs on the accepted and edited chats.
  decideReview(store, { runId: r1.runId, nodeId: "hand_check_cot", itemId: rejected, decision: "reject", note: "misreads the picture" });
  const cot = store.runs.getResult(r1.runId, "cot_filter", edited)!.output!.cot as { kind: "conversation"; messages: { role: string; content: string }[] };
  const fixed = { ...cot, messages: cot.messages.map((m, i) => (i === cot.messages.length - 1 ? { ...m, content: EDITED_REPLY } : m)) };
  decideReview(store, { runId: r1.runId, nodeId: "hand_check_cot", itemId: edited, decision: "edit", edits: { cot: fixed } });
  for (const id of accepted) decideReview(store, { runId: r1.runId, nodeId: "hand_check_cot", itemId: id, decision: "accept" });
  const before = fake.requests.length;
  const r2 = await run();
  second = { ...r2, requests: fake.requests.slice(before) };
  // Then the self-evaluation samples, and a third run exports.
  for (const id of kept) decideReview(store, { runId: r2.runId, nodeId: "hand_check_check", itemId: id, decision: "accept" });
  callsBeforeThird = chatCalls();
  ({ runId, status } = await run());
}, 60_000);

const chatCalls = () => fake.requests.filter((r) => r.path.startsWith("/v1/chat/completions")).length;

afterAll(async () => {
  store?.close();
  await fake?.close();
  await closeSharedSandboxPool();
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const lines = (file: string) => readFileSync(join(dir, file), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));

describe("cas-seat-data, headless", () => {
  it("first run: samples kept by the CoT filters wait at the CoT hand check; nothing after it runs, the self-evaluation neither", () => {
    expect(first.status).toBe("done");
    const hand = store.runs.results({ runId: first.runId, nodeId: "hand_check_cot", limit: 100 }).rows;
    expect(hand.map((r) => r.itemId).sort()).toEqual([...expectedItems].sort());
    expect(hand.every((r) => r.status === "pending" && r.error === "review hand_check_cot: waiting for a reviewer's decision")).toBe(true);
    for (const nodeId of ["tidy_cot", "selfeval", "check_judge", "hand_check_check", "tidy_check"]) expect(store.runs.results({ runId: first.runId, nodeId, limit: 100 }).total).toBe(0);
    expect(store.runs.get(first.runId).totals).toMatchObject({ itemsPending: 6, errors: 0 });
  });

  it("second run: the self-evaluation continues the reviewed chat, so the edited reply reaches it and its judge", () => {
    const hand = new Map(store.runs.results({ runId: second.runId, nodeId: "hand_check_cot", limit: 100 }).rows.map((r) => [r.itemId, r]));
    expect(hand.get(rejected)).toMatchObject({ status: "dropped", error: "rejected by reviewer: misreads the picture" });
    for (const id of kept) expect(hand.get(id)!.status).toBe("done");
    // Only the new calls: one self-evaluation and one judge of it per kept item; the CoT calls come from the cache.
    const chats = second.requests.filter((r) => r.path.startsWith("/v1/chat/completions"));
    expect(chats).toHaveLength(kept.length * 2);
    const bodies = chats.map((r) => (r.body as { messages: Msg[] }).messages);
    const selfChecks = bodies.filter((m) => m.filter((x) => x.role === "user").length === 2);
    expect(selfChecks).toHaveLength(kept.length);
    const ofEdited = selfChecks.filter((m) => m.some((x) => x.role === "assistant" && textOf(x) === EDITED_REPLY));
    expect(ofEdited).toHaveLength(1);
    // The judge of the check reads the edited solution too.
    expect(bodies.filter((m) => textOf(m[m.length - 1]).includes(`A worked solution:\n${EDITED_REPLY}\n`))).toHaveLength(1);
    const checks = store.runs.results({ runId: second.runId, nodeId: "hand_check_check", limit: 100 }).rows;
    expect(checks.map((r) => r.itemId).sort()).toEqual(kept);
    expect(checks.every((r) => r.status === "pending")).toBe(true);
  });

  it("the CoT queue says what an edit reaches (the self-evaluation and all after it) and shows each item's ground truth", () => {
    const queue = reviewQueue(store, first.runId, "hand_check_cot");
    const perItem = queue.downstream.filter((d) => d.perItem).map((d) => d.nodeId);
    expect([...perItem].sort()).toEqual(["check_answer", "check_filter", "check_judge", "check_score", "hand_check_check", "selfeval", "tidy_check", "tidy_cot"]);
    // In pipeline order: each node after the nodes it reads.
    expect(perItem[0]).toBe("tidy_cot");
    expect(perItem.indexOf("selfeval")).toBeLessThan(perItem.indexOf("check_answer"));
    expect(perItem.indexOf("check_score")).toBeLessThan(perItem.indexOf("check_filter"));
    const whole = queue.downstream.filter((d) => !d.perItem).map((d) => d.nodeId);
    expect(whole[0]).toBe("mix");
    expect([...whole].sort()).toEqual(["export_openai", "export_sharegpt", "mix"]);
    // Beside it, not after it: the CoT's own answer and judge never see the edit.
    expect(queue.downstream.map((d) => d.nodeId)).not.toContain("cot_judge");
    expect(queue.truth).toEqual({ scoreNode: "check_score", node: "dataset", port: "answer" });
    for (const item of queue.items) expect(item.truth).toBe(rows.find((r) => r.id === item.itemId)!.answer);
    // The self-evaluation's queue: only its tidy step, the mix and the exports come after it.
    const checks = reviewQueue(store, second.runId, "hand_check_check");
    expect(checks.downstream.map((d) => d.nodeId).slice(0, 2)).toEqual(["tidy_check", "mix"]);
  });

  it("third run: the decisions apply, no model call is repeated", () => {
    expect(chatCalls()).toBe(callsBeforeThird);
    for (const nodeId of ["hand_check_cot", "hand_check_check"]) {
      const hand = store.runs.results({ runId, nodeId, limit: 100 }).rows;
      expect(hand.filter((r) => r.status === "done").map((r) => r.itemId).sort()).toEqual(kept);
      expect(hand.filter((r) => r.status === "pending")).toHaveLength(0);
    }
  });

  it("finishes, with the expected items kept by both filters", () => {
    expect(status).toBe("done");
    expect(expectedItems).toHaveLength(6);
    const dropped = (nodeId: string) => store.runs.results({ runId, nodeId, limit: 1000 }).rows.filter((r) => r.status === "dropped");
    const atSource = dropped("source_filter");
    expect(atSource.map((r) => r.itemId).sort()).toEqual(rows.filter((r) => /bar/.test(r.question)).map((r) => r.id).sort());
    expect(atSource[0].error).toMatch(/^filter source_filter: label == "clear" && score >= 3 && len\(question\) >= 10 was false \(label="ambiguous", score=2, question=".*"\)$/);
    // The reasoner is wrong on the integer items: the CoT filter drops them on their own answer, so they never
    // reach the self-evaluation, which checks hand-checked chats only.
    const atLabel = dropped("cot_filter");
    expect(atLabel.map((r) => r.itemId).sort()).toEqual(rows.filter((r) => r.answer_type === "integer" && !/bar/.test(r.question)).map((r) => r.id).sort());
    expect(atLabel[0].error).toContain("correct=false");
    expect(dropped("check_filter")).toHaveLength(0);
  });

  it("writes ShareGPT lines: human/gpt turns, <image> placeholder, copied images", () => {
    const out = lines("out/cas-seat-sharegpt.jsonl");
    expect(out).toHaveLength(kept.length * 2);
    const ids = new Set<string>();
    for (const l of out) {
      ids.add(l.id);
      expect(l.system).toMatch(/^You solve maths questions about pictures/);
      const froms = l.conversations.map((c: { from: string }) => c.from);
      expect(froms.length === 2 || froms.length === 4).toBe(true);
      froms.forEach((f: string, i: number) => expect(f).toBe(i % 2 === 0 ? "human" : "gpt"));
      expect(l.conversations[0].value.startsWith("<image>\n")).toBe(true);
      expect(l.conversations.filter((c: { value: string }) => c.value.includes("<image>"))).toHaveLength(1);
      // LLaMA-Factory's ShareGPT layout: an images list, one "<image>" token per image.
      expect(l.images).toHaveLength(1);
      expect(l.images[0]).toMatch(/^images\/(count|math)-\d\d\.png$/);
      expect(existsSync(join(dir, "out", l.images[0]))).toBe(true);
      for (const c of l.conversations) expect(c.value).not.toMatch(/\n{3,}|\s$/);
    }
    expect(ids.size).toBe(out.length);
    const items = [...new Set(out.map((l) => String(l.id).split(":")[0]))].sort();
    expect(items).toEqual(kept);
    expect(out.filter((l) => l.conversations.length === 4)).toHaveLength(kept.length);
    // The reviewer's edit replaced the reply in the chain-of-thought chat, and the self-evaluation chat of the
    // item carries the same edited turn (its check was made on it): no sample holds the old reply.
    const editedCot = out.find((l) => String(l.id).startsWith(`${edited}:`) && l.conversations.length === 2);
    expect(editedCot.conversations[1].value).toBe(EDITED_REPLY);
    const editedCheck = out.find((l) => String(l.id).startsWith(`${edited}:`) && l.conversations.length === 4);
    expect(editedCheck.conversations[1].value).toBe(EDITED_REPLY);
    for (const l of out.filter((l) => String(l.id).startsWith(`${edited}:`))) expect(JSON.stringify(l)).not.toContain("Step 1: I look at the picture.");
  });

  it("writes OpenAI chat lines: system, user with image part, assistant; the same mix", () => {
    const out = lines("out/cas-seat-openai/train.jsonl");
    expect(out).toHaveLength(kept.length * 2);
    for (const l of out) {
      expect(Object.keys(l)).toEqual(["messages"]);
      const roles = l.messages.map((m: Msg) => m.role);
      expect(roles[0]).toBe("system");
      roles.slice(1).forEach((r: string, i: number) => expect(r).toBe(i % 2 === 0 ? "user" : "assistant"));
      const first = l.messages[1].content;
      expect(first[0].type).toBe("text");
      expect(first[1].type).toBe("image_url");
      // Embedded as a data URL (what a fine-tuning upload needs), the bytes of the item's picture.
      const url: string = first[1].image_url.url;
      expect(url).toMatch(/^data:image\/png;base64,/);
      const picture = readFileSync(join(dir, "data", rows.find((r) => textOf(l.messages[1]).includes(`Question: ${r.question}\nChoices (the first is A, the second B, and so on; [] means the answer is a number): ${JSON.stringify(r.choices)}`))!.image));
      expect(Buffer.from(url.slice(url.indexOf(",") + 1), "base64").equals(picture)).toBe(true);
      const final = l.messages[l.messages.length - 1].content;
      expect(final).toMatch(/Final answer: [A-E]$/);
    }
    expect(existsSync(join(dirname(join(dir, "out/cas-seat-openai/train.jsonl")), "images"))).toBe(false);
  });

  it("reports the mix and the export as node outputs", () => {
    const mix = store.runs.results({ runId, nodeId: "mix", limit: 10 }).rows[0];
    expect(mix.status).toBe("done");
    expect(mix.output).toMatchObject({ count: 10, report: { counts: { branch_1: { taken: 5 }, branch_2: { taken: 5 } }, warnings: [] } });
    const exp = store.runs.results({ runId, nodeId: "export_sharegpt", limit: 10 }).rows[0];
    expect(exp.output).toMatchObject({ path: join(dir, "out/cas-seat-sharegpt.jsonl"), records: 10, report: { skippedTotal: 0, imagesCopied: 5 } });
  });
});

/** The review panel's pure parts: edit drafts (text, a chat's assistant turns, samples, JSON), folded chat prefixes, pending counted as finished. */
import { describe, expect, it } from "vitest";
import { applyDraft, changedEdits, draftOf } from "../../../src/renderer/src/review/editDraft";
import { sharedPrefix } from "../../../src/renderer/src/review/ReviewValue";
import { finishedCount } from "../../../src/renderer/src/run/liveRun";
import { emptyCounts } from "../../../src/shared/events";
import type { Conversation } from "../../../src/shared/values";

const chat: Conversation = {
  kind: "conversation",
  messages: [
    { role: "user", content: "2+3?", images: [{ kind: "image", source: "images/a.png" }] },
    { role: "assistant", content: "6" },
  ],
};
const continued: Conversation = { kind: "conversation", messages: [...chat.messages, { role: "user", content: "check" }, { role: "assistant", content: "5" }] };

describe("edit drafts", () => {
  it("edits a chat's assistant turns and keeps the rest (images included)", () => {
    const d = draftOf(continued);
    expect(d).toMatchObject({ kind: "chat", texts: { 1: "6", 3: "5" } });
    if (d.kind !== "chat") throw new Error("not a chat");
    const r = applyDraft("check", { ...d, texts: { ...d.texts, 1: "5" } });
    expect(r).toEqual({ ok: true, value: { ...continued, messages: [continued.messages[0], { role: "assistant", content: "5" }, ...continued.messages.slice(2)] } });
  });
  it("sends only changed fields; bad JSON names the field", () => {
    const original = { answer: "6", meta: { n: 1 } };
    expect(changedEdits(original, { answer: { kind: "text", text: "5" }, meta: draftOf(original.meta) })).toEqual({ edits: { answer: "5" } });
    expect(changedEdits(original, { meta: { kind: "json", text: "{n:" } })).toEqual({ error: expect.stringMatching(/^meta: not valid JSON/) });
    expect(changedEdits(original, { answer: draftOf("6") })).toEqual({ edits: {} });
  });
  it("edits samples of texts (taken whole) one text per sample; other samples as JSON", () => {
    const replies = { kind: "samples" as const, values: ["a", "b", "c"] };
    const d = draftOf(replies);
    expect(d).toEqual({ kind: "samples", texts: ["a", "b", "c"] });
    expect(changedEdits({ reply: replies }, { reply: { kind: "samples", texts: ["a", "B", "c"] } })).toEqual({ edits: { reply: { kind: "samples", values: ["a", "B", "c"] } } });
    expect(changedEdits({ reply: replies }, { reply: d })).toEqual({ edits: {} });
    expect(draftOf({ kind: "samples", values: [1, 2] }).kind).toBe("json");
  });
});

describe("review view helpers", () => {
  it("folds the turns a chat shares with an earlier input", () => {
    expect(sharedPrefix(continued, [["cot", chat]])).toEqual({ from: "cot", turns: 2 });
    expect(sharedPrefix(chat, [["cot", chat]])).toBeUndefined();
    expect(sharedPrefix(continued, [["q", "text"]])).toBeUndefined();
  });
  it("counts items pending review as finished at their node", () => {
    expect(finishedCount({ ...emptyCounts(), done: 2, pending: 3 })).toBe(5);
    expect(finishedCount({ ...emptyCounts(), done: 2, pending: undefined })).toBe(2);
  });
});

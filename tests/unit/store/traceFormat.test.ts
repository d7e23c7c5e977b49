import { describe, expect, it } from "vitest";
import { packTrace, unpackCalls, unpackInputs } from "../../../src/main/store/traceFormat";
import type { CallTrace } from "../../../src/shared/events";
import type { ChatMessage, Conversation } from "../../../src/shared/values";

const call = (messages: ChatMessage[]): CallTrace => ({
  provider: "openai",
  model: "m",
  messages,
  params: {},
  reply: "ok",
  cacheKey: "k",
  cached: true,
  latencyMs: 1,
  retries: 0,
  sample: 0,
});

describe("stored traces", () => {
  it("stores a continued conversation once, as a prefix of the call's messages, and restores it", () => {
    const earlier: ChatMessage[] = [
      { role: "system", content: "be careful" },
      { role: "user", content: "How many?", images: [{ kind: "image", source: "images/a.png", hash: "abc", mime: "image/png" }] },
      { role: "assistant", content: "Final answer: 3" },
    ];
    const conversation: Conversation = { kind: "conversation", messages: earlier };
    const sent = [...earlier, { role: "user" as const, content: "Check it." }];
    const packed = packTrace({ inputs: { conversation, note: "x" }, calls: [call(sent)] })!;
    expect(packed.inputs).toEqual({ note: "x" });
    expect(packed.inputRefs).toEqual({ conversation: { m: 0, length: 3 } });
    const restored = JSON.parse(JSON.stringify(packed));
    expect(unpackInputs(restored, { output: null })).toEqual({ note: "x", conversation });
    expect(unpackCalls(restored, { output: null })[0].messages).toEqual(sent);
  });

  it("keeps a conversation that no call continues as it is", () => {
    const conversation: Conversation = { kind: "conversation", messages: [{ role: "user", content: "hi" }] };
    const packed = packTrace({ inputs: { conversation }, calls: [call([{ role: "user", content: "other" }])] })!;
    expect(packed.inputRefs).toBeUndefined();
    expect(unpackInputs(JSON.parse(JSON.stringify(packed)), { output: null })).toEqual({ conversation });
  });

  it("refers to the output for a prompt's messages and reply and to the row for the cache key, and reads them back", () => {
    const sent: ChatMessage[] = [{ role: "user", content: "A farmer has 17 sheep and all but 9 run away. How many are left? Think step by step." }];
    const reply = "All but 9 ran away, so 9 are left. Final answer: 9";
    const output = { text: reply, conversation: { kind: "conversation" as const, messages: [...sent, { role: "assistant" as const, content: reply }] } };
    const made = { ...call(sent), reply, cacheKey: "9f2c4d0b7e1a5c3f9f2c4d0b7e1a5c3f9f2c4d0b7e1a5c3f9f2c4d0b7e1a5c3f" };
    const row = { output, cacheKey: made.cacheKey };
    const packed = packTrace({ inputs: { question: "17 sheep" }, calls: [made], row })!;
    const stored = JSON.parse(JSON.stringify(packed));
    expect(stored.messages).toEqual([{ output: "conversation", length: 1 }]);
    expect(stored.calls[0].reply).toBeUndefined();
    expect(stored.calls[0].cacheKey).toBeUndefined();
    const full = JSON.stringify(packTrace({ inputs: { question: "17 sheep" }, calls: [made] }));
    expect(JSON.stringify(packed).length).toBeLessThan(full.length / 2);
    expect(unpackCalls(stored, row)).toEqual([made]);
    expect(unpackInputs(stored, row)).toEqual({ question: "17 sheep" });
  });

  it("restores a continued chat whose messages are stored in the output, and the replies of every sample", () => {
    const earlier: ChatMessage[] = [
      { role: "user", content: "Solve it." },
      { role: "assistant", content: "x = 3" },
    ];
    const sent = [...earlier, { role: "user" as const, content: "Check each step." }];
    const replies = ["x = 3 is right", "x = 4"];
    const conv = (reply: string) => ({ kind: "conversation" as const, messages: [...sent, { role: "assistant" as const, content: reply }] });
    const output = { text: { kind: "samples" as const, values: replies }, conversation: { kind: "samples" as const, values: replies.map(conv) } };
    const calls = replies.map((reply, sample) => ({ ...call(sent), reply, sample, cacheKey: `k${sample}` }));
    const row = { output, cacheKey: "k0" };
    const stored = JSON.parse(JSON.stringify(packTrace({ inputs: { conversation: { kind: "conversation", messages: earlier } }, calls, row })));
    expect(stored.messages).toEqual([{ output: "conversation", sample: 0, length: 3 }]);
    expect(stored.inputRefs).toEqual({ conversation: { m: 0, length: 2 } });
    expect(unpackCalls(stored, row)).toEqual(calls);
    expect(unpackInputs(stored, row)).toEqual({ conversation: { kind: "conversation", messages: earlier } });
  });

  it("keeps the messages and reply of a call that failed or whose messages the output does not begin with", () => {
    const sent: ChatMessage[] = [{ role: "user", content: "q" }];
    const failed = { ...call(sent), reply: "", error: "HTTP 500" };
    const stored = JSON.parse(JSON.stringify(packTrace({ calls: [failed], row: { output: null } })));
    expect(stored.messages).toEqual([sent]);
    expect(unpackCalls(stored, { output: null })).toEqual([failed]);
    const copy: ChatMessage[] = [{ role: "user", content: "q" }, { role: "assistant", content: "ok" }];
    const other = { text: "ok", conversation: { kind: "conversation" as const, messages: copy } };
    const copied = JSON.parse(JSON.stringify(packTrace({ calls: [call(sent)], row: { output: other } })));
    expect(copied.messages).toEqual([sent]);
    expect(copied.calls[0].reply).toBe("ok");
  });

  it("reads traces stored before output references existed", () => {
    const old = { inputs: { q: "hi" }, calls: [{ provider: "openai", model: "m", params: {}, reply: "yo", cacheKey: "old", cached: false, latencyMs: 3, retries: 0, sample: 0, m: 0 }], messages: [[{ role: "user", content: "hi" }]] };
    expect(unpackCalls(old as never, { output: null, cacheKey: "other" })).toEqual([{ provider: "openai", model: "m", params: {}, reply: "yo", cacheKey: "old", cached: false, latencyMs: 3, retries: 0, sample: 0, messages: [{ role: "user", content: "hi" }] }]);
  });
});

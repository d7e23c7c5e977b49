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
    const packed = packTrace({ conversation, note: "x" }, [call(sent)])!;
    expect(packed.inputs).toEqual({ note: "x" });
    expect(packed.inputRefs).toEqual({ conversation: { m: 0, length: 3 } });
    const restored = JSON.parse(JSON.stringify(packed));
    expect(unpackInputs(restored)).toEqual({ note: "x", conversation });
    expect(unpackCalls(restored)[0].messages).toEqual(sent);
  });

  it("keeps a conversation that no call continues as it is", () => {
    const conversation: Conversation = { kind: "conversation", messages: [{ role: "user", content: "hi" }] };
    const packed = packTrace({ conversation }, [call([{ role: "user", content: "other" }])])!;
    expect(packed.inputRefs).toBeUndefined();
    expect(unpackInputs(JSON.parse(JSON.stringify(packed)))).toEqual({ conversation });
  });
});

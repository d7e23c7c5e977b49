import { describe, expect, it } from "vitest";
import { csvField, formatExport, type ImagePathOf } from "../../../src/shared/ddf/exportFormats";
import { planImages } from "../../../src/shared/ddf/imagePlan";
import { sampleImages, toTrainingSample, type TrainingSample } from "../../../src/shared/ddf/samples";
import type { ImageRef } from "../../../src/shared/values";

const img = (source: string): ImageRef => ({ kind: "image", source });

function sample(value: unknown, id: string, branch?: string): TrainingSample {
  const r = toTrainingSample(value, { id, branch });
  if (!r.ok) throw new Error(r.error);
  return r.sample;
}

const cotChat = sample(
  {
    kind: "conversation",
    messages: [
      { role: "system", content: "You are a careful maths tutor." },
      { role: "user", content: "How many circles?", images: [img("images/count-01.png")] },
      { role: "assistant", content: "I count 5 circles. Answer: B" },
    ],
  },
  "count-01:branch_1",
  "branch_1",
);
const selfEvalChat = sample(
  {
    kind: "conversation",
    messages: [
      { role: "user", content: "What is 2+3?", images: [img("images/eq-01.png")] },
      { role: "assistant", content: "5" },
      { role: "user", content: "Check your answer." },
      { role: "assistant", content: "Correct: 2+3=5." },
    ],
  },
  "eq-01:branch_2",
  "branch_2",
);
const textOnly = sample({ instruction: "Say hi", output: "hi, with \"quotes\", commas\nand lines" }, "t-1");
const samples = [cotChat, selfEvalChat, textOnly];
const asGiven: ImagePathOf = (i) => i.source;

function jsonLines(text: string): Record<string, any>[] {
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}

function expectAlternating(roles: string[], user: string, assistant: string): void {
  const turns = roles[0] === "system" ? roles.slice(1) : roles;
  turns.forEach((r, i) => expect(r).toBe(i % 2 === 0 ? user : assistant));
  expect(turns[turns.length - 1]).toBe(assistant);
}

describe("openai-chat", () => {
  const out = formatExport(samples, "openai-chat", asGiven);
  const lines = jsonLines(out.text);
  it("writes one {messages} line per sample with system/user/assistant roles", () => {
    expect(out.records).toBe(3);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(["messages"]);
      expectAlternating(l.messages.map((m: { role: string }) => m.role), "user", "assistant");
    }
    expect(lines[0].messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(lines[0].messages[0]).toEqual({ role: "system", content: "You are a careful maths tutor." });
    expect(lines[2].messages).toEqual([
      { role: "user", content: "Say hi" },
      { role: "assistant", content: 'hi, with "quotes", commas\nand lines' },
    ]);
  });
  it("puts images in content parts", () => {
    expect(lines[0].messages[1].content).toEqual([
      { type: "text", text: "How many circles?" },
      { type: "image_url", image_url: { url: "images/count-01.png" } },
    ]);
  });
});

describe("sharegpt", () => {
  const lines = jsonLines(formatExport(samples, "sharegpt", asGiven).text);
  it("has id, images (LLaMA-Factory's list), and human/gpt turns with an <image> placeholder per image", () => {
    expect(lines[0]).toEqual({
      id: "count-01:branch_1",
      images: ["images/count-01.png"],
      system: "You are a careful maths tutor.",
      conversations: [
        { from: "human", value: "<image>\nHow many circles?" },
        { from: "gpt", value: "I count 5 circles. Answer: B" },
      ],
    });
    expectAlternating(lines[1].conversations.map((c: { from: string }) => c.from), "human", "gpt");
    expect(lines[1].conversations[0].value.startsWith("<image>\n")).toBe(true);
    expect(lines[1].conversations[2].value).toBe("Check your answer.");
  });
  it("leaves out image and placeholder for a text-only sample", () => {
    expect(lines[2]).toEqual({ id: "t-1", conversations: [{ from: "human", value: "Say hi" }, { from: "gpt", value: 'hi, with "quotes", commas\nand lines' }] });
  });
  it("reads back into the same sample", () => {
    const back = sample(lines[0], "count-01:branch_1", "branch_1");
    expect(back).toEqual(cotChat);
  });
});

describe("jsonl and csv", () => {
  it("jsonl keeps id, branch and image paths per message", () => {
    const lines = jsonLines(formatExport(samples, "jsonl", asGiven).text);
    expect(lines[1]).toMatchObject({ id: "eq-01:branch_2", branch: "branch_2" });
    expect(lines[1].messages[0]).toEqual({ role: "user", content: "What is 2+3?", images: ["images/eq-01.png"] });
  });
  it("csv quotes fields and has a header", () => {
    const out = formatExport(samples, "csv", asGiven);
    const rows = out.text.split("\r\n");
    expect(rows[0]).toBe("id,branch,system,prompt,response,images,turns,messages");
    expect(rows[1].startsWith("count-01:branch_1,branch_1,You are a careful maths tutor.,How many circles?,I count 5 circles. Answer: B,images/count-01.png,1,")).toBe(true);
    expect(out.text).toContain('"hi, with ""quotes"", commas\nand lines"');
    expect(csvField("plain")).toBe("plain");
    expect(out.records).toBe(3);
  });
});

describe("checks and images", () => {
  it("skips samples whose roles do not alternate, saying why", () => {
    const bad: TrainingSample = { id: "bad", messages: [{ role: "user", content: "a" }, { role: "user", content: "b" }, { role: "assistant", content: "c" }] };
    const out = formatExport([bad, textOnly], "openai-chat", asGiven);
    expect(out.records).toBe(1);
    expect(out.skipped).toEqual([{ id: "bad", error: 'sample bad: message 2 is "user" where "assistant" was expected (roles alternate user/assistant)' }]);
  });

  it("plans copies into images/ with unique names and keeps web URLs", () => {
    const refs = [img("data/a/x.png"), img("data/b/x.png"), img("data/a/x.png"), img("https://e.com/y.png"), img("data:image/png;base64,AAAA")];
    const plan = planImages(refs, "copy");
    expect(plan.copies.map((c) => c.target)).toEqual(["images/x.png", "images/x-2.png", expect.stringMatching(/^images\/image-[0-9a-f]+\.png$/)]);
    expect(plan.pathOf(refs[2])).toBe("images/x.png");
    expect(plan.pathOf(refs[3])).toBe("https://e.com/y.png");
    const ref = planImages(refs, "reference");
    expect(ref.copies).toEqual([]);
    expect(ref.pathOf(refs[1])).toBe("data/b/x.png");
  });

  it("sharegpt with copied images points at images/", () => {
    const plan = planImages(samples.flatMap(sampleImages), "copy");
    const lines = jsonLines(formatExport(samples, "sharegpt", plan.pathOf).text);
    expect(lines.map((l) => l.images?.[0])).toEqual(["images/count-01.png", "images/eq-01.png", undefined]);
  });
});

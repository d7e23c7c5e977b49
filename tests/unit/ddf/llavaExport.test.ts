/**
 * The LLaVA export (#20 item 9) loads with a reader written to the expectations of LLaVA's trainer
 * (llava/train/train.py: LazySupervisedDataset, preprocess_multimodal, preprocess_v1), as read there:
 * - json.load of the whole file: one JSON array of samples;
 * - 'image' in a sample: one path string, opened as os.path.join(image_folder, image);
 * - conversations: a first turn not from "human" is dropped, then roles["human"|"gpt"] (any other "from" is a
 *   KeyError) must alternate human, gpt (an assert);
 * - "<image>" tokens: the trainer builds one image tensor per sample, so a sample with an image has exactly one
 *   token (preprocess_multimodal moves it to the front of its turn), and one without has none.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeExport } from "../../../src/main/engine/nodes/export";
import { formatExport } from "../../../src/shared/ddf/exportFormats";
import { toTrainingSample, type TrainingSample } from "../../../src/shared/ddf/samples";
import { ExportConfigSchema } from "../../../src/shared/nodes/kinds/export";
import type { ImageRef } from "../../../src/shared/values";

/** What LLaVA's LazySupervisedDataset does with the file, as far as the data layout goes. */
function loadLikeLlava(file: string, imageFolder: string): { image?: string; sources: { from: string; value: string }[] }[] {
  const list: unknown = JSON.parse(readFileSync(file, "utf8")); // json.load(open(data_path, "r"))
  if (!Array.isArray(list)) throw new Error("LazySupervisedDataset indexes list_data_dict[i]: the file must hold one JSON array");
  return list.map((sample: Record<string, unknown>, i) => {
    const conversations = sample.conversations as { from: unknown; value: unknown }[];
    if (!Array.isArray(conversations)) throw new Error(`sample ${i}: no conversations list`);
    let image: string | undefined;
    if ("image" in sample) {
      if (typeof sample.image !== "string") throw new Error(`sample ${i}: os.path.join(image_folder, image) needs a string, got ${JSON.stringify(sample.image)}`);
      const path = isAbsolute(sample.image) ? sample.image : join(imageFolder, sample.image);
      if (!existsSync(path)) throw new Error(`sample ${i}: Image.open(${path}) fails: no such file`);
      image = sample.image;
    }
    const roles: Record<string, string> = { human: "USER", gpt: "ASSISTANT" };
    let source = conversations;
    if (roles[String(source[0]?.from)] !== "USER") source = source.slice(1);
    source.forEach((s, j) => {
      if (!(String(s.from) in roles)) throw new Error(`sample ${i}: KeyError ${JSON.stringify(s.from)}`);
      if (roles[String(s.from)] !== (j % 2 === 0 ? "USER" : "ASSISTANT")) throw new Error(`sample ${i}: turn ${j} breaks the human/gpt alternation`);
      if (typeof s.value !== "string") throw new Error(`sample ${i}: turn ${j} value is not a string`);
    });
    const tokens = source.reduce((n, s) => n + (String(s.value).split("<image>").length - 1), 0);
    if (tokens !== (image ? 1 : 0)) throw new Error(`sample ${i}: ${tokens} <image> tokens for ${image ? "one image" : "no image"}`);
    if (image && !String(source[0].value).includes("<image>")) throw new Error(`sample ${i}: the image token is not in the first human turn`);
    return { image, sources: source as { from: string; value: string }[] };
  });
}

const PNG = (tag: string) => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.from(tag)]);
const img = (source: string): ImageRef => ({ kind: "image", source });
function chat(id: string, messages: unknown[]): TrainingSample {
  const r = toTrainingSample({ kind: "conversation", messages }, { id });
  if (!r.ok) throw new Error(r.error);
  return r.sample;
}

const cot = chat("count-01:cot", [
  { role: "system", content: "You solve maths questions about pictures." },
  { role: "user", content: "How many circles?", images: [img("images/count-01.png")] },
  { role: "assistant", content: "I count 5.\nFinal answer: B" },
]);
// A self-evaluation chat attaches the same picture again with the check.
const selfEval = chat("count-01:selfeval", [
  { role: "user", content: "How many circles?", images: [img("images/count-01.png")] },
  { role: "assistant", content: "I count 5.\nFinal answer: B" },
  { role: "user", content: "Check each step against the picture.", images: [img("images/count-01.png")] },
  { role: "assistant", content: "Checked.\nFinal answer: B" },
]);
const textOnly = chat("t-1", [{ role: "user", content: "Say hi" }, { role: "assistant", content: "hi" }]);
const twoPictures = chat("two", [
  { role: "user", content: "Compare", images: [img("images/count-01.png"), img("images/count-02.png")] },
  { role: "assistant", content: "same" },
]);
const literalToken = chat("lit", [{ role: "user", content: "What does <image> mean?" }, { role: "assistant", content: "a tag" }]);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llava-export-"));
  mkdirSync(join(dir, "data/images"), { recursive: true });
  writeFileSync(join(dir, "data/images/count-01.png"), PNG("one"));
  writeFileSync(join(dir, "data/images/count-02.png"), PNG("two"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("llava export", () => {
  it("loads with a reader written to LLaVA's trainer, images from the file's folder as --image_folder", async () => {
    const config = ExportConfigSchema.parse({ format: "llava", outPath: "out/llava.json" });
    const written = await writeExport(config, [cot, selfEval, textOnly, twoPictures, literalToken], { baseDir: dir, imageDirs: [join(dir, "data"), dir], nodeId: "export" });
    expect(written.records).toBe(3);
    expect(written.skipped.map((s) => s.id)).toEqual(["two", "lit"]);
    expect(written.skipped[0].error).toMatch(/LLaVA takes one image per sample; this one has 2/);
    const loaded = loadLikeLlava(written.path, dirname(written.path));
    expect(loaded).toHaveLength(3);
    expect(loaded[0]).toEqual({
      image: "images/count-01.png",
      sources: [
        { from: "human", value: "<image>\nYou solve maths questions about pictures.\n\nHow many circles?" },
        { from: "gpt", value: "I count 5.\nFinal answer: B" },
      ],
    });
    expect(loaded[1].sources.map((s) => s.value.includes("<image>"))).toEqual([true, false, false, false]);
    expect(loaded[2]).toEqual({ image: undefined, sources: [{ from: "human", value: "Say hi" }, { from: "gpt", value: "hi" }] });
    // Exactly LLaVA's keys: id, image (when there is one), conversations.
    const raw = JSON.parse(readFileSync(written.path, "utf8"));
    expect(raw.map((r: object) => Object.keys(r))).toEqual([["id", "image", "conversations"], ["id", "image", "conversations"], ["id", "conversations"]]);
  });

  it("the earlier ShareGPT layout does not load in LLaVA (JSON lines, an image list)", () => {
    const file = join(dir, "sharegpt.jsonl");
    writeFileSync(file, formatExport([cot, selfEval], "sharegpt", (i) => i.source).text);
    expect(() => loadLikeLlava(file, join(dir, "data"))).toThrow();
  });

  it("writes an empty array when nothing is exported, and refuses data URLs for LLaVA", () => {
    expect(formatExport([], "llava", (i) => i.source).text).toBe("[]\n");
    const bad = ExportConfigSchema.safeParse({ format: "llava", images: "data-url", outPath: "x.json" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].message).toMatch(/LLaVA's trainer opens image files/);
  });
});

/**
 * Export images (#11 data URLs, #22 item 9): OpenAI chat embeds images as base64 data URLs by default; one
 * picture named two ways is copied once (it used to become bars-04.png and bars-04-2.png).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeExport } from "../../../src/main/engine/nodes/export";
import { toTrainingSample, type TrainingSample } from "../../../src/shared/ddf/samples";
import { ExportConfigSchema } from "../../../src/shared/nodes/kinds/export";
import type { ImageRef } from "../../../src/shared/values";

const PNG = (tag: string) => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.from(tag)]);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "export-images-"));
  mkdirSync(join(dir, "data/images"), { recursive: true });
  mkdirSync(join(dir, "other"), { recursive: true });
  writeFileSync(join(dir, "data/images/bars-04.png"), PNG("bars 4"));
  writeFileSync(join(dir, "other/bars-04.png"), PNG("another picture with the same name"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function chat(id: string, ...images: ImageRef[]): TrainingSample {
  const r = toTrainingSample(
    { kind: "conversation", messages: [{ role: "user", content: `question ${id}`, images }, { role: "assistant", content: "answer" }] },
    { id },
  );
  if (!r.ok) throw new Error(r.error);
  return r.sample;
}
const img = (source: string, hash?: string): ImageRef => ({ kind: "image", source, ...(hash ? { hash } : {}) });
const where = () => ({ baseDir: dir, imageDirs: [join(dir, "data"), dir], nodeId: "export" });
const lines = (file: string) => readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));

describe("export images", () => {
  it("openai-chat embeds each image as a base64 data URL by default; web URLs stay", async () => {
    const config = ExportConfigSchema.parse({ format: "openai-chat", outPath: "out/train.jsonl" });
    expect(config.images).toBeUndefined();
    const samples = [chat("a", img("images/bars-04.png")), chat("b", img("https://example.org/x.png")), chat("c", img("images/bars-04.png"))];
    const written = await writeExport(config, samples, where());
    expect(written).toMatchObject({ records: 3, imagesCopied: 0, imagesEmbedded: 1 });
    const out = lines(written.path);
    const url = out[0].messages[0].content[1].image_url.url as string;
    expect(url).toBe(`data:image/png;base64,${PNG("bars 4").toString("base64")}`);
    expect(out[1].messages[0].content[1].image_url.url).toBe("https://example.org/x.png");
    expect(out[2].messages[0].content[1].image_url.url).toBe(url);
    expect(readdirSync(join(dir, "out"))).toEqual(["train.jsonl"]);
  });

  it("copies one picture once however its source is spelled, and two pictures of one name twice", async () => {
    const config = ExportConfigSchema.parse({ format: "sharegpt", outPath: "out/train.jsonl" });
    const samples = [
      chat("rel", img("images/bars-04.png")),
      chat("abs", img(join(dir, "data/images/bars-04.png"))),
      chat("dot", img("./images/bars-04.png")),
      chat("other", img("other/bars-04.png")),
    ];
    const written = await writeExport(config, samples, where());
    expect(written.imagesCopied).toBe(2);
    expect(readdirSync(join(dir, "out/images")).sort()).toEqual(["bars-04-2.png", "bars-04.png"]);
    const out = lines(written.path);
    expect(out.slice(0, 3).map((l) => l.images[0])).toEqual(["images/bars-04.png", "images/bars-04.png", "images/bars-04.png"]);
    expect(out[3].images).toEqual(["images/bars-04-2.png"]);
    expect(readFileSync(join(dir, "out/images/bars-04-2.png")).equals(PNG("another picture with the same name"))).toBe(true);
  });

  it("treats refs with one content hash as one image (a prompt's recorded hash)", async () => {
    const config = ExportConfigSchema.parse({ format: "jsonl", images: "copy", outPath: "out/x.jsonl" });
    const samples = [chat("a", img("images/bars-04.png", "h1")), chat("b", img(join(dir, "data/images/bars-04.png"), "h1"))];
    expect((await writeExport(config, samples, where())).imagesCopied).toBe(1);
  });

  it("names a missing image and its place", async () => {
    const config = ExportConfigSchema.parse({ format: "openai-chat", outPath: "out/train.jsonl" });
    await expect(writeExport(config, [chat("a", img("images/nope.png"))], where())).rejects.toThrow(/export export: image "images\/nope.png" not found/);
  });
});

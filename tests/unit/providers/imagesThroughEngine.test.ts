/**
 * Images through the ENGINE to every provider's fake server: a dataset whose image column holds a file path
 * (relative to the dataset file), a data URI and an http URL; each provider's request carries the image in its
 * own wire format, down-scaled when the model config sets maxImageSide, and the cache key hashes the bytes
 * that were sent. A missing file, an unsupported type and an oversize image fail their own item only.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { crc32 } from "node:zlib";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheKey } from "../../../src/main/engine/cacheKey";
import { startRun } from "../../../src/main/engine/startRun";
import { createProvider } from "../../../src/main/providers/registry";
import type { ModelConfig, PipelineDoc, ProviderKind } from "../../../src/shared/pipeline/schema";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeServer, RecordedRequest } from "../../fakes/fakeHttp";
import { startFakeGemini } from "../../fakes/geminiServer";
import { startFakeOllama } from "../../fakes/ollamaServer";
import { startFakeOpenAI } from "../../fakes/openaiServer";
import { memStore } from "../engine/helpers";

const dir = mkdtempSync(join(tmpdir(), "cascade-img-engine-"));
let wide: Buffer; // 240×120 PNG
let photo: Buffer; // 300×200 JPEG
let imageHost: http.Server;
let imageUrl = "";

beforeAll(async () => {
  wide = await sharp({ create: { width: 240, height: 120, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 20, g: 90, b: 200 } } }).jpeg().toBuffer();
  writeFileSync(join(dir, "wide.png"), wide);
  writeFileSync(join(dir, "notes.txt"), "not an image at all");
  imageHost = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": photo.length });
    res.end(photo);
  });
  await new Promise<void>((resolve) => imageHost.listen(0, "127.0.0.1", resolve));
  imageHost.unref();
  imageUrl = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}/photo.jpg`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => imageHost.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** A small PNG whose header declares width×height (a decompression bomb as far as the header goes). */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#000" } }).png().toBuffer();
  // IHDR: length(4) "IHDR"(4) width(4) height(4) ... crc(4), right after the 8-byte signature
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function doc(model: ModelConfig, rows: { id: string; image: string }[]): PipelineDoc {
  const dataFile = join(dir, `data-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(dataFile, rows.map((r) => JSON.stringify({ ...r, question: "what is in the picture?" })).join("\n") + "\n");
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "images",
    models: { vision: { ...model, maxRetries: 0 } },
    nodes: [
      {
        id: "data",
        kind: "dataset",
        position: { x: 0, y: 0 },
        config: { source: { type: "file", path: dataFile }, columns: [{ name: "question", type: "text" }, { name: "image", type: "image" }], idColumn: "id" },
      },
      { id: "look", kind: "prompt", position: { x: 0, y: 0 }, config: { model: "vision", template: "Describe: {{question}}", images: ["image"] } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "look", targetPort: "question" },
      { id: "e2", source: "data", sourcePort: "image", target: "look", targetPort: "image" },
    ],
  };
}

interface SentImage {
  mime: string;
  bytes: Buffer;
}

/** Each provider's request shape, checked exactly, and the image it carries. */
const WIRE: Record<Exclude<ProviderKind, "llama-cpp">, { start: () => Promise<FakeServer>; model: string; image: (req: RecordedRequest) => SentImage }> = {
  openai: {
    start: () => startFakeOpenAI(),
    model: "fake-vision",
    image(req) {
      const user = req.body.messages.at(-1);
      expect(user.role).toBe("user");
      expect(user.content).toHaveLength(2);
      expect(user.content[0]).toEqual({ type: "text", text: expect.stringMatching(/^Describe: what is in the picture\?$/) });
      expect(Object.keys(user.content[1])).toEqual(["type", "image_url"]);
      expect(user.content[1].type).toBe("image_url");
      const m = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/=]+)$/.exec(user.content[1].image_url.url);
      expect(m).not.toBeNull();
      return { mime: m![1], bytes: Buffer.from(m![2], "base64") };
    },
  },
  ollama: {
    start: () => startFakeOllama(),
    model: "llava:7b",
    image(req) {
      const user = req.body.messages.at(-1);
      expect(Object.keys(user).sort()).toEqual(["content", "images", "role"]);
      expect(user.content).toMatch(/^Describe: what is in the picture\?$/);
      expect(user.images).toHaveLength(1);
      expect(user.images[0]).toMatch(/^[A-Za-z0-9+/=]+$/); // bare base64, no data: prefix
      const bytes = Buffer.from(user.images[0], "base64");
      return { mime: bytes[0] === 0x89 ? "image/png" : "image/jpeg", bytes };
    },
  },
  anthropic: {
    start: () => startFakeAnthropic(),
    model: "claude-3-5-haiku-latest",
    image(req) {
      const user = req.body.messages.at(-1);
      expect(user.content).toHaveLength(2);
      const [img, text] = user.content;
      expect(text).toEqual({ type: "text", text: expect.stringMatching(/^Describe: what is in the picture\?$/) });
      expect(img.type).toBe("image");
      expect(Object.keys(img.source).sort()).toEqual(["data", "media_type", "type"]);
      expect(img.source.type).toBe("base64");
      return { mime: img.source.media_type, bytes: Buffer.from(img.source.data, "base64") };
    },
  },
  gemini: {
    start: () => startFakeGemini(),
    model: "gemini-2.0-flash",
    image(req) {
      const user = req.body.contents.at(-1);
      expect(user.role).toBe("user");
      expect(user.parts).toHaveLength(2);
      expect(user.parts[0]).toEqual({ text: expect.stringMatching(/^Describe: what is in the picture\?$/) });
      expect(Object.keys(user.parts[1])).toEqual(["inline_data"]);
      const { mime_type, data } = user.parts[1].inline_data;
      return { mime: mime_type, bytes: Buffer.from(data, "base64") };
    },
  },
};

const chats = (s: FakeServer) => s.requests.filter((r) => r.method === "POST");

async function runOn(provider: keyof typeof WIRE, maxImageSide?: number) {
  const wire = WIRE[provider];
  const server = await wire.start();
  try {
    const store = memStore();
    const config: ModelConfig = { provider, model: wire.model, baseUrl: server.url, ...(maxImageSide ? { maxImageSide } : {}) };
    const pipeline = doc(config, [
      { id: "file", image: "wide.png" },
      { id: "uri", image: `data:image/png;base64,${wide.toString("base64")}` },
      { id: "url", image: imageUrl },
    ]);
    const handle = startRun({ doc: pipeline, baseDir: dir, store, env: {} });
    const summary = await handle.done;
    const rows = store.runs.results({ runId: handle.runId, nodeId: "look", limit: 10 }).rows;
    return { summary, rows, requests: chats(server), store, runId: handle.runId, endpoint: server.url };
  } finally {
    await server.close();
  }
}

describe.each(Object.keys(WIRE) as (keyof typeof WIRE)[])("images through the engine to %s", (provider) => {
  it("sends the original bytes in the provider's own format (file path, data URI and URL)", async () => {
    const { summary, requests } = await runOn(provider);
    expect(summary.totals).toMatchObject({ itemsDone: 3, errors: 0 });
    // The file and the data URI are the same bytes: one call, the second is a cache hit.
    expect(requests).toHaveLength(2);
    const sent = requests.map((r) => WIRE[provider].image(r));
    const byMime = Object.fromEntries(sent.map((s) => [s.mime, s.bytes]));
    expect(byMime["image/png"].equals(wide)).toBe(true);
    expect(byMime["image/jpeg"].equals(photo)).toBe(true);
  });

  it("down-scales to maxImageSide, keeps the type, and keys the cache by the bytes sent", async () => {
    const { summary, requests, rows, endpoint: baseUrl } = await runOn(provider, 64);
    expect(summary.totals).toMatchObject({ itemsDone: 3, errors: 0 });
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      const img = WIRE[provider].image(r);
      const meta = await sharp(img.bytes).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBe(64);
      expect(`image/${meta.format}`).toBe(img.mime);
      if (img.mime === "image/png") expect([meta.width, meta.height]).toEqual([64, 32]);
      else expect([meta.width, meta.height]).toEqual([64, 43]);
    }
    // The cache key of the file item is the one computed from the hash of the down-scaled PNG that went out.
    const pngSent = requests.map((r) => WIRE[provider].image(r)).find((s) => s.mime === "image/png")!;
    expect(sha(pngSent.bytes)).not.toBe(sha(wide));
    const fileRow = rows.find((r) => r.itemId === "file")!;
    const image = { kind: "image" as const, source: "wide.png", hash: sha(pngSent.bytes), mime: "image/png" };
    const endpoint = createProvider({ provider, model: WIRE[provider].model, baseUrl }).endpoint;
    const expected = cacheKey({
      provider,
      endpoint,
      model: WIRE[provider].model,
      messages: [{ role: "user", content: "Describe: what is in the picture?", images: [image] }],
      params: {},
      sample: 0,
    });
    expect(fileRow.cacheKey).toBe(expected);
  });
});

describe("image failures stay on their item", () => {
  it("a missing file, an unsupported type and an oversize image fail only their items, with clear messages", async () => {
    writeFileSync(join(dir, "huge.png"), await pngDeclaring(12_000, 9_000));
    const server = await startFakeOpenAI();
    try {
      const store = memStore();
      const pipeline = doc({ provider: "openai", model: "fake-vision", baseUrl: server.url, maxImageSide: 512 }, [
        { id: "ok", image: "wide.png" },
        { id: "missing", image: "nope/absent.png" },
        { id: "text", image: "notes.txt" },
        { id: "huge", image: "huge.png" },
      ]);
      const handle = startRun({ doc: pipeline, baseDir: dir, store, env: {} });
      const summary = await handle.done;
      expect(summary.status).toBe("done");
      const rows = store.runs.results({ runId: handle.runId, nodeId: "look", limit: 10 }).rows;
      const byItem = Object.fromEntries(rows.map((r) => [r.itemId, r]));
      expect(byItem.ok.status).toBe("done");
      expect(byItem.missing).toMatchObject({ status: "failed", error: expect.stringMatching(/image not found: nope\/absent\.png/) });
      expect(byItem.text).toMatchObject({ status: "failed", error: expect.stringMatching(/notes\.txt: unsupported type \(supported: PNG, JPEG, GIF, WebP\)/) });
      expect(byItem.huge).toMatchObject({ status: "failed", error: expect.stringMatching(/huge\.png is 12000×9000 pixels; the limit is 100 megapixels/) });
      expect(chats(server)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

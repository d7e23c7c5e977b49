/**
 * #20 item 4: per-provider image limits, met before sending. Gemini takes no GIF (re-encoded as PNG);
 * Anthropic takes 5 MB of base64 and 8000 px a side (scaled or re-encoded as JPEG); an image within every
 * limit is sent as the very same bytes. Through the engine to the fakes, which refuse what the APIs refuse.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fitImage } from "../../../src/main/engine/imageScale";
import { startRun } from "../../../src/main/engine/startRun";
import { PROVIDER_IMAGE_LIMITS } from "../../../src/main/providers/imageLimits";
import { createProvider } from "../../../src/main/providers/registry";
import type { ModelConfig, PipelineDoc } from "../../../src/shared/pipeline/schema";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeServer } from "../../fakes/fakeHttp";
import { startFakeGemini } from "../../fakes/geminiServer";
import { memStore } from "../engine/helpers";

const dir = mkdtempSync(join(tmpdir(), "cascade-img-limits-"));
let gif: Buffer;
let tall: Buffer; // 120×9000 PNG
let noisy: Buffer; // a PNG of random pixels, > 3.75 MB

beforeAll(async () => {
  gif = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c83232" } }).gif().toBuffer();
  tall = await sharp({ create: { width: 120, height: 9000, channels: 3, background: "#3050c0" } }).png().toBuffer();
  noisy = await sharp(randomBytes(1200 * 1200 * 3), { raw: { width: 1200, height: 1200, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  for (const [name, bytes] of [["pic.gif", gif], ["tall.png", tall], ["noisy.png", noisy]] as const) writeFileSync(join(dir, name), bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function imageDoc(model: ModelConfig, image: string): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "image limits",
    models: { m: model },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows: [{ id: "a", q: "what?", img: image }] }, columns: [{ name: "q", type: "text" }, { name: "img", type: "image" }], idColumn: "id" } },
      { id: "look", kind: "prompt", position: pos, config: { model: "m", template: "Look: {{q}}", images: ["img"] } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "q", target: "look", targetPort: "q" },
      { id: "e2", source: "data", sourcePort: "img", target: "look", targetPort: "img" },
    ],
  };
}

async function runImage(model: ModelConfig, image: string) {
  const store = memStore();
  const { runId, done } = startRun({ doc: imageDoc(model, image), baseDir: dir, store, providerFactory: (_n, c) => createProvider(c, { retryBaseDelayMs: 1 }) });
  const summary = await done;
  const row = store.runs.results({ runId, nodeId: "look", limit: 10 }).rows[0];
  store.close();
  return { summary, row };
}

describe("per-provider image limits", () => {
  it("Gemini: a GIF is re-encoded as PNG (the API refuses GIF)", async () => {
    const s = await startFakeGemini();
    servers.push(s);
    const { row } = await runImage({ provider: "gemini", model: "gemini-fake-flash", baseUrl: s.url }, "pic.gif");
    expect(row.error).toBeUndefined();
    expect(row.status).toBe("done");
    const part = s.requests[0].body.contents[0].parts[1].inline_data;
    expect(part.mime_type).toBe("image/png");
    expect((await sharp(Buffer.from(part.data, "base64")).metadata()).width).toBe(40);
  });

  it("Anthropic: a side over 8000 px is scaled down; the fake accepts it", async () => {
    const s = await startFakeAnthropic();
    servers.push(s);
    const { row } = await runImage({ provider: "anthropic", model: "claude-fake-vision", baseUrl: s.url }, "tall.png");
    expect(row.error).toBeUndefined();
    const img = s.requests[0].body.messages[0].content[0].source;
    const meta = await sharp(Buffer.from(img.data, "base64")).metadata();
    expect(meta.height).toBe(8000);
    expect(img.media_type).toBe("image/png");
  });

  it("Anthropic: an image over 5 MB of base64 is re-encoded as JPEG until it fits", async () => {
    expect(noisy.length).toBeGreaterThan(PROVIDER_IMAGE_LIMITS.anthropic!.maxBytes!);
    const s = await startFakeAnthropic();
    servers.push(s);
    const { row } = await runImage({ provider: "anthropic", model: "claude-fake-vision", baseUrl: s.url }, "noisy.png");
    expect(row.error).toBeUndefined();
    const img = s.requests[0].body.messages[0].content[0].source;
    expect(img.media_type).toBe("image/jpeg");
    expect(img.data.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it("the fakes refuse what the APIs refuse when the client would not fit it", async () => {
    const s = await startFakeGemini();
    servers.push(s);
    const p = createProvider({ provider: "gemini", model: "g", baseUrl: s.url }, { retryBaseDelayMs: 1 });
    const err = (await p.chat({ model: "g", messages: [{ role: "user", content: "x", images: [{ mime: "image/gif", data: gif.toString("base64"), hash: "h" }] }], params: {} }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 400: Unsupported MIME type: image\/gif/);
  });

  it("an image within every limit is sent as the same bytes (same hash, same cache keys)", async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#123456" } }).png().toBuffer();
    for (const fit of Object.values(PROVIDER_IMAGE_LIMITS)) {
      if (!fit) continue;
      const out = await fitImage(png, "image/png", fit, "small.png", "x");
      expect(out.scaled).toBe(false);
      expect(Buffer.from(out.bytes).equals(png)).toBe(true);
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ImageLoader, sniffImageType } from "../../../src/main/engine/images";

const dir = mkdtempSync(join(tmpdir(), "cascade-img-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

describe("images", () => {
  it("loads a file relative to the first folder that has it, once per run, with its hash", async () => {
    writeFileSync(join(dir, "a.png"), PNG);
    const loader = new ImageLoader({ dirs: [join(dir, "missing"), dir] });
    const img = await loader.load("a.png");
    expect(img.mime).toBe("image/png");
    expect(img.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(img.data, "base64")).toEqual(PNG);
    expect(await loader.load("a.png")).toBe(img);
  });

  it("data URIs; clear errors for missing files and unsupported types", async () => {
    const loader = new ImageLoader({ dirs: [dir] });
    const uri = `data:image/png;base64,${PNG.toString("base64")}`;
    expect((await loader.info(uri)).mime).toBe("image/png");
    await expect(loader.load("nope.png")).rejects.toThrow(/image not found: nope\.png/);
    writeFileSync(join(dir, "text.png"), "not an image");
    await expect(loader.load("text.png")).rejects.toThrow(/unsupported type/);
  });

  it("refuses images over 20 MB", async () => {
    writeFileSync(join(dir, "big.png"), Buffer.alloc(21 * 1024 * 1024));
    await expect(new ImageLoader({ dirs: [dir] }).load("big.png")).rejects.toThrow(/limit is 20 MB/);
  });

  it("sniffs JPEG, GIF and WebP", () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("GIF89a"))).toBe("image/gif");
    expect(sniffImageType(Buffer.from("RIFF0000WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("hello"))).toBeNull();
  });
});

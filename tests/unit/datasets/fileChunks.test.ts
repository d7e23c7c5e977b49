import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileChunks } from "../../../src/main/engine/datasets/fileChunks";
import { inspectFile } from "../../../src/main/engine/datasets/inspect";
import { createRng } from "../../../src/shared/random";

const dir = mkdtempSync(join(tmpdir(), "cascade-file-chunks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function randomBytes(n: number, seed: number): Buffer {
  const rng = createRng(seed);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rng.next() * 256);
  return out;
}

describe("fileChunks", () => {
  const MiB = 1 << 20;
  it.each([0, 1, MiB - 1, MiB, MiB + 1, 2 * MiB + 12345])("yields every byte of a %i-byte file once, in order, in chunks of at most 1 MiB", async (size) => {
    const bytes = randomBytes(size, size + 1);
    const path = join(dir, `f-${size}.bin`);
    writeFileSync(path, bytes);
    const seen: Buffer[] = [];
    for await (const chunk of fileChunks(path)) {
      expect(chunk.length).toBeGreaterThan(0);
      expect(chunk.length).toBeLessThanOrEqual(MiB);
      seen.push(Buffer.from(chunk)); // a copy: the chunk's buffer is reused by the next read
    }
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
  });

  it("gives inspectFile the sha256 of the file's bytes and its line count, across chunk boundaries", async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ id: `item-${i}`, text: "é".repeat(i % 50) }));
    const text = `${lines.join("\n")}\n`;
    const path = join(dir, "rows.jsonl");
    writeFileSync(path, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * MiB);
    const info = await inspectFile(path, "jsonl");
    expect(info).toEqual({ fingerprint: createHash("sha256").update(text).digest("hex"), estimate: 40_000 });
  });

  it("fails with the file's path when it is missing", async () => {
    const missing = join(dir, "missing.parquet");
    await expect(async () => {
      for await (const chunk of fileChunks(missing)) void chunk;
    }).rejects.toThrow(missing);
  });
});

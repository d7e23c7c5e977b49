/** The hub listing's URLs become repository paths (and cache places) only when they are safe. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { hubAccess, listSplitFiles, redact } from "../../../src/main/engine/datasets/hubClient";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A hub whose listing answers `urls(base)`. */
async function listing(urls: (base: string) => string[]): Promise<string> {
  const server = createServer((_req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(urls(base)));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  close = () => new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("listSplitFiles", () => {
  it("maps the conversion's shard URLs to the resolve route at the revision", async () => {
    const base = await listing((b) => [`${b}/api/datasets/o/n/parquet/default/test/0.parquet`, `${b}/api/datasets/o/n/parquet/default/test/12.parquet`]);
    const files = await listSplitFiles(hubAccess({ HF_ENDPOINT: base }), "o/n", "default", "test", "refs/convert/parquet");
    expect(files).toEqual([
      { path: "default/test/0000.parquet", url: `${base}/datasets/o/n/resolve/refs%2Fconvert%2Fparquet/default/test/0000.parquet`, listed: `${base}/api/datasets/o/n/parquet/default/test/0.parquet` },
      { path: "default/test/0012.parquet", url: `${base}/datasets/o/n/resolve/refs%2Fconvert%2Fparquet/default/test/0012.parquet`, listed: `${base}/api/datasets/o/n/parquet/default/test/12.parquet` },
    ]);
  });

  it("keeps a resolve URL a mirror lists, and refuses one whose path climbs out of the cache", async () => {
    let base = await listing((b) => [`${b}/datasets/o/n/resolve/main/data/test-00000-of-00001.parquet`]);
    expect(await listSplitFiles(hubAccess({ HF_ENDPOINT: base }), "o/n", "default", "test", "main")).toEqual([
      { path: "data/test-00000-of-00001.parquet", url: `${base}/datasets/o/n/resolve/main/data/test-00000-of-00001.parquet`, listed: `${base}/datasets/o/n/resolve/main/data/test-00000-of-00001.parquet` },
    ]);
    await close?.();
    base = await listing((b) => [`${b}/datasets/o/n/resolve/main/..%2F..%2Fevil.parquet`]);
    await expect(listSplitFiles(hubAccess({ HF_ENDPOINT: base }), "o/n", "default", "test", "main")).rejects.toThrow(/cannot place/);
  });

  it("the endpoint defaults to huggingface.co; HF_ENDPOINT (without its trailing slash) replaces it", () => {
    expect(hubAccess({}).endpoint).toBe("https://huggingface.co");
    expect(hubAccess({ HF_ENDPOINT: "https://hf-mirror.example/" }).endpoint).toBe("https://hf-mirror.example");
    expect(redact("Bearer abc and abc", "abc")).toBe("Bearer *** and ***");
  });
});

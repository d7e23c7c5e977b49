/** The huggingface dataset source against a fake hub on 127.0.0.1 (listing and resolve routes, with Range). */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import { startRun } from "../../../src/main/engine/startRun";
import { parsePipeline } from "../../../src/shared/pipeline/validate";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import { writeHubParquet } from "../../../scripts/sample-data/hubParquet";
import { memStore, node } from "../engine/helpers";

const REPO = "acme/tiny-bench";
const TOKEN = "hf_secretTOKENvalue0123456789";
const COLUMNS: DatasetConfig["columns"] = [
  { name: "question", type: "text" },
  { name: "answer", type: "text" },
];

interface Seen {
  url: string;
  range?: string;
  auth?: string;
}

interface FakeHub {
  base: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** Serves `files` (repo path → bytes) of REPO's split default/test; cuts the first download halfway when asked. */
async function fakeHub(files: Record<string, Uint8Array>, opts: { cutAfterPart?: string; token?: string } = {}): Promise<FakeHub> {
  const seen: Seen[] = [];
  let cut = opts.cutAfterPart !== undefined;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? "";
    seen.push({ url, range: req.headers.range, auth: req.headers.authorization });
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(req.headers.authorization ? 403 : 401).end("gated");
      return;
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url === `/api/datasets/${REPO}/parquet/default/test`) {
      const names = Object.keys(files).map((_, i) => `${base}/api/datasets/${REPO}/parquet/default/test/${i}.parquet`);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(names));
      return;
    }
    const prefix = `/datasets/${REPO}/resolve/refs%2Fconvert%2Fparquet/`;
    const bytes = url.startsWith(prefix) ? files[decodeURIComponent(url.slice(prefix.length))] : undefined;
    if (!bytes) {
      res.writeHead(404).end("not found");
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const from = range ? Number(range[1]) : 0;
    const body = Buffer.from(bytes.subarray(from));
    const headers = { "content-length": String(body.length), ...(range ? { "content-range": `bytes ${from}-${bytes.length - 1}/${bytes.length}` } : {}) };
    res.writeHead(range ? 206 : 200, headers);
    if (cut) {
      cut = false;
      // Cut the connection once the client has the first half on disk in its .part file (no timing involved).
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      const check = () => (statSync(opts.cutAfterPart!, { throwIfNoEntry: false })?.size === half ? res.destroy() : setTimeout(check, 5));
      check();
      return;
    }
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${port}`;
}

let dir: string;
let parquetPath: string;
let parquet: Uint8Array;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "cascade-hub-"));
  parquetPath = join(dir, "local.parquet");
  const rows = Array.from({ length: 2500 }, (_, i) => ({ question: `What is ${i} + 1?`, answer: String(i + 1) }));
  await writeHubParquet(parquetPath, [{ name: "question", kind: "string" }, { name: "answer", kind: "string" }], rows, { rowGroupSize: 1000 });
  parquet = readFileSync(parquetPath);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function envFor(endpoint: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { HF_ENDPOINT: endpoint, CASCADE_HF_CACHE: join(dir, "hf-cache"), HF_HUB_CACHE: join(dir, "hub-cache"), ...extra };
}

function hubConfig(): DatasetConfig {
  return { source: { type: "huggingface", repo: REPO, split: "test" }, columns: COLUMNS };
}

async function readAll(config: DatasetConfig, env: Record<string, string | undefined>, progress?: (l: string) => void) {
  const handle = datasetExecutor.open(config, { baseDir: dir, node: node("data", "dataset", config), signal: new AbortController().signal, env, progress });
  const info = await handle.inspect();
  const rows: SourceRow[] = [];
  for await (const r of handle.rows()) rows.push(r);
  return { info, rows };
}

const cachedFile = () => join(dir, "hf-cache", "datasets--acme--tiny-bench", "snapshots", "refs%2Fconvert%2Fparquet", "default", "test", "0000.parquet");

describe("huggingface dataset source", () => {
  it("downloads the split once, then reads it from the cache with no request; items equal the same file read as a file source", async () => {
    const hub = await fakeHub({ "default/test/0000.parquet": parquet });
    try {
      const lines: string[] = [];
      const first = await readAll(hubConfig(), envFor(hub.base), (l) => lines.push(l));
      expect(hub.seen.map((s) => s.url)).toEqual([`/api/datasets/${REPO}/parquet/default/test`, `/datasets/${REPO}/resolve/refs%2Fconvert%2Fparquet/default/test/0000.parquet`]);
      expect(Buffer.compare(readFileSync(cachedFile()), Buffer.from(parquet))).toBe(0);
      expect(lines.some((l) => l.includes("downloading acme/tiny-bench/default/test/0000.parquet") && l.includes("100%"))).toBe(true);
      const local = await readAll({ source: { type: "file", path: parquetPath }, columns: COLUMNS }, {});
      expect(first.rows).toHaveLength(2500);
      expect(first.rows).toEqual(local.rows);
      expect(first.info).toEqual(local.info);
      hub.seen.length = 0;
      const second = await readAll(hubConfig(), envFor(hub.base));
      expect(hub.seen).toEqual([]);
      expect(second.rows).toEqual(local.rows);
    } finally {
      await hub.close();
    }
  });

  it("continues a cut download with a Range request; the file is byte-identical", async () => {
    const hub = await fakeHub({ "default/test/0000.parquet": parquet }, { cutAfterPart: `${cachedFile()}.part` });
    try {
      const { rows } = await readAll(hubConfig(), envFor(hub.base));
      const downloads = hub.seen.filter((s) => s.url.includes("/resolve/"));
      expect(downloads).toHaveLength(2);
      expect(downloads[0].range).toBeUndefined();
      const from = Number(/^bytes=(\d+)-$/.exec(downloads[1].range ?? "")?.[1]);
      expect(from).toBe(Math.floor(parquet.length / 2));
      expect(Buffer.compare(readFileSync(cachedFile()), Buffer.from(parquet))).toBe(0);
      expect(existsSync(`${cachedFile()}.part`)).toBe(false);
      expect(rows).toHaveLength(2500);
    } finally {
      await hub.close();
    }
  });

  it("offline, fails naming the node, the repo, the split and the cache folder", async () => {
    const endpoint = await closedPort();
    const err = await readAll(hubConfig(), envFor(endpoint)).then(() => null, (e: Error) => e.message);
    expect(err).toContain('dataset node "data"');
    expect(err).toContain(REPO);
    expect(err).toContain('split "test"');
    expect(err).toContain("ECONNREFUSED");
    expect(err).toContain(join(dir, "hf-cache"));
    expect(err).toContain(join(dir, "hub-cache"));
  });

  it("reads huggingface_hub's cache layout without asking the hub", async () => {
    const commit = "0123456789abcdef0123456789abcdef01234567";
    const repoDir = join(dir, "hub-cache", "datasets--acme--tiny-bench");
    mkdirSync(join(repoDir, "refs"), { recursive: true });
    writeFileSync(join(repoDir, "refs", "main"), commit);
    mkdirSync(join(repoDir, "snapshots", commit, "data"), { recursive: true });
    writeFileSync(join(repoDir, "snapshots", commit, "data", "test-00000-of-00001.parquet"), parquet);
    writeFileSync(join(repoDir, "snapshots", commit, "data", "train-00000-of-00001.parquet"), "not this split");
    const { rows } = await readAll(hubConfig(), envFor(await closedPort()));
    const local = await readAll({ source: { type: "file", path: parquetPath }, columns: COLUMNS }, {});
    expect(rows).toEqual(local.rows);
  });

  it("a gated set without a token says to set HF_TOKEN; a refused token never appears in the error", async () => {
    const hub = await fakeHub({ "default/test/0000.parquet": parquet }, { token: TOKEN });
    try {
      const none = await readAll(hubConfig(), envFor(hub.base)).then(() => null, (e: Error) => e.message);
      expect(none).toContain("set HF_TOKEN");
      expect(none).toContain(REPO);
      const wrong = `${TOKEN}-wrong`;
      const refused = await readAll(hubConfig(), envFor(hub.base, { HF_TOKEN: wrong })).then(() => null, (e: Error) => e.message);
      expect(refused).toContain("refused the token in HF_TOKEN");
      expect(refused).not.toContain(TOKEN);
      expect(hub.seen.at(-1)?.auth).toBe(`Bearer ${wrong}`);
    } finally {
      await hub.close();
    }
  });

  it("a run with a token stores the items and never the token", async () => {
    const hub = await fakeHub({ "default/test/0000.parquet": parquet }, { token: TOKEN });
    const store = memStore();
    try {
      const doc = parsePipeline({
        format: "cascade-studio/pipeline",
        version: 1,
        name: "hub run",
        models: {},
        nodes: [node("data", "dataset", hubConfig() as unknown as Record<string, unknown>), node("score", "score", { method: "exact" })],
        edges: [
          { id: "e1", source: "data", sourcePort: "answer", target: "score", targetPort: "prediction" },
          { id: "e2", source: "data", sourcePort: "answer", target: "score", targetPort: "truth" },
        ],
      });
      expect(doc.problems ?? []).toEqual([]);
      const lines: string[] = [];
      const handle = startRun({ doc: doc.doc!, baseDir: dir, store, limit: 20, env: envFor(hub.base, { HF_TOKEN: TOKEN }), onSourceProgress: (l) => lines.push(l) });
      const summary = await handle.done;
      expect(summary.status).toBe("done");
      const results = store.runs.results({ runId: handle.runId, nodeId: "score", limit: 100 }).rows;
      expect(results).toHaveLength(20);
      expect(JSON.stringify(results)).not.toContain(TOKEN);
      expect(JSON.stringify(store.runs.get(handle.runId))).not.toContain(TOKEN);
      expect(lines.join("\n")).not.toContain(TOKEN);
    } finally {
      store.close();
      await hub.close();
    }
  });

  it("validation refuses a bad repo name, naming the field", () => {
    const res = parsePipeline({
      format: "cascade-studio/pipeline",
      version: 1,
      name: "bad repo",
      models: {},
      nodes: [node("data", "dataset", { source: { type: "huggingface", repo: "no-owner", split: "test" }, columns: COLUMNS })],
      edges: [],
    });
    const text = JSON.stringify(res.problems);
    expect(text).toContain("repo");
    expect(text).toContain("owner/name");
  });
});

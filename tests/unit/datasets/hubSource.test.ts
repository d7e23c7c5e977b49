/** The huggingface dataset source against a fake hub on 127.0.0.1 (listing and resolve routes, with Range). */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import { startRun } from "../../../src/main/engine/startRun";
import { parsePipeline } from "../../../src/shared/pipeline/validate";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import { writeHubParquet } from "../../../scripts/sample-data/hubParquet";
import { closedPort, fakeHub } from "../../fakes/hubServer";
import { memStore, node } from "../engine/helpers";

const REPO = "acme/tiny-bench";
const TOKEN = "hf_secretTOKENvalue0123456789";
const COLUMNS: DatasetConfig["columns"] = [
  { name: "question", type: "text" },
  { name: "answer", type: "text" },
];

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
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet });
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
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet }, { cutAfterPart: `${cachedFile()}.part` });
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

  it("offline, reads Parquet files placed by hand where the message says, and says so", async () => {
    const endpoint = await closedPort();
    const err = await readAll(hubConfig(), envFor(endpoint)).then(() => "", (e: Error) => e.message);
    const place = /\(as (\S+0000\.parquet);/.exec(err)?.[1];
    expect(place).toBe(cachedFile());
    mkdirSync(join(place!, ".."), { recursive: true });
    writeFileSync(place!, parquet);
    const lines: string[] = [];
    const { rows } = await readAll(hubConfig(), envFor(endpoint), (l) => lines.push(l));
    const local = await readAll({ source: { type: "file", path: parquetPath }, columns: COLUMNS }, {});
    expect(rows).toEqual(local.rows);
    expect(lines.join("\n")).toContain("reading the 1 Parquet file placed in");
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
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet }, { token: TOKEN });
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
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet }, { token: TOKEN });
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

  it("reads a split of two shards as one dataset: row numbers run on across the files", async () => {
    const second = join(dir, "second.parquet");
    await writeHubParquet(second, [{ name: "question", kind: "string" }, { name: "answer", kind: "string" }], [{ question: "last?", answer: "yes" }]);
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet, "default/test/0001.parquet": readFileSync(second) });
    try {
      const { info, rows } = await readAll(hubConfig(), envFor(hub.base));
      expect(info.estimate).toBe(2501);
      expect(rows).toHaveLength(2501);
      expect(rows[2500]).toEqual({ itemId: "2501", seq: 2500, values: { question: "last?", answer: "yes" } });
      expect(hub.seen.filter((s) => s.url.includes("/resolve/")).map((s) => s.url.split("/").pop())).toEqual(["0000.parquet", "0001.parquet"]);
    } finally {
      await hub.close();
    }
  });

  it("when the resolve route does not have the shard, downloads the URL the listing gave", async () => {
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet }, { onlyListed: true });
    try {
      const { rows } = await readAll(hubConfig(), envFor(hub.base));
      expect(hub.seen.map((s) => s.url)).toEqual([
        `/api/datasets/${REPO}/parquet/default/test`,
        `/datasets/${REPO}/resolve/refs%2Fconvert%2Fparquet/default/test/0000.parquet`,
        `/api/datasets/${REPO}/parquet/default/test/0.parquet`,
      ]);
      expect(Buffer.compare(readFileSync(cachedFile()), Buffer.from(parquet))).toBe(0);
      expect(rows).toHaveLength(2500);
    } finally {
      await hub.close();
    }
  });

  it("HF_HUB_OFFLINE=1 asks nothing of the hub and says where to put the files", async () => {
    const hub = await fakeHub(REPO, { "default/test/0000.parquet": parquet });
    try {
      const err = await readAll(hubConfig(), envFor(hub.base, { HF_HUB_OFFLINE: "1" })).then(() => null, (e: Error) => e.message);
      expect(hub.seen).toEqual([]);
      expect(err).toContain("HF_HUB_OFFLINE");
      expect(err).toContain(join(dir, "hf-cache"));
    } finally {
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
    // The JSON Schema `cascade schema` prints holds the same rule.
    const schema: unknown = JSON.parse(readFileSync(join(__dirname, "../../../schema/pipeline.schema.json"), "utf8"));
    const repoRule = (v: unknown): { pattern: string } | undefined => {
      if (!v || typeof v !== "object") return undefined;
      const o = v as Record<string, unknown>;
      const here = (o.properties as Record<string, { pattern?: string }> | undefined)?.repo;
      if (here?.pattern) return here as { pattern: string };
      for (const child of Object.values(o)) {
        const found = repoRule(child);
        if (found) return found;
      }
      return undefined;
    };
    const pattern = new RegExp(repoRule(schema)!.pattern);
    expect(pattern.test("no-owner")).toBe(false);
    expect(pattern.test("acme/../x")).toBe(false);
    expect(pattern.test(REPO)).toBe(true);
  });
});

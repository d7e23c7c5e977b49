/** `cascade run` over a huggingface dataset source served by a fake hub: progress on stderr, one download, then none. */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/main/cli/main";
import type { CliIO } from "../../src/main/cli/command";
import { writeHubParquet } from "../../scripts/sample-data/hubParquet";
import { closedPort, fakeHub, type FakeHub } from "../fakes/hubServer";
import { tempDir } from "./helpers";

const REPO = "acme/cli-bench";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

function pipeline(): unknown {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "hub cli",
    models: {},
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "huggingface", repo: REPO, split: "test" }, columns: [{ name: "prediction", type: "text" }, { name: "answer", type: "text" }] } },
      { id: "score", kind: "score", position: pos, config: { method: "exact" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "prediction", target: "score", targetPort: "prediction" },
      { id: "e2", source: "data", sourcePort: "answer", target: "score", targetPort: "truth" },
    ],
  };
}

const dir = tempDir("cascade-hub-cli-");
const saved = { ...process.env };
let hub: FakeHub;
let file: string;

beforeAll(async () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ prediction: String(i % 4 === 0 ? i + 1 : i), answer: String(i) }));
  const data = join(dir, "shard.parquet");
  await writeHubParquet(data, [{ name: "prediction", kind: "string" }, { name: "answer", kind: "string" }], rows);
  hub = await fakeHub(REPO, { "default/test/0000.parquet": readFileSync(data) });
  file = join(dir, "pipeline.json");
  writeFileSync(file, JSON.stringify(pipeline()));
  process.env.CASCADE_HF_CACHE = join(dir, "hf-cache");
  process.env.HF_HUB_CACHE = join(dir, "hub-cache");
  delete process.env.HF_TOKEN;
});
afterAll(async () => {
  process.env = saved;
  await hub.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade run over a hub dataset", () => {
  it("downloads with progress lines on stderr, scores 30 of 40, and a second run asks the hub nothing", async () => {
    process.env.HF_ENDPOINT = hub.base;
    const first = capture();
    expect(await main(["run", file, "--db", join(dir, "runs.db"), "--json"], first)).toBe(0);
    const report = JSON.parse(first.stdout.join(""));
    expect(report.items).toBe(40);
    expect(report.metrics.score[0]).toMatchObject({ name: "accuracy", n: 40, value: 0.75 });
    const stderr = first.stderr.join("\n");
    expect(stderr).toMatch(/downloading acme\/cli-bench\/default\/test\/0000\.parquet \(1\/1\): .*\(100%\)/);
    expect(stderr).toContain(`downloaded ${REPO}`);
    hub.seen.length = 0;
    const second = capture();
    expect(await main(["run", file, "--db", join(dir, "runs.db"), "--json"], second)).toBe(0);
    expect(hub.seen).toEqual([]);
    expect(second.stderr.join("\n")).not.toContain("downloading");
  });

  it("offline with an empty cache, the run fails naming the node, the repo and the cache folder", async () => {
    process.env.HF_ENDPOINT = await closedPort();
    process.env.CASCADE_HF_CACHE = join(dir, "empty-cache");
    const io = capture();
    expect(await main(["run", file, "--db", join(dir, "runs.db")], io)).not.toBe(0);
    const stderr = io.stderr.join("\n");
    expect(stderr).toContain('dataset node "data"');
    expect(stderr).toContain(REPO);
    expect(stderr).toContain(join(dir, "empty-cache"));
  });
});

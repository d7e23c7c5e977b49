/**
 * #12 items 6 and 7: a missing dataset file and an unset API key variable are problems found before a run — in
 * the app (pipelines.check, runs.start with check) and in `cascade validate` (files) — naming the node or model and path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/main/cli/command";
import { main } from "../../../src/main/cli/main";
import { environmentProblems } from "../../../src/main/engine/environmentCheck";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { makeService } from "../service/helpers";

const dir = mkdtempSync(join(tmpdir(), "cascade-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function doc(path: string, apiKeyEnv?: string): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "env",
    models: { solver: { provider: "openai", model: "qwen", baseUrl: "http://127.0.0.1:9/v1", ...(apiKeyEnv ? { apiKeyEnv } : {}) }, unused: { provider: "openai", model: "x", apiKeyEnv: "UNUSED_KEY" } },
    nodes: [
      { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { columns: [{ name: "question", type: "text" }], source: { type: "file", path } } },
      { id: "ask", kind: "prompt", position: { x: 320, y: 0 }, config: { model: "solver", template: "{{question}}" } },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" }],
    settings: {},
  } as PipelineDoc;
}

describe("environment problems", () => {
  it("names a dataset file that does not exist, or is a folder, with the node and path", async () => {
    writeFileSync(join(dir, "items.jsonl"), '{"question":"1"}\n');
    mkdirSync(join(dir, "folder"), { recursive: true });
    expect(await environmentProblems(doc("items.jsonl"), { baseDir: dir, env: {} })).toEqual([]);
    const missing = await environmentProblems(doc("data/nope.jsonl"), { baseDir: dir, env: {} });
    expect(missing).toEqual([{ code: "missing-file", nodeId: "data", path: "nodes[0].config.source.path", message: `the dataset file "data/nope.jsonl" does not exist (looked for ${join(dir, "data/nope.jsonl")})` }]);
    expect((await environmentProblems(doc("folder"), { baseDir: dir, env: {} }))[0].message).toMatch(/is a folder, not a file/);
  });

  it("names a used model whose API key variable is not set (not an unused one, not when set or stored)", async () => {
    const d = doc("items.jsonl", "MY_KEY");
    const [p, ...rest] = await environmentProblems(d, { baseDir: dir, env: {} });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: "missing-key", path: "models.solver.apiKeyEnv" });
    expect(p.message).toMatch(/^model "solver" needs an API key: the environment variable MY_KEY is not set/);
    expect(await environmentProblems(d, { baseDir: dir, env: { MY_KEY: "k" } })).toEqual([]);
    expect(await environmentProblems(d, { baseDir: dir, env: {}, hasStoredKey: async (n) => n === "solver" })).toEqual([]);
    expect(await environmentProblems(doc("items.jsonl"), { baseDir: dir, env: {} })).toEqual([]);
  });

  it("is asked by the app (pipelines.check) and stops the pre-flight (runs.start with check) with the same words", async () => {
    const { service, close } = makeService({ env: {}, preflight: { reach: async () => null, discover: { candidates: [] } } });
    try {
      const d = doc(join(dir, "missing.jsonl"), "MY_KEY");
      const { problems } = await service.call("pipelines.check", { doc: d });
      expect(problems.map((p) => p.code)).toEqual(["missing-file", "missing-key"]);
      const held = await service.call("runs.start", { doc: d, check: true });
      if (held.started) throw new Error("the pre-flight let a run without its dataset file start");
      expect(held.check.message).toContain(`the dataset file "${join(dir, "missing.jsonl")}" does not exist`);
      expect(held.check.message).toContain("MY_KEY is not set");
      expect(await service.call("runs.list", undefined)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("cascade validate reports a missing dataset file (relative to the pipeline file)", async () => {
    const file = join(dir, "p.json");
    writeFileSync(file, JSON.stringify(doc("gone.jsonl")));
    const io: CliIO & { stdout: string; stderr: string } = { stdout: "", stderr: "", isTTY: false, out: (t) => void (io.stdout += t + "\n"), err: (t) => void (io.stderr += t + "\n") };
    expect(await main(["validate", file], io)).toBe(2); // invalid files exit 2, as cascade run does
    expect(io.stderr).toContain(`nodes[0].config.source.path (node "data"): the dataset file "gone.jsonl" does not exist`);
    writeFileSync(join(dir, "gone.jsonl"), '{"question":"1"}\n');
    const ok: CliIO & { stdout: string; stderr: string } = { stdout: "", stderr: "", isTTY: false, out: (t) => void (ok.stdout += t + "\n"), err: (t) => void (ok.stderr += t + "\n") };
    expect(await main(["validate", file], ok)).toBe(0);
  });
});

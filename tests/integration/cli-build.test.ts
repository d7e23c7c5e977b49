/**
 * The compiled CLI (vite.cli.config.ts): built here into a folder of its own under .cache/ (so that a build in
 * out/cli used by other tests is never replaced under them), run as `node <build>/main.js`, with its worker
 * files started from the build's folder; and bin/cascade.mjs choosing between a current build and tsx.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { tempDir } from "./helpers";

const ROOT = resolve(import.meta.dirname, "../..");
const buildDir = join(ROOT, ".cache", `cli-build-test-${process.pid}`);
const dir = tempDir("cascade-cli-build-");
let fake: FakeServer;

function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, CASCADE_DEBUG: "", ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking this process (whose fake server the child calls). */
function nodeAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CASCADE_DEBUG: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const built = node([join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "vite.cli.config.ts"], { CASCADE_CLI_DIR: buildDir });
  expect(built.code, built.stderr).toBe(0);
  fake = await startFakeOpenAI({ latencyMs: 1, reply: () => "forty-two" });
}, 120_000);
afterAll(async () => {
  await fake?.close();
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("the CLI build", () => {
  it("is one flat folder: main.js, the three worker entry points beside it, and a stamp of its sources", () => {
    const files = readdirSync(buildDir);
    expect(files).toEqual(expect.arrayContaining(["main.js", "writerWorker.js", "sandboxHost.js", "sandboxWorker.js", "build-stamp.json"]));
    expect(files.filter((f) => !f.endsWith(".js") && !f.endsWith(".js.map") && f !== "build-stamp.json")).toEqual([]);
    const stamp = JSON.parse(readFileSync(join(buildDir, "build-stamp.json"), "utf8")) as { files: Record<string, [number, number]> };
    expect(Object.keys(stamp.files)).toEqual(expect.arrayContaining(["src/main/cli/entry.ts", "src/main/store/writerWorker.ts", "package.json", "vite.cli.config.ts"]));
    expect(Object.keys(stamp.files).some((f) => f.startsWith("node_modules/"))).toBe(false);
  });

  it("runs as `node main.js`: --help, validate of a template (exit 0) and of a broken file (exit 2)", () => {
    const help = node([join(buildDir, "main.js"), "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Cascade Studio — headless CLI\n\nUsage:\n {2}cascade validate/);
    const valid = node([join(buildDir, "main.js"), "validate", "templates/cas-seat.json"]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toBe("templates/cas-seat.json: valid\n");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, JSON.stringify({ format: "cascade-studio/pipeline", version: 1, nodes: [{ id: "x", kind: "no-such-kind" }], edges: [] }));
    const invalid = node([join(buildDir, "main.js"), "validate", broken]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("no-such-kind");
  });

  it("runs a pipeline with a code node: the writer worker and the sandbox start from the build's folder", async () => {
    const pos = { x: 0, y: 0 };
    writeFileSync(join(dir, "rows.jsonl"), ["a", "b", "c"].map((q, i) => JSON.stringify({ id: `r${i}`, q })).join("\n") + "\n");
    const doc = {
      format: "cascade-studio/pipeline",
      version: 1,
      name: "built cli",
      models: { m: { provider: "openai", model: "fake-model", baseUrl: fake.url } },
      nodes: [
        { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "rows.jsonl" }, columns: [{ name: "q", type: "text" }], idColumn: "id" } },
        { id: "ask", kind: "prompt", position: pos, config: { model: "m", template: "Say {{q}}" } },
        { id: "size", kind: "code", position: pos, config: { inputs: ["text"], outputs: ["chars"], source: "({ text }) => ({ chars: text.length })" } },
      ],
      edges: [
        { id: "e1", source: "data", sourcePort: "q", target: "ask", targetPort: "q" },
        { id: "e2", source: "ask", sourcePort: "text", target: "size", targetPort: "text" },
      ],
    };
    writeFileSync(join(dir, "pipeline.json"), JSON.stringify(doc));
    const db = join(dir, "built.db");
    const run = await nodeAsync([join(buildDir, "main.js"), "run", join(dir, "pipeline.json"), "--db", db, "--json"], { OPENAI_API_KEY: "sk-test" });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ status: "done", items: 3, errors: 0, calls: 3 });
    const shown = node([join(buildDir, "main.js"), "show", report.runId, "--node", "size", "--db", db]);
    expect(shown.code, shown.stderr).toBe(0);
    const rows = shown.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).toContain('"chars":9');
  });
});

describe("bin/cascade.mjs", () => {
  it("runs the build when every source in its stamp is unchanged", () => {
    const r = node(["bin/cascade.mjs", "--help"], { CASCADE_CLI_DIR: buildDir, CASCADE_DEBUG: "1" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`cascade: running the build ${join(buildDir, "main.js")}\n`);
    expect(r.stdout).toContain("Usage:");
  });

  it("falls back to the sources through tsx when a source changed since the build, or there is no build", () => {
    const stale = join(dir, "stale-build");
    mkdirSync(stale, { recursive: true });
    const stamp = JSON.parse(readFileSync(join(buildDir, "build-stamp.json"), "utf8")) as { files: Record<string, [number, number]> };
    stamp.files["src/main/cli/commandInfo.ts"][0] -= 1000;
    writeFileSync(join(stale, "build-stamp.json"), JSON.stringify(stamp));
    const r = node(["bin/cascade.mjs", "validate", "templates/cas-seat.json"], { CASCADE_CLI_DIR: stale, CASCADE_DEBUG: "1" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("cascade: running the TypeScript sources through tsx (the build is not current: src/main/cli/commandInfo.ts changed since the build)\n");
    expect(r.stdout).toBe("templates/cas-seat.json: valid\n");

    const none = node(["bin/cascade.mjs", "--help"], { CASCADE_CLI_DIR: join(dir, "no-build"), CASCADE_DEBUG: "1" });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("running the TypeScript sources through tsx (the build is not current:");
    expect(none.stdout).toContain("Usage:");
    // Without CASCADE_DEBUG the choice is silent.
    expect(node(["bin/cascade.mjs", "--help"], { CASCADE_CLI_DIR: stale }).stderr).toBe("");
  });
});

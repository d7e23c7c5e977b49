/**
 * A bundle never holds an API key, an environment variable's value or the author's folders (#18): a run whose
 * models take one key from an environment variable and one as a saved model key (the app's way, through
 * resolveApiKey; its sealed blob in the settings), started from a command line of absolute paths, is bundled
 * and every byte of the file is searched for those strings. A run whose reply holds a key is refused, and no
 * file is left behind.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startRun } from "../../src/main/engine/startRun";
import { openStore } from "../../src/main/store/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { tempDir } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

const ENV_KEY = "sk-env-secret-5f3a9c1e7b2d";
const SAVED_KEY = "sk-saved-model-key-8e1f44a0";
const SEALED_BLOB = "sealed-blob-c0ffee-77aa11";
const OTHER_SECRET = "token-value-not-a-key-9d8c7b";
let envFake: FakeServer;
let savedFake: FakeServer;
const dir = tempDir("cascade-bundle-secrets-");
const db = join(dir, "author.db");

beforeAll(async () => {
  process.env.CASCADE_TEST_API_KEY = ENV_KEY;
  process.env.CASCADE_TEST_SESSION_TOKEN = OTHER_SECRET;
  envFake = await startFakeOpenAI({ apiKey: ENV_KEY });
  savedFake = await startFakeOpenAI({ apiKey: SAVED_KEY, reply: (req) => (JSON.stringify(req.body).includes("leak") ? `the key is ${ENV_KEY}` : "fine") });
});
afterAll(async () => {
  delete process.env.CASCADE_TEST_API_KEY;
  delete process.env.CASCADE_TEST_SESSION_TOKEN;
  await envFake.close();
  await savedFake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function doc(question: string): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "secrets",
    models: {
      byEnv: { provider: "openai", model: "fake-model", baseUrl: envFake.url, apiKeyEnv: "CASCADE_TEST_API_KEY" },
      saved: { provider: "openai", model: "fake-model", baseUrl: savedFake.url },
    },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "first", kind: "prompt", position: pos, config: { model: "byEnv", template: `${question} {{question}}` } },
      { id: "second", kind: "prompt", position: pos, config: { model: "saved", template: `${question} {{question}}` } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "first", targetPort: "question" },
      { id: "e2", source: "data", sourcePort: "question", target: "second", targetPort: "question" },
    ],
  };
}

async function run(question: string): Promise<string> {
  const store = openStore(db);
  try {
    store.settings.set("modelKeys", { saved: SEALED_BLOB });
    const commandLine = ["run", join(dir, "pipeline.json"), "--db", db, `--set=models.byEnv.baseUrl=${envFake.url}`];
    const handle = startRun({ doc: doc(question), baseDir: dir, store, env: process.env, resolveApiKey: (name) => (name === "saved" ? SAVED_KEY : undefined), commandLine });
    const end = await handle.done;
    expect(end.status).toBe("done");
    expect(end.totals.itemsFailed).toBe(0);
    return handle.runId;
  } finally {
    store.close();
  }
}

describe("what a bundle leaves out", () => {
  it("holds no API key, no environment variable's value and none of the author's folders", async () => {
    writeFileSync(join(dir, "data.jsonl"), ["a", "b", "c"].map((id) => JSON.stringify({ id, question: `question ${id}` })).join("\n") + "\n");
    const id = await run("Answer:");
    // The database holds what must not travel: the record's folder and command line, the sealed key.
    const stored = readFileSync(db).toString("latin1") + (existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).toString("latin1") : "");
    expect(stored).toContain(dir);
    const out = join(dir, "run.cascade");
    const io = capture();
    expect(await main(["bundle", id, "--out", out, "--db", db, "--images"], io)).toBe(0);
    const bytes = readFileSync(out);
    for (const secret of [ENV_KEY, SAVED_KEY, SEALED_BLOB, OTHER_SECRET, dir, process.cwd()]) {
      expect(bytes.includes(Buffer.from(secret, "utf8")), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, "utf16le")), secret).toBe(false);
    }
    // What the run needs stays: the variable's name, the document's relative dataset path, the command line's file names.
    for (const kept of ["CASCADE_TEST_API_KEY", '"path":"data.jsonl"', '"author.db"']) expect(bytes.includes(Buffer.from(kept)), kept).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith("run.cascade"))).toEqual(["run.cascade"]);
  });

  it("refuses a run whose results hold a key's value, naming the variable (not the value), and leaves no file", async () => {
    const id = await run("leak");
    const out = join(dir, "leak.cascade");
    const io = capture();
    expect(await main(["bundle", id, "--out", out, "--db", db], io)).toBe(1);
    const said = io.stderr.join("\n");
    expect(said).toContain("CASCADE_TEST_API_KEY");
    expect(said).toContain("nothing was written");
    expect(said).not.toContain(ENV_KEY);
    expect(readdirSync(dir).filter((f) => f.startsWith("leak.cascade"))).toEqual([]);
  });
});

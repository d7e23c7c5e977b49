/**
 * How the app runs pipelines: outputs of a template-based run land in the per-user outputs folder (never in the
 * templates folder, which is part of the install); `runs.start` with `check` runs `cascade run`'s pre-flight (with
 * the model lists of the servers that answer) on the plan it validated once, and holds the run back when it finds
 * something; `run-finished` names the files the exports wrote.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { folderName } from "../../../src/main/service/baseDirs";
import type { RunEvent } from "../../../src/shared/events";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { makeService } from "./helpers";

let root: string;
let templates: string;
let outputs: string;
let fake: FakeServer | undefined;
let env: ReturnType<typeof makeService> | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cascade-app-runs-"));
  templates = join(root, "templates");
  outputs = join(root, "user-data", "outputs");
  mkdirSync(join(templates, "data"), { recursive: true });
  writeFileSync(join(templates, "data", "qa.jsonl"), ['{"id":"a","question":"1+1?"}', '{"id":"b","question":"2+2?"}'].join("\n") + "\n");
});
afterEach(async () => {
  await env?.close();
  env = undefined;
  await fake?.close();
  fake = undefined;
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** dataset (templates/data/qa.jsonl) → answer (prompt) → export (out/train.jsonl). */
function exportDoc(baseUrl: string, model = "fake-model"): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "Q&A: export to train!",
    models: { m: { provider: "openai", model, baseUrl, maxRetries: 0 } },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "data/qa.jsonl" }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "answer", kind: "prompt", position: pos, config: { model: "m", template: "{{question}}" } },
      { id: "export", kind: "export", position: pos, config: { format: "openai-chat", images: "reference", outPath: "out/train.jsonl" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "answer", targetPort: "question" },
      { id: "e2", source: "answer", sourcePort: "conversation", target: "export", targetPort: "samples" },
    ],
  };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function runToEnd(service: ReturnType<typeof makeService>["service"], doc: PipelineDoc, pipelineId?: string) {
  const finished = new Promise<RunEvent>((resolve) => service.on("run-event", (e) => e.type === "run-finished" && resolve(e)));
  const { runId } = await service.call("runs.start", { doc, ...(pipelineId ? { pipelineId } : {}) });
  return { runId, end: await finished };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("where an app run writes", () => {
  it("reads the dataset from the templates folder and writes the export into <outputs>/<pipeline>/, nothing under templates/", async () => {
    fake = await startFakeOpenAI();
    env = makeService({ templatesDir: templates, outputsDir: outputs, env: {} });
    const before = files(templates);
    const doc = exportDoc(fake.url);
    const { runId, end } = await runToEnd(env.service, doc);
    expect(end).toMatchObject({ type: "run-finished", status: "done", totals: { itemsDone: 2, errors: 0 } });

    expect(files(templates)).toEqual(before); // nothing written into the install's templates
    const written = join(outputs, "q-a-export-to-train", "out", "train.jsonl");
    expect(existsSync(written)).toBe(true);
    expect(readFileSync(written, "utf8").trim().split("\n")).toHaveLength(2);
    // The end of the run names the absolute path the export wrote (the run panel shows it), as its result does.
    expect(end).toMatchObject({ exports: [{ nodeId: "export", path: written, records: 2 }] });
    const { rows } = await env.service.call("runs.results", { runId, nodeId: "export" });
    expect(rows[0].output).toMatchObject({ path: written, records: 2 });
    // The stored run keeps the document as written.
    expect((await env.service.call("runs.get", { runId })).doc.nodes[2].config).toEqual(doc.nodes[2].config);
  });

  it("a pipeline imported from a file writes next to that file, as `cascade run` does", async () => {
    fake = await startFakeOpenAI();
    env = makeService({ templatesDir: templates, outputsDir: outputs, env: {} });
    const own = join(root, "mine");
    mkdirSync(join(own, "data"), { recursive: true });
    writeFileSync(join(own, "data", "qa.jsonl"), '{"id":"x","question":"3+3?"}\n');
    const doc = exportDoc(fake.url);
    const saved = await env.service.call("pipelines.save", { doc });
    await env.service.setBaseDir(saved.id, own);
    const { end } = await runToEnd(env.service, doc, saved.id);
    expect(end).toMatchObject({ status: "done" });
    expect(existsSync(join(own, "out", "train.jsonl"))).toBe(true);
    expect(existsSync(outputs)).toBe(false);
  });

  it("folder names of pipelines are portable", () => {
    expect(folderName("Cas-SEAT data: reason, self-evaluate, filter twice, mix, export")).toBe("cas-seat-data-reason-self-evaluate-filter-twice-mix-export");
    expect(folderName("  ")).toBe("pipeline");
    expect(folderName("Ünïcode / ../..")).toBe("unicode");
  });
});

describe("runs.start with check: the pre-flight of `cascade run`, in the app", () => {
  it("holds the run back when no server answers, or when a server that answers lacks the model; starts it when all is well", async () => {
    fake = await startFakeOpenAI({ models: ["fake-model"] });
    env = makeService({ templatesDir: templates, outputsDir: outputs, env: {}, preflight: { discover: { candidates: [] } } });
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const held = async (doc: PipelineDoc) => {
      const answer = await env!.service.call("runs.start", { doc, check: true, runId: "held-0001" });
      if (answer.started) throw new Error("the pre-flight let the run start");
      expect(answer.runId).toBe("held-0001");
      return answer.check;
    };

    const unreachable = await held(exportDoc(dead));
    expect(unreachable.problems).toEqual([{ kind: "no-server", where: dead, models: ["m"], reason: "connection refused" }]);
    expect(unreachable.message).toContain(`no model server answers at ${dead} (model "m"): connection refused.`);
    expect(unreachable.message).toContain("Models tab");
    expect(unreachable.message).not.toContain("--set");

    const lacking = await held(exportDoc(fake.url, "qwen2-vl-7b-instruct"));
    expect(lacking.problems).toEqual([expect.objectContaining({ kind: "no-model", where: fake.url, models: ["m"] })]);
    expect(lacking.message).toContain(`the server at ${fake.url} answers but has no model "qwen2-vl-7b-instruct" (model "m"); it lists fake-model.`);
    expect(fake.calls).toBe(0); // asking is not running: no chat call, no run recorded
    expect(await env.service.call("runs.list", undefined)).toEqual([]);

    // All is well: the same call starts the run, under the id asked for (Run anyway is the call without check).
    const finished = new Promise<RunEvent>((resolve) => env!.service.on("run-event", (e) => e.type === "run-finished" && resolve(e)));
    expect(await env.service.call("runs.start", { doc: exportDoc(fake.url), check: true, runId: "well-0001" })).toEqual({ started: true, runId: "well-0001" });
    expect(await finished).toMatchObject({ runId: "well-0001", status: "done" });
    const anyway = await env.service.call("runs.start", { doc: exportDoc(dead), runId: "anyway-0001" });
    expect(anyway).toEqual({ started: true, runId: "anyway-0001" });
    // An id already used is refused, naming it.
    await expect(env.service.call("runs.start", { doc: exportDoc(fake.url), runId: "well-0001" })).rejects.toThrow('run id "well-0001" is taken');
  });
});

/**
 * UTF-8 byte-order marks (#13 item 4 of the report, item 3 of the robust list): Excel's "CSV UTF-8" and Windows
 * editors start files with U+FEFF. A CSV kept every row (its id column was "\uFEFFid"), a pipeline file was
 * refused. Datasets (CSV, JSONL, JSON), `cascade validate`, `cascade run` and imports read them as without.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/main/cli/command";
import { main } from "../../../src/main/cli/main";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { node } from "../engine/helpers";

const BOM = "\uFEFF";
const dir = mkdtempSync(join(tmpdir(), "cascade-bom-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", isTTY: false, out: (t: string) => void (io.stdout += `${t}\n`), err: (t: string) => void (io.stderr += `${t}\n`) };
  return io;
}

async function read(config: DatasetConfig): Promise<SourceRow[]> {
  const handle = datasetExecutor.open(config, { baseDir: dir, node: node("data", "dataset", config as never), signal: new AbortController().signal });
  expect((await handle.inspect()).estimate).toBe(2);
  const rows: SourceRow[] = [];
  for await (const r of handle.rows()) rows.push(r);
  return rows;
}

const columns: DatasetConfig["columns"] = [{ name: "question", type: "text" }];
const expected = [
  { itemId: "q1", seq: 0, values: { question: "two plus two" } },
  { itemId: "q2", seq: 1, values: { question: "three times three" } },
];

describe("datasets with a byte-order mark", () => {
  it.each([
    ["data.csv", `${BOM}id,question\r\nq1,two plus two\r\nq2,three times three\r\n`],
    ["data.jsonl", `${BOM}{"id":"q1","question":"two plus two"}\n{"id":"q2","question":"three times three"}\n`],
    ["data.json", `${BOM}[{"id":"q1","question":"two plus two"},{"id":"q2","question":"three times three"}]`],
  ])("%s keeps every row", async (file, text) => {
    writeFileSync(join(dir, file), text, "utf8");
    expect(await read({ source: { type: "file", path: file }, columns, idColumn: "id" })).toEqual(expected);
  });
});

function pipelineText(): string {
  const pos = { x: 0, y: 0 };
  const doc = {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "bom",
    models: {},
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows: [{ id: "1", a: "x" }] }, columns: [{ name: "a", type: "text" }], idColumn: "id" } },
      { id: "keep", kind: "filter", position: pos, config: { condition: 'a == "x"', inputs: ["a"] } },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "a", target: "keep", targetPort: "a" }],
  };
  return `${BOM}${JSON.stringify(doc, null, 2)}\n`;
}

describe("pipeline files with a byte-order mark", () => {
  it("parse (imports and templates go through parsePipelineJson)", () => {
    expect(parsePipelineJson(pipelineText()).problems).toEqual([]);
  });

  it("cascade validate and cascade run accept them", async () => {
    const project = join(dir, "project");
    mkdirSync(project, { recursive: true });
    const file = join(project, "bom.json");
    writeFileSync(file, pipelineText(), "utf8");
    const v = capture();
    expect(await main(["validate", file], v)).toBe(0);
    expect(v.stdout).toContain(`${file}: valid`);
    const r = capture();
    expect(await main(["run", file, "--db", join(dir, "c.db"), "--no-check"], r), r.stderr).toBe(0);
  });
});

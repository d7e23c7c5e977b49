/**
 * The input fuzz suite (#13): the committed corpus in ./corpus/inputs-*.json (written by
 * ./generateInputCorpus.ts from one seed) of malformed pipelines, datasets (JSONL, CSV, JSON, PNG images),
 * filter conditions and --set arguments. For every case: no uncaught exception, no stack trace in what the
 * user sees, no hang (a per-case limit far above the normal time), and every error names its place — the
 * file, line, node, path or column.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { isPostgresUrl, isStoreUrl } from "../../src/main/store/openRunStore";
import { main } from "../../src/main/cli/main";
import { ImageLoader } from "../../src/main/engine/images";
import { datasetExecutor } from "../../src/main/engine/nodes/dataset";
import { parseCondition } from "../../src/shared/ddf/condition";
import { evaluateCondition } from "../../src/shared/ddf/conditionEval";
import type { DatasetConfig } from "../../src/shared/nodes/kinds/dataset";
import { parseSetArgument, setPath } from "../../src/shared/pipeline/setPath";
import { parsePipeline, parsePipelineJson } from "../../src/shared/pipeline/validate";
import { node } from "../unit/engine/helpers";

const CORPUS = join(__dirname, "corpus");
const load = <T>(name: string): T => JSON.parse(readFileSync(join(CORPUS, name), "utf8")) as T;
const pipelines = load<{ name: string; text: string }[]>("inputs-pipelines.json");
const datasets = load<{ name: string; text?: string; base64?: string }[]>("inputs-datasets.json");
const conditions = load<string[]>("inputs-conditions.json");
const setArgs = load<string[]>("inputs-set.json");
const sharedCacheUrls = load<string[]>("inputs-shared-cache.json");
const storeUrls = load<string[]>("inputs-store-urls.json");
const distributedArgs = load<string[][]>("inputs-distributed-args.json");
const pushArgs = load<string[][]>("inputs-push-args.json");

/** A hang is a case still running after this long (each takes milliseconds normally). */
const CASE_LIMIT_MS = 5_000;
const STACK = /\n\s+at .+[:(]/;

const dir = mkdtempSync(join(tmpdir(), "cascade-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

async function withinLimit<T>(what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what} still running after ${CASE_LIMIT_MS} ms`)), CASE_LIMIT_MS)));
  try {
    return await Promise.race([work(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", isTTY: false, out: (t: string) => void (io.stdout += `${t}\n`), err: (t: string) => void (io.stderr += `${t}\n`) };
  return io;
}

describe("the corpus", () => {
  it("holds at least 300 cases", () => {
    expect(pipelines.length + datasets.length + conditions.length + setArgs.length).toBeGreaterThanOrEqual(300);
  });
});

describe("malformed pipelines", () => {
  it("validate without throwing; every problem has a path and a message, no stack", () => {
    for (const { name, text } of pipelines) {
      const { problems } = parsePipelineJson(text);
      for (const p of problems) {
        expect(p.path, name).toMatch(/\S/);
        expect(p.message, name).toMatch(/\S/);
        expect(p.message, name).not.toMatch(STACK);
      }
    }
  });

  it("cascade validate over all of them names each bad file, exits 2, prints no stack", async () => {
    const files = pipelines.map(({ name, text }) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    });
    const io = capture();
    const code = await withinLimit("cascade validate", () => main(["validate", ...files], io));
    expect(code).toBe(2);
    expect(io.stderr).not.toMatch(STACK);
    for (const file of files) expect(`${io.stdout}${io.stderr}`, file).toContain(`${file}: `);
  });
});

describe("malformed datasets", () => {
  const columns: DatasetConfig["columns"] = [
    { name: "question", type: "text" },
    { name: "answer", type: "text" },
  ];
  for (const d of datasets) if (d.text !== undefined) writeFileSync(join(dir, d.name), d.text);
  for (const d of datasets) if (d.base64 !== undefined) writeFileSync(join(dir, d.name), Buffer.from(d.base64, "base64"));

  it("JSONL, CSV and JSON: rows or errors naming the file, never a throw of another kind", async () => {
    for (const d of datasets.filter((x) => x.text !== undefined)) {
      const config: DatasetConfig = { source: { type: "file", path: d.name }, columns, idColumn: "id" };
      const handle = datasetExecutor.open(config, { baseDir: dir, node: node("data", "dataset", config as never), signal: new AbortController().signal });
      const outcome = await withinLimit(d.name, async () => {
        try {
          await handle.inspect();
          const errors: string[] = [];
          for await (const row of handle.rows()) if (row.error) errors.push(row.error);
          return { errors };
        } catch (e) {
          return { thrown: e };
        }
      });
      if ("thrown" in outcome) {
        expect(outcome.thrown, d.name).toBeInstanceOf(Error);
        expect((outcome.thrown as Error).message, d.name).toContain(d.name);
        expect((outcome.thrown as Error).message, d.name).not.toMatch(STACK);
      } else {
        for (const error of outcome.errors) {
          expect(error, d.name).toContain(d.name);
          expect(error, d.name).not.toMatch(STACK);
        }
      }
    }
  });

  it("truncated and garbage PNGs: a clear error naming the file", async () => {
    const loader = new ImageLoader({ dirs: [dir] });
    for (const d of datasets.filter((x) => x.base64 !== undefined)) {
      const outcome = await withinLimit(d.name, () => loader.load(d.name).then(() => null, (e: unknown) => e));
      if (outcome === null) continue; // bytes with a valid signature are passed on as an image
      expect(outcome, d.name).toBeInstanceOf(Error);
      expect((outcome as Error).message, d.name).toContain(d.name);
      expect((outcome as Error).message, d.name).not.toMatch(STACK);
    }
  });
});

describe("malformed filter conditions", () => {
  const valueSets = [{}, { a: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", b: { c: 1 }, n: 5 }, { a: [1, 2], b: [null], n: "x" }, { a: { x: 1 }, b: null, n: null }];
  it("parse to a condition or an error with a column; evaluate to a value or an error with a column", async () => {
    for (const source of conditions) {
      await withinLimit(`condition ${source.slice(0, 40)}`, async () => {
        const r = parseCondition(source);
        if (!r.ok) {
          expect(r.error.column, source).toBeGreaterThanOrEqual(1);
          expect(r.error.message, source).not.toMatch(STACK);
          return;
        }
        for (const values of valueSets) {
          const v = evaluateCondition(r.condition, values);
          if (!v.ok) expect(v.error, source).toMatch(/^column \d+: /);
        }
      });
    }
  });
});

describe("--shared-cache values", () => {
  it("fail the command before any call with a message naming the shared cache, no stack trace, no password shown", async () => {
    const file = join(__dirname, "../../templates/cot.json");
    for (const url of sharedCacheUrls) {
      const err: string[] = [];
      const io: CliIO = { out: () => {}, err: (t) => err.push(t), isTTY: false };
      const code = await withinLimit(url, () => main(["run", file, "--no-check", "--db", join(dir, "shared.db"), "--shared-cache", url], io));
      const said = err.join("\n");
      expect(code, url).not.toBe(0);
      expect(said, url).toMatch(/shared.cache/);
      expect(said, url).not.toMatch(STACK);
      expect(said, url).not.toContain("secret");
    }
  });
});

describe("store URLs (cascade runs --db)", () => {
  it("fail the command with a message naming the store, no stack trace, no password shown", async () => {
    for (const url of storeUrls) {
      const err: string[] = [];
      const io: CliIO = { out: () => {}, err: (t) => err.push(t), isTTY: false };
      const code = await withinLimit(url, () => main(["runs", "--db", url], io));
      const said = err.join("\n");
      expect(code, url).not.toBe(0);
      expect(said, url).toMatch(/the (PostgreSQL )?store|the database/);
      expect(said, url).not.toMatch(STACK);
      expect(said, url).not.toContain("secret");
    }
  });
});

describe("store URLs (cascade run --db)", () => {
  it("of another database are refused before the run (exit 2), naming what --db takes, no password shown", async () => {
    const others = storeUrls.filter((u) => isStoreUrl(u) && !isPostgresUrl(u));
    expect(others.length).toBeGreaterThan(2);
    for (const url of others) {
      const err: string[] = [];
      const io: CliIO = { out: () => {}, err: (t) => err.push(t), isTTY: false };
      const code = await withinLimit(url, () => main(["run", "templates/cas-seat.json", "--no-check", "--db", url], io));
      const said = err.join("\n");
      expect(code, url).toBe(2);
      expect(said, url).toContain("--db takes an SQLite file or a PostgreSQL URL");
      expect(said, url).not.toMatch(STACK);
      expect(said, url).not.toContain("secret");
    }
  });
});

describe("cascade worker and watch arguments", () => {
  it("are refused as usage errors (exit 2) before anything connects, naming what is wrong, no stack trace, no password shown", async () => {
    const env = process.env.CASCADE_SHARED_CACHE;
    delete process.env.CASCADE_SHARED_CACHE;
    try {
      for (const args of distributedArgs) {
        const err: string[] = [];
        const io: CliIO = { out: () => {}, err: (t) => err.push(t), isTTY: false };
        const code = await withinLimit(args.join(" "), () => main(args, io));
        const said = err.join("\n");
        expect(code, args.join(" ")).toBe(2);
        expect(said, args.join(" ")).toMatch(new RegExp(`^cascade ${args[0]}: \\S`));
        expect(said, args.join(" ")).toContain(`Usage: cascade ${args[0]} `);
        expect(said, args.join(" ")).not.toMatch(STACK);
        expect(said, args.join(" ")).not.toContain("secret");
      }
    } finally {
      if (env !== undefined) process.env.CASCADE_SHARED_CACHE = env;
    }
  });
});

describe("cascade push arguments", () => {
  it("are refused as usage errors (exit 2) before anything connects, naming what is wrong, no stack trace, no password shown", async () => {
    const db = join(dir, "push-from.db");
    for (const given of pushArgs) {
      const args = given.map((a) => (a === "{db}" ? db : a));
      const err: string[] = [];
      const io: CliIO = { out: () => {}, err: (t) => err.push(t), isTTY: false };
      const code = await withinLimit(args.join(" "), () => main(args, io));
      const said = err.join("\n");
      expect(code, args.join(" ")).toBe(2);
      expect(said, args.join(" ")).toMatch(/^cascade push: \S/);
      expect(said, args.join(" ")).toContain("Usage: cascade push ");
      expect(said, args.join(" ")).not.toMatch(STACK);
      expect(said, args.join(" ")).not.toContain("secret");
    }
  });
});

describe("--set arguments", () => {
  const template = JSON.parse(readFileSync(join(__dirname, "../../templates/cas-seat.json"), "utf8")) as unknown;
  it("apply or fail with a message naming the path; never pollute prototypes; the result validates without throwing", () => {
    for (const arg of setArgs) {
      let doc: unknown;
      try {
        const { path, value } = parseSetArgument(arg);
        doc = setPath(template, path, value);
      } catch (e) {
        expect(e, arg).toBeInstanceOf(Error);
        expect((e as Error).message, arg).toMatch(/\S/);
        expect((e as Error).message, arg).not.toMatch(STACK);
        continue;
      }
      const { problems } = parsePipeline(doc);
      for (const p of problems) expect(p.path, arg).toMatch(/\S/);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

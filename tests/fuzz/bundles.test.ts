/**
 * Malformed bundles (#18): `cascade import` of files that are not bundles, of newer formats, truncated, with a
 * table missing or with bytes changed (seeded, so the same cases every time) never throws past the CLI, prints
 * no stack, names the file, and imports all of a run or nothing of it.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startRun } from "../../src/main/engine/startRun";
import { openStore } from "../../src/main/store/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { createRng } from "../../src/shared/random";
import { tempDir } from "../integration/helpers";

const STACK = /\n\s+at .+[:(]/;
const dir = tempDir("cascade-fuzz-bundles-");
const good = join(dir, "good.cascade");
let goodBytes: Buffer;
let runId: string;

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", isTTY: false, out: (t: string) => void (io.stdout += `${t}\n`), err: (t: string) => void (io.stderr += `${t}\n`) };
  return io;
}

/** dataset → score (no model): 40 items, so the bundle spans many pages. */
function doc(): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "no model",
    models: {},
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "guess", type: "text" }, { name: "answer", type: "text" }], idColumn: "id" } },
      { id: "score", kind: "score", position: pos, config: { method: "normalized" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "guess", target: "score", targetPort: "prediction" },
      { id: "e2", source: "data", sourcePort: "answer", target: "score", targetPort: "truth" },
    ],
  };
}

beforeAll(async () => {
  const rows = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `i${i}`, guess: i % 3 ? "x" : "y", answer: "y", filler: "z".repeat(300) }));
  writeFileSync(join(dir, "data.jsonl"), rows.join("\n") + "\n");
  const db = join(dir, "author.db");
  const store = openStore(db);
  const handle = startRun({ doc: doc(), baseDir: dir, store });
  expect((await handle.done).status).toBe("done");
  runId = handle.runId;
  store.close();
  expect(await main(["bundle", runId, "--out", good, "--db", db], capture())).toBe(0);
  goodBytes = readFileSync(good);
});
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

let n = 0;
/** Imports `file` into a fresh database: the exit code, what was said, and the runs the database then has. */
async function importInto(file: string): Promise<{ code: number; stderr: string; runs: { id: string }[] }> {
  const db = join(dir, `target-${++n}.db`);
  const io = capture();
  const code = await main(["import", file, "--db", db, "--dir", join(dir, `imported-${n}`)], io);
  const listed = capture();
  expect(await main(["runs", "--db", db, "--json"], listed)).toBe(0);
  return { code, stderr: io.stderr, runs: JSON.parse(listed.stdout) as { id: string }[] };
}

function caseFile(name: string, bytes: Uint8Array | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function expectRefused(file: string, why: RegExp): Promise<void> {
  const r = await importInto(file);
  expect(r.code, file).toBe(1);
  expect(r.stderr, file).toContain(`cannot open the bundle ${file}: `);
  expect(r.stderr, file).toMatch(why);
  expect(r.stderr, file).not.toMatch(STACK);
  expect(r.runs, file).toEqual([]);
}

describe("cascade import of malformed bundles", () => {
  it("imports the good bundle (the cases below are its mutations)", async () => {
    const r = await importInto(good);
    expect(r.code).toBe(0);
    expect(r.runs.map((x) => x.id)).toEqual([runId]);
  });

  it("refuses what is not a bundle, naming the file", async () => {
    await expectRefused(join(dir, "missing.cascade"), /no such file/);
    mkdirSync(join(dir, "folder.cascade"));
    await expectRefused(join(dir, "folder.cascade"), /a folder/);
    await expectRefused(caseFile("empty.cascade", ""), /not a Cascade Studio bundle/);
    await expectRefused(caseFile("text.cascade", "this is a text file, not a bundle\n".repeat(50)), /not a Cascade Studio bundle \(not an SQLite file\)/);
    await expectRefused(caseFile("store.cascade", readFileSync(join(dir, "author.db"))), /an SQLite database but not a Cascade Studio bundle/);
  });

  it("refuses a newer format with the version that wrote it and what to do", async () => {
    const newer = join(dir, "newer.cascade");
    copyFileSync(good, newer);
    const db = new Database(newer);
    db.pragma("user_version = 7");
    db.prepare("UPDATE bundle_meta SET value = '9.0.0' WHERE key = 'appVersion'").run();
    db.close();
    await expectRefused(newer, /written by Cascade Studio 9\.0\.0 in bundle format 7; this build reads formats 1 to 1: open it with a newer Cascade Studio/);
  });

  it("refuses a bundle that lacks a table", async () => {
    const lacking = join(dir, "lacking.cascade");
    copyFileSync(good, lacking);
    const db = new Database(lacking);
    db.exec("DROP TABLE call_cache");
    db.close();
    await expectRefused(lacking, /damaged: it lacks the table call_cache/);
  });

  it("refuses truncated bundles (12 cut points)", async () => {
    const size = goodBytes.length;
    expect(size).toBeGreaterThan(8 * 4096);
    for (const cut of [0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99].map((f) => Math.floor(size * f))) {
      const file = caseFile(`cut-${cut}.cascade`, goodBytes.subarray(0, cut));
      await expectRefused(file, /not a Cascade Studio bundle|damaged/);
    }
  });

  it("bytes changed at 40 seeded places: a clear error naming the file, or the whole run imported", async () => {
    const rng = createRng(18);
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(goodBytes);
      const at = Math.floor(rng.next() * bytes.length);
      for (let k = 0; k < 16 && at + k < bytes.length; k++) bytes[at + k] = rng.nextU32() & 0xff;
      const file = caseFile(`flip-${i}.cascade`, bytes);
      const r = await importInto(file);
      expect(r.stderr, file).not.toMatch(STACK);
      if (r.code === 0) {
        expect(r.runs.map((x) => x.id), file).toEqual([runId]);
        continue;
      }
      refused++;
      expect(r.code, `${file}: ${r.stderr}`).toBe(1);
      expect(r.stderr, file).toContain(file);
      expect(r.runs, file).toEqual([]);
    }
    // Most changes land in pages SQLite checks (b-tree structure); text changed in place cannot be told from data.
    expect(refused).toBeGreaterThan(0);
    // 40 `cascade import` processes: ~0.5 s each alone, several times that on a loaded 2-core machine.
  }, 120_000);
});

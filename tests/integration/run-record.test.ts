/**
 * Run records (#11): `cascade show <run> --meta` prints the app version and git commit, the Node version, the
 * command line and a dataset fingerprint that changes when an image's bytes change (not only the JSONL's).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/main/cli/main";
import type { CliIO } from "../../src/main/cli/command";
import { DatasetFingerprint } from "../../src/main/engine/datasetFingerprint";
import { ImageLoader } from "../../src/main/engine/images";
import type { RunRecord } from "../../src/shared/runRecord";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { tempDir } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

const png = (tag: string) => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.from(`image ${tag}`)]);

let fake: FakeServer;
const dir = tempDir("cascade-record-");

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function writePipeline(): string {
  const rows = [1, 2, 3].map((i) => JSON.stringify({ id: `q${i}`, question: `What is in picture ${i}?`, image: `img${i}.png` }));
  writeFileSync(join(dir, "data.jsonl"), rows.join("\n") + "\n");
  for (const i of [1, 2, 3]) writeFileSync(join(dir, `img${i}.png`), png(String(i)));
  const pos = { x: 0, y: 0 };
  const doc: PipelineDoc = {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "records",
    models: { m: { provider: "openai", model: "fake-vision", baseUrl: fake.url } },
    nodes: [
      {
        id: "data",
        kind: "dataset",
        position: pos,
        config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "question", type: "text" }, { name: "image", type: "image" }], idColumn: "id" },
      },
      { id: "look", kind: "prompt", position: pos, config: { model: "m", template: "{{question}}", images: ["image"] } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "look", targetPort: "question" },
      { id: "e2", source: "data", sourcePort: "image", target: "look", targetPort: "image" },
    ],
  };
  const file = join(dir, "pipeline.json");
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function runAndMeta(file: string, db: string, extra: string[] = []): Promise<{ runId: string; meta: { record: RunRecord; pipelineHash: string } }> {
  const args = ["run", file, "--db", db, "--json", ...extra];
  const io = capture();
  expect(await main(args, io)).toBe(0);
  const runId = JSON.parse(io.stdout.join("")).runId as string;
  const show = capture();
  expect(await main(["show", runId, "--meta", "--json", "--db", db], show)).toBe(0);
  return { runId, meta: JSON.parse(show.stdout.join("")) };
}

describe("run records", () => {
  it("stores versions, commit, command line and an image-covering dataset fingerprint; show --meta prints them", async () => {
    const file = writePipeline();
    const db = join(dir, "rec.db");
    const { runId, meta } = await runAndMeta(file, db, ["--label", "first try"]);
    const r = meta.record;
    expect(r.app.version).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    expect(r.app.commit).toBe(execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim());
    expect(typeof r.app.dirty).toBe("boolean");
    expect(r.runtime.node).toBe(process.versions.node);
    expect(r.runtime.electron).toBeUndefined();
    expect(r.origin).toBe("cli");
    expect(r.commandLine).toEqual(["cascade", "run", file, "--db", db, "--json", "--label", "first try"]);
    expect(r.cwd).toBe(process.cwd());
    expect(r.dataset).toMatchObject({ items: 3, images: 3, remoteImages: 0, unreadableImages: 0 });
    expect(r.dataset!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(r.dataset!.fingerprint).not.toBe(r.dataset!.fileFingerprint);

    // The human form names each part; the command line is quoted so it can be pasted back.
    const human = capture();
    expect(await main(["show", runId.slice(0, 10), "--meta", "--db", db], human)).toBe(0);
    const text = human.stdout.join("\n");
    expect(text).toContain(`commit ${r.app.commit}`);
    expect(text).toContain(`Node ${process.versions.node}`);
    expect(text).toContain(`--label 'first try'`);
    expect(text).toContain(`dataset       sha256 ${r.dataset!.fingerprint} (file and the images of the 3 items read)`);

    // Same JSONL, one image's bytes changed: the file fingerprint stays, the dataset fingerprint changes.
    const same = await runAndMeta(file, db);
    expect(same.meta.record.dataset).toEqual(r.dataset);
    writeFileSync(join(dir, "img2.png"), png("2, retouched"));
    const changed = await runAndMeta(file, db);
    expect(changed.meta.record.dataset!.fileFingerprint).toBe(r.dataset!.fileFingerprint);
    expect(changed.meta.record.dataset!.fingerprint).not.toBe(r.dataset!.fingerprint);

    // A missing image is counted as unreadable (the item fails at the prompt; the record still says so).
    rmSync(join(dir, "img3.png"));
    const io = capture();
    expect(await main(["run", file, "--db", db, "--json"], io)).toBe(1);
    const missing = capture();
    expect(await main(["show", JSON.parse(io.stdout.join("")).runId, "--meta", "--json", "--db", db], missing)).toBe(0);
    expect(JSON.parse(missing.stdout.join("")).record.dataset).toMatchObject({ images: 3, unreadableImages: 1 });
  });

  it("fingerprints the same rows alike whatever order they finish in", async () => {
    writePipeline();
    const rows = [1, 2, 3].map((i) => ({ itemId: `q${i}`, seq: i - 1, values: { image: { kind: "image" as const, source: `img${i}.png` } } }));
    const print = async (order: typeof rows) => {
      const fp = new DatasetFingerprint("f", ["image"], new ImageLoader({ dirs: [dir] }));
      await Promise.all(order.map((row) => fp.addRow(row)));
      return fp.result();
    };
    const forward = await print(rows);
    expect((await print([...rows].reverse())).fingerprint).toBe(forward.fingerprint);
    expect((await print(rows.slice(0, 2))).fingerprint).not.toBe(forward.fingerprint);
  });

  it("refuses --json without --meta and --meta with --node", async () => {
    expect(await main(["show", "x", "--json"], capture())).toBe(2);
    expect(await main(["show", "x", "--meta", "--node", "look"], capture())).toBe(2);
  });
});

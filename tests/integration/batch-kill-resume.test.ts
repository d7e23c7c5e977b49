/**
 * A `cascade run` with a batch model killed (SIGKILL) while its first batch is in progress, then run again:
 * the second run polls the batch the first one submitted (its id and request keys were in SQLite before the
 * provider answered), submits no new batch for those calls, and completes every item.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeOpenAIBatch, type FakeOpenAIBatch } from "../fakes/batch/openaiBatchServer";
import { tempDir, writeCascade } from "./helpers";

const ITEMS = 8;
const dir = tempDir("cascade-batch-kill-");
const children: ChildProcess[] = [];
let fake: FakeOpenAIBatch | undefined;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function cli(args: string[]) {
  const env = { ...process.env, TEST_KEY: "sk-kill", CASCADE_BATCH_GATHER_MS: "50", CASCADE_BATCH_POLL_MS: "20" };
  const child = spawn(process.execPath, ["bin/cascade.mjs", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"], env });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

describe("a batch run killed while its batch is in progress", () => {
  it("resumes polling the same batch on the next run and submits nothing twice", async () => {
    let holding = true;
    fake = await startFakeOpenAIBatch({ apiKey: "sk-kill", hold: () => holding });
    const file = writeCascade(dir, fake.url, ITEMS);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    doc.models.m = { ...doc.models.m, apiKeyEnv: "TEST_KEY", batch: true };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const db = join(dir, "batch.db");
    const args = ["run", file, "--db", db, "--json", "--no-check"];

    const first = cli(args);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const polled = fake!.requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/batches/")).length;
        if (polled >= 2) {
          clearInterval(timer);
          first.child.kill("SIGKILL");
          resolve();
        }
      }, 5);
      void first.exit.then((e) => {
        clearInterval(timer);
        reject(new Error(`the first run ended before it was killed: ${e.stderr}`));
      });
    });
    expect((await first.exit).signal).toBe("SIGKILL");
    expect(fake.book.batches.size).toBe(1);
    const submitted = [...fake.book.batches.values()][0].requests.map((r) => r.customId);
    expect(submitted).toHaveLength(ITEMS);

    // The interrupted run is listed as waiting on its batch.
    const listed = await cli(["runs", "--db", db]).exit;
    expect(listed.stdout).toContain(`(waiting on 1 batch, ${ITEMS} requests)`);

    holding = false;
    const second = cli(args);
    const end = await second.exit;
    expect(end.code, end.stderr).toBe(0);
    expect(JSON.parse(end.stdout)).toMatchObject({ status: "done", items: ITEMS, errors: 0 });
    // The first batch was polled again, not submitted again: every custom id went out once.
    const all = [...fake.book.batches.values()].flatMap((b) => b.requests.map((r) => r.customId));
    expect(all.filter((id) => submitted.includes(id))).toHaveLength(ITEMS);
    expect(new Set(all).size).toBe(all.length);
    expect(fake.book.batches.size).toBe(3); // the resumed one, then one each for the next two nodes
    expect(end.stderr).toContain(`batch batch_fake1 (model m, ${ITEMS} requests, submitted by an earlier run): completed, reading answers, ${ITEMS} done, 0 failed, waited`);
    expect(end.stderr).toMatch(/batch batch_fake2 \(model m, \d+ requests\): submitted, waited 0s/);
  }, 60_000);
});

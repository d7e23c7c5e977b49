import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/main/cli/main";
import type { CliIO } from "../../src/main/cli/command";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { chatRequests, tempDir, writeCascade } from "./helpers";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

const template = resolve("templates/cas-seat.json");
let fake: FakeServer;
const dir = tempDir();

beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: 5 });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade run (CLI, in process)", () => {
  it.skipIf(!existsSync(template))("runs templates/cas-seat.json over its sample data; an identical re-run makes zero calls", async () => {
    process.env.CASCADE_IT_KEY = "sk-test";
    const db = join(dir, "cas.db");
    const args = ["run", template, "--set", `models.reasoner.baseUrl=${fake.url}`, "--set", `models.extractor.baseUrl=${fake.url}`, "--set", "models.reasoner.apiKeyEnv=CASCADE_IT_KEY", "--db", db, "--json"];
    const io = capture();
    expect(await main(args, io)).toBe(0);
    const report = JSON.parse(io.stdout.join(""));
    expect(report.status).toBe("done");
    expect(report.items).toBeGreaterThan(0);
    expect(report.errors).toBe(0);
    expect(report.nodes.reason.calls + report.nodes.reason.cacheHits).toBe(report.items);
    expect(report.metrics.score[0]).toMatchObject({ name: "accuracy", n: report.items });
    // The image went to the server with the first turn and again when the chat was continued.
    const first = chatRequests(fake.requests)[0].body as { messages: { content: unknown }[] };
    expect(JSON.stringify(first.messages)).toContain("data:image/png;base64,");

    const before = fake.calls;
    const again = capture();
    expect(await main(args, again)).toBe(0);
    const second = JSON.parse(again.stdout.join(""));
    expect(fake.calls).toBe(before);
    expect(second.calls).toBe(0);
    expect(second.cacheHits).toBe(report.calls + report.cacheHits);
  });

  it("prints validation problems with their paths and exits 2", async () => {
    const file = writeCascade(dir, fake.url, 3);
    const io = capture();
    expect(await main(["run", file, "--set", "nodes.reason.config.template={{nope}}", "--db", join(dir, "v.db")], io)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(/nodes\[1\]\.config.*\{\{nope\}\}|nope/);
    expect(await main(["run", file, "--limit", "0"], capture())).toBe(2);
    expect(await main(["run"], capture())).toBe(2);
  });

  it("--data replaces the dataset file; --limit, --label; runs and show list and print the results", async () => {
    const file = writeCascade(dir, fake.url, 4);
    const other = tempDir();
    writeCascade(other, fake.url, 9);
    const db = join(dir, "d.db");
    const io = capture();
    expect(await main(["run", file, "--data", join(other, "data.jsonl"), "--limit", "7", "--label", "seven", "--db", db, "--json"], io)).toBe(0);
    const report = JSON.parse(io.stdout.join(""));
    expect(report.items).toBe(7);
    const list = capture();
    expect(await main(["runs", "--db", db, "--json"], list)).toBe(0);
    expect(JSON.parse(list.stdout.join(""))[0]).toMatchObject({ id: report.runId, label: "seven", status: "done" });
    const csv = capture();
    expect(await main(["show", report.runId.slice(0, 10), "--node", "score", "--format", "csv", "--db", db], csv)).toBe(0);
    const lines = csv.stdout.join("\n").trim().split("\n");
    expect(lines[0]).toBe("item,node,status,error,latencyMs,inputTokens,outputTokens,score,correct,rule,parsed");
    expect(lines).toHaveLength(8);
    const jsonl = capture();
    expect(await main(["show", report.runId, "--db", db], jsonl)).toBe(0);
    const rows = jsonl.stdout.join("\n").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.filter((r) => r.node === "reason")).toHaveLength(7);
    expect(await main(["show", "nope", "--db", db], capture())).toBe(2);
    rmSync(other, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
});

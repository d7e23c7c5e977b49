/**
 * templates/cas-seat-data.json headless through the real CLI (`node bin/cascade.mjs`) against a local
 * OpenAI-compatible server: the first run leaves the hand-checked items pending (and says so), `cascade review`
 * records decisions from a file, the second run completes with them, and every exported line is valid for its
 * format (roles in order, image references that exist). `cascade export` writes the same file again.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { tempDir } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const run = promisify(execFile);
let fake: FakeServer;
const dir = tempDir("cascade-cas-seat-data-");
const db = join(dir, "cascade.db");
const pipeline = join(dir, "cas-seat-data.json");

type Msg = { role: string; content: string | { type: string; text?: string }[] };
const lastUserText = (req: RecordedRequest) => {
  const users = ((req.body as { messages: Msg[] }).messages ?? []).filter((m) => m.role === "user");
  const c = users[users.length - 1]?.content ?? "";
  return typeof c === "string" ? c : c.map((p) => p.text ?? "").join("\n");
};

beforeAll(async () => {
  const oracle = visualMathOracle({ pFirstTurn: 1, pAfterCheck: 1 });
  fake = await startFakeOpenAI({
    reply: (req) => {
      const text = lastUserText(req);
      if (!text.includes("Reply with only a JSON object")) return oracle(req);
      return text.includes("Is the question clear") ? '{"score": 5, "label": "clear", "reason": "well posed"}' : '{"score": 5, "label": "sound", "reason": "every step holds"}';
    },
  });
  cpSync(join(ROOT, "templates/cas-seat-data.json"), pipeline);
  cpSync(join(ROOT, "templates/data"), join(dir, "data"), { recursive: true });
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

async function cascade(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(ROOT, "bin/cascade.mjs"), ...args], { cwd: ROOT, env: { ...process.env, OPENAI_API_KEY: "sk-test" }, maxBuffer: 1 << 24 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const runArgs = () => ["run", pipeline, "--set", `models.judge.baseUrl=${fake.url}`, "--set", `models.reasoner.baseUrl=${fake.url}`, "--db", db, "--json"];
const jsonl = (file: string) => readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const reportOf = (out: string, nodeId: string) => (JSON.parse(out).reports as { nodeId: string }[]).find((r) => r.nodeId === nodeId) as Record<string, unknown>;

describe("cas-seat-data through the CLI", () => {
  it("pending → cascade review → re-run completes; every exported line is valid; cascade export rewrites it", async () => {
    const first = await cascade(...runArgs());
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const r1 = JSON.parse(first.stdout);
    expect(r1).toMatchObject({ status: "done", errors: 0 });
    // Each branch (chain of thought, self-evaluation) has its own hand check; the self-evaluation continues the
    // hand-checked CoT chat, so it waits for the CoT's decisions.
    const waiting = reportOf(first.stdout, "hand_check_cot");
    expect(waiting).toMatchObject({ kind: "review", out: 0, dropped: 0 });
    expect(waiting.pending).toBeGreaterThan(2);
    expect(waiting.in).toBe(waiting.pending);
    expect(reportOf(first.stdout, "hand_check_check")).toMatchObject({ kind: "review", in: 0, out: 0, dropped: 0, pending: 0 });
    expect(reportOf(first.stdout, "source_judge")).toMatchObject({ kind: "judge", labels: { clear: expect.any(Number) } });

    // The items waiting, from the stored run; reject the first, accept the others.
    const shown = await cascade("show", r1.runId, "--node", "hand_check_cot", "--db", db);
    const pending = shown.stdout.trim().split("\n").map((l) => JSON.parse(l)).filter((r) => r.status === "pending").map((r) => r.item as string);
    expect(pending).toHaveLength(waiting.pending as number);
    const decisions = join(dir, "decisions.jsonl");
    writeFileSync(decisions, pending.map((itemId, i) => JSON.stringify(i === 0 ? { itemId, decision: "reject", note: "too terse" } : { itemId, decision: "accept" })).join("\n"));
    const reviewed = await cascade("review", r1.runId, "--node", "hand_check_cot", "--decisions", decisions, "--db", db);
    expect(reviewed.code).toBe(0);
    expect(reviewed.stdout).toContain(`applied ${pending.length} decisions to hand_check_cot (${pending.length - 1} accepted, 0 edited, 1 rejected); 0 items still waiting`);

    // Second run: the self-evaluation runs on the accepted chats and waits at its own hand check.
    const middle = await cascade(...runArgs());
    expect(middle.code).toBe(0);
    const r2 = JSON.parse(middle.stdout);
    expect(reportOf(middle.stdout, "hand_check_check")).toMatchObject({ in: pending.length - 1, pending: pending.length - 1 });
    const checkDecisions = join(dir, "check-decisions.jsonl");
    writeFileSync(checkDecisions, pending.slice(1).map((itemId) => JSON.stringify({ itemId, decision: "accept" })).join("\n"));
    const checked = await cascade("review", r2.runId, "--node", "hand_check_check", "--decisions", checkDecisions, "--db", db);
    expect(checked.stdout).toContain(`applied ${pending.length - 1} decisions to hand_check_check (${pending.length - 1} accepted, 0 edited, 0 rejected); 0 items still waiting`);

    const callsBefore = fake.calls;
    const second = await cascade(...runArgs());
    expect(second.code).toBe(0);
    expect(fake.calls).toBe(callsBefore);
    expect(reportOf(second.stdout, "hand_check_cot")).toMatchObject({
      pending: 0,
      out: pending.length - 1,
      dropped: 1,
      dropReasons: [{ reason: "rejected by reviewer: too terse", count: 1, items: [pending[0]] }],
    });

    const kept = pending.length - 1;
    const sharegpt = jsonl(join(dir, "out/cas-seat-sharegpt.jsonl"));
    expect(sharegpt).toHaveLength(kept * 2);
    for (const line of sharegpt) {
      line.conversations.forEach((c: { from: string }, i: number) => expect(c.from).toBe(i % 2 === 0 ? "human" : "gpt"));
      expect(line.conversations[0].value.startsWith("<image>\n")).toBe(true);
      expect(line.images).toHaveLength(1);
      expect(existsSync(join(dir, "out", line.images[0]))).toBe(true);
      expect(String(line.id).startsWith(`${pending[0]}:`)).toBe(false);
    }
    const openai = join(dir, "out/cas-seat-openai/train.jsonl");
    const chats = jsonl(openai);
    expect(chats).toHaveLength(kept * 2);
    for (const line of chats) {
      const roles = line.messages.map((m: { role: string }) => m.role);
      expect(roles[0]).toBe("system");
      roles.slice(1).forEach((r: string, i: number) => expect(r).toBe(i % 2 === 0 ? "user" : "assistant"));
      const image = line.messages[1].content.find((p: { type: string }) => p.type === "image_url");
      // Embedded (the default for OpenAI chat): a base64 PNG data URL, no file beside the export.
      expect(image.image_url.url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    }

    // Written again from the stored run: the same lines, with the images copied next to the new file.
    const again = join(dir, "again/sharegpt.jsonl");
    const exported = await cascade("export", JSON.parse(second.stdout).runId, "--node", "export_sharegpt", "--out", again, "--db", db);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`wrote ${kept * 2} records to ${again}`);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(join(dir, "out/cas-seat-sharegpt.jsonl"), "utf8"));
    for (const line of jsonl(again)) expect(existsSync(join(dir, "again", line.images[0]))).toBe(true);
  }, 120_000);
});

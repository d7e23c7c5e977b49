/** Runs templates/ddf-source-filter.json headlessly: the judge's verdict and the rules keep the clear items, written as JSONL. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { openStore } from "../../../src/main/store/store";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { startFakeOpenAI, type RecordedRequest } from "../../fakes/openaiServer";

const TEMPLATES = join(__dirname, "../../../templates");
const dirs: string[] = [];
afterAll(async () => {
  await closeSharedSandboxPool();
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** Unanswerable for "equation" items, clear otherwise; replies in strict JSON. */
function reply(req: RecordedRequest): string {
  const body = req.body as { messages: { role: string; content: string | { type: string; text?: string }[] }[] };
  const user = body.messages.filter((m) => m.role === "user").pop()!;
  const text = typeof user.content === "string" ? user.content : user.content.map((p) => p.text ?? "").join("");
  return text.includes("equation") ? '{"score": 1, "label": "unanswerable", "reason": "the image is unreadable"}' : '{"score": 4, "label": "Clear", "reason": "fine"}';
}

it("keeps the clear items and writes them with their images", async () => {
  const fake = await startFakeOpenAI({ reply });
  const dir = mkdtempSync(join(tmpdir(), "ddf-source-"));
  dirs.push(dir);
  cpSync(join(TEMPLATES, "data"), join(dir, "data"), { recursive: true });
  const { doc, problems } = parsePipelineJson(readFileSync(join(TEMPLATES, "ddf-source-filter.json"), "utf8"));
  expect(problems).toEqual([]);
  doc!.models.judge.baseUrl = fake.url;
  const store = openStore(":memory:");
  try {
    const handle = startRun({ doc: doc!, baseDir: dir, store, env: { OPENAI_API_KEY: "k" } });
    const summary = await handle.done;
    expect(summary.status).toBe("done");
    const rows = readFileSync(join(dir, "data/visual-math.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const kept = rows.filter((r) => !r.question.includes("equation"));
    const out = readFileSync(join(dir, "out/source-kept.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(out.map((l) => l.id)).toEqual(kept.map((r) => r.id));
    for (const [i, l] of out.entries()) {
      expect(l.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
      expect(l.messages[1].content).toBe(String(kept[i].answer));
      expect(l.messages[0].images).toEqual([kept[i].image]);
      expect(existsSync(join(dir, "out", kept[i].image))).toBe(true);
    }
    const dropped = store.runs.results({ runId: handle.runId, nodeId: "source_filter", limit: 100 }).rows.filter((r) => r.status === "dropped");
    expect(dropped).toHaveLength(rows.length - kept.length);
    expect(dropped[0].error).toContain('label="unanswerable", score=1');
  } finally {
    store.close();
    await fake.close();
  }
});

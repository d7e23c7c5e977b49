import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/main/cli/command";
import { main } from "../../src/main/cli/main";
import { startFakeOllama, type FakeServer } from "../fakes/ollamaServer";
import { cascadeDoc, tempDir } from "./helpers";

let fake: FakeServer;
const dir = tempDir();

/** How often consecutive chat requests the server received name different models (a local server reloads then). */
function modelSwitches(s: FakeServer): number {
  const models = s.requests.filter((r) => r.method === "POST" && r.path === "/api/chat").map((r) => (r.body as { model: string }).model);
  return models.slice(1).filter((m, i) => m !== models[i]).length;
}

beforeAll(async () => {
  fake = await startFakeOllama();
  const doc = cascadeDoc(fake.url);
  doc.models.m = { provider: "ollama", model: "llava:7b", baseUrl: fake.url, concurrency: 4, maxRetries: 8 };
  writeFileSync(join(dir, "pipeline.json"), JSON.stringify(doc));
  writeFileSync(join(dir, "data.jsonl"), Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `What is ${i} + ${i}?`, answer: "yes" })).join("\n") + "\n");
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade sweep on a local server", () => {
  it("runs a local model's cells consecutively: the server switches models once, not once per cell", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
    // The model axis varies fastest in definition order: c1 llava, c2 llama, c3 llava, c4 llama.
    const args = ["sweep", join(dir, "pipeline.json"), "--db", join(dir, "s.db"), "--json", "--axis", 'nodes.reason.config.template=Think: {{question}},Solve carefully: {{question}}', "--axis", "models.m.model=llava:7b,llama3.2:1b"];
    expect(await main(args, io), err.join("\n")).toBe(0);
    const r = JSON.parse(out.join(""));
    expect(r.order).toEqual(["c1", "c3", "c2", "c4"]);
    expect(r.cells).toHaveLength(4);
    expect(modelSwitches(fake)).toBe(1);
    const models = fake.requests.filter((q) => q.path === "/api/chat").map((q) => (q.body as { model: string }).model);
    expect(models[0]).toBe("llava:7b");
    expect(models.at(-1)).toBe("llama3.2:1b");
  }, 120_000);
});

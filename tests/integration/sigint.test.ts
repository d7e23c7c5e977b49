import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/main/store/store";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { tempDir, writeCascade } from "./helpers";

const dir = tempDir("cascade-sigint-");
let fake: FakeServer;
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("cascade run and SIGINT", () => {
  it("cancels cleanly: exit 130, run recorded as cancelled, no item errors", async () => {
    fake = await startFakeOpenAI({ latencyMs: 40 });
    const file = writeCascade(dir, fake.url, 200, 2);
    const db = join(dir, "s.db");
    const child = spawn(process.execPath, ["bin/cascade.mjs", "run", file, "--db", db, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const timer = setInterval(() => {
      if (fake.calls >= 10) {
        clearInterval(timer);
        child.kill("SIGINT");
      }
    }, 5);
    const code = await exited;
    clearInterval(timer);
    expect(code).toBe(130);
    const report = JSON.parse(stdout);
    expect(report.status).toBe("cancelled");
    expect(report.errors).toBe(0);
    const store = openStore(db);
    expect(store.runs.summary(report.runId).status).toBe("cancelled");
    store.close();
  }, 20_000);
});

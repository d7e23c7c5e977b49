import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeOllama } from "../../fakes/ollamaServer";
import { defaultFakeReply, startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("fake servers", () => {
  it("answers non-stream OpenAI requests and records them", async () => {
    const s = await startFakeOpenAI();
    servers.push(s);
    const res = await post(`${s.url}/chat/completions`, { model: "m", messages: [{ role: "user", content: "hello" }] });
    const j = await res.json();
    expect(j.choices[0].message.content).toBe(defaultFakeReply("m", [{ role: "user", text: "hello", images: 0 }]));
    expect(j.usage.completion_tokens).toBeGreaterThan(0);
    expect(s.calls).toBe(1);
    expect(s.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions", body: { model: "m" } });
  });

  it("sends Retry-After with a 429 and counts faulted calls", async () => {
    const s = await startFakeOpenAI({ retryAfterSeconds: 7, faults: (n) => (n === 1 ? "429" : null) });
    servers.push(s);
    const res = await post(`${s.url}/chat/completions`, { model: "m", messages: [] });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect((await post(`${s.url}/chat/completions`, { model: "m", messages: [] })).status).toBe(200);
    expect(s.calls).toBe(2);
  });

  it("answers non-stream Ollama requests with done and counts", async () => {
    const s = await startFakeOllama();
    servers.push(s);
    const j = await (await post(`${s.url}/api/chat`, { model: "llava:7b", stream: false, messages: [{ role: "user", content: "x", images: ["AA=="] }] })).json();
    expect(j.done).toBe(true);
    expect(j.message.content).toContain("[1 image(s)]");
    expect(j.eval_count).toBeGreaterThan(0);
  });

  it("drops hung connections on close()", async () => {
    const s = await startFakeOpenAI({ faults: () => "hang" });
    const pending = post(`${s.url}/chat/completions`, { model: "m", messages: [] }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.inFlight).toBe(1);
    await s.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it("serve-openai prints its URL and serves until killed", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fakes/serve-openai.ts", "--port", "0", "--latency", "5"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("\n")) resolve(out.trim());
        });
        child.on("exit", (code) => reject(new Error(`serve-openai exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const j = await (await fetch(`${url}/models`)).json();
      expect(j.data.map((m: { id: string }) => m.id)).toEqual(["fake-model", "fake-vision"]);
    } finally {
      child.kill("SIGTERM");
    }
  });
});

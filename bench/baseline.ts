/**
 * The baseline: a plain HTTP loop doing the same 3 calls per item (same bodies as the engine's OpenAI
 * provider: streamed, with usage), `concurrency` items at a time, no cache, no store.
 */
import { CHECK, EXTRACT, question, REASON } from "./cascade";

type Msg = { role: string; content: string };

async function chat(url: string, messages: Msg[]): Promise<string> {
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ model: "fake-model", messages, stream: true, stream_options: { include_usage: true } }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.text();
  let text = "";
  for (const line of body.split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    const delta = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content;
    if (delta) text += delta;
  }
  return text;
}

export async function baselineLoop(url: string, items: number, concurrency: number): Promise<number> {
  let next = 0;
  let calls = 0;
  const worker = async () => {
    while (next < items) {
      const i = next++;
      const first: Msg[] = [{ role: "user", content: REASON(question(i)) }];
      const a = await chat(url, first);
      const b = await chat(url, [...first, { role: "assistant", content: a }, { role: "user", content: CHECK }]);
      await chat(url, [{ role: "user", content: EXTRACT(b) }]);
      calls += 3;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls;
}

/**
 * The whole-process baseline of bench/cliRunBench.mjs: a fresh Node process that makes the same chat calls
 * (one per row, the same prompt text, streamed with usage as the OpenAI provider asks) with fetch, `concurrency`
 * at a time, with no pipeline, store or cache, and exits. What any Node process needs for this workload on this
 * machine at this moment, so the CLI's time can be read against it when the machine is loaded.
 *
 *   node bench/plainLoopProcess.mjs <baseUrl> <rows> <concurrency>
 */
const [url, rowsArg, concurrencyArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const concurrency = Number(concurrencyArg);

async function chat(content) {
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", authorization: "Bearer sk-bench" },
    body: JSON.stringify({ model: "fake-model", messages: [{ role: "user", content }], stream: true, stream_options: { include_usage: true } }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  let text = "";
  for (const line of (await res.text()).split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? "";
  }
  return text;
}

let next = 0;
let calls = 0;
const worker = async () => {
  while (next < rows) {
    const i = next++;
    await chat(`Answer briefly: What is ${i} + ${i}?`);
    calls++;
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${calls}\n`);

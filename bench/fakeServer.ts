/**
 * The bench's fake server process: the fake OpenAI-compatible server with replies unique per conversation
 * (so no two calls of the cascade are the same and nothing is de-duplicated). Prints its URL.
 *   node --import tsx bench/fakeServer.ts <latencyMs>
 */
import { createHash } from "node:crypto";
import { startFakeOpenAI } from "../tests/fakes/openaiServer";

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startFakeOpenAI({
  latencyMs,
  reply: (r) => `The answer is ${createHash("sha256").update(JSON.stringify((r.body as { messages: unknown }).messages)).digest("hex").slice(0, 12)}.`,
});
console.log(server.url);
const keepAlive = setInterval(() => {}, 1 << 30);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    clearInterval(keepAlive);
    void server.close().then(() => process.exit(0));
  });
}

/**
 * Starts the fake OpenAI-compatible server (./openaiServer.ts) and prints its base URL on stdout, then runs
 * until SIGINT/SIGTERM (or SIGKILL).
 *
 *   npx tsx tests/fakes/serve-openai.ts [--port 0] [--latency 50] [--chunk-delay 0] [--fail-every 0]
 *   → http://127.0.0.1:PORT/v1
 *
 * --fail-every N answers every N-th chat call with a 500 (exercise retries by hand).
 */
import { startFakeOpenAI } from "./openaiServer";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`serve-openai: --${name} needs a number >= 0, got ${JSON.stringify(process.argv[i + 1])}`);
    process.exit(2);
  }
  return v;
}

const failEvery = arg("fail-every", 0);
const server = await startFakeOpenAI({
  port: arg("port", 0),
  latencyMs: arg("latency", 0),
  streamChunkDelayMs: arg("chunk-delay", 0),
  faults: failEvery ? (n) => (n % failEvery === 0 ? "500" : null) : undefined,
});
console.log(server.url);

// The fake's server is unref()'d; keep this process alive until told to stop.
const keepAlive = setInterval(() => {}, 1 << 30);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    clearInterval(keepAlive);
    void server.close().then(() => process.exit(0));
  });
}

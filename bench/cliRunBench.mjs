/**
 * Benchmark (not a test) of a whole `cascade run` process, #14 item 5: a single-prompt pipeline over 1,000 rows
 * against the bench's fake OpenAI-compatible server (bench/fakeServer.ts, its own process, replies unique per
 * prompt) at 50 ms latency, concurrency 16; each run a new process with a fresh database (so a cold cache),
 * timed from spawn to exit. Judged against rows × latency / concurrency + 0.5 s (3.625 s: the calls at full
 * concurrency plus half a second for start-up and writing), target within 1.25x. 3 runs, the median judged,
 * all printed. Beside it, in turn with each run, the same calls from a plain fetch loop in a fresh process
 * (bench/plainLoopProcess.mjs), and the machine's load average: this machine is shared, and when it is loaded
 * both take longer; cascade/plain says what the CLI itself adds. Prints lines starting with "cli ".
 *
 *   node bench/cliRunBench.mjs [--rows N]     (npm run bench -- cli runs it after building out/cli)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rowsIdx = process.argv.indexOf("--rows");
const ROWS = rowsIdx > 0 ? Number(process.argv[rowsIdx + 1]) : 1000;
const LATENCY_MS = 50;
const CONCURRENCY = 16;
const RUNS = 3;
const TARGET = 1.25;
const BOUND_MS = (ROWS * LATENCY_MS) / CONCURRENCY + 500;

/** Runs `node args` to its exit; resolves its wall time, stdout and stderr (rejects on a non-zero exit). */
function timeProcess(args, env) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", fail);
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code === 0) done({ ms, stdout, stderr });
      else fail(new Error(`node ${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

const medianOf = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), "cascade-cli-bench-"));
const fake = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/fakeServer.ts"), String(LATENCY_MS)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
try {
  let url;
  for await (const line of createInterface({ input: fake.stdout })) if ((url = line.trim())) break;
  if (!url) throw new Error("the fake server printed no URL");
  const rows = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ id: `row-${i + 1}`, question: `What is ${i} + ${i}?` }));
  writeFileSync(join(dir, "data.jsonl"), rows.join("\n") + "\n");
  const pos = { x: 0, y: 0 };
  const doc = {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "cli bench: one prompt",
    models: { m: { provider: "openai", model: "fake-model", baseUrl: url, concurrency: CONCURRENCY } },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "ask", kind: "prompt", position: pos, config: { model: "m", template: "Answer briefly: {{question}}" } },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" }],
  };
  writeFileSync(join(dir, "pipeline.json"), JSON.stringify(doc, null, 2));
  const env = { ...process.env, OPENAI_API_KEY: "sk-bench", CASCADE_DEBUG: "1" };

  const times = [];
  const plainTimes = [];
  let which = "";
  const loadBefore = loadavg()[0];
  for (let i = 0; i < RUNS; i++) {
    const plain = await timeProcess([join(ROOT, "bench/plainLoopProcess.mjs"), url, String(ROWS), String(CONCURRENCY)], process.env);
    if (Number(plain.stdout) !== ROWS) throw new Error(`the plain loop made ${plain.stdout.trim()} calls, not ${ROWS}`);
    plainTimes.push(plain.ms);
    const db = join(dir, `run-${i}.db`);
    const args = [join(ROOT, "bin/cascade.mjs"), "run", join(dir, "pipeline.json"), "--db", db, "--concurrency", String(CONCURRENCY), "--json"];
    const r = await timeProcess(args, env);
    const report = JSON.parse(r.stdout);
    if (report.status !== "done" || report.calls !== ROWS || report.errors !== 0) throw new Error(`run ${i + 1}: status ${report.status}, ${report.calls} calls, ${report.errors} errors (expected done, ${ROWS}, 0)`);
    which = /running the build/.test(r.stderr) ? "out/cli" : "tsx (out/cli not current)";
    times.push(r.ms);
  }
  const median = medianOf(times);
  const ratio = median / BOUND_MS;
  const plainMedian = medianOf(plainTimes);
  console.log(
    `cli cascade run, ${ROWS} rows × 1 prompt @ ${LATENCY_MS} ms, concurrency ${CONCURRENCY}, whole process via ${which} (fresh db each, ${RUNS} runs: ${times.map((t) => (t / 1000).toFixed(2)).join(", ")} s): median ${(median / 1000).toFixed(2)} s = ${ratio.toFixed(3)}x of rows × latency / concurrency + 0.5 s = ${(BOUND_MS / 1000).toFixed(3)} s → target ≤ ${TARGET}x: ${ratio <= TARGET ? "met" : "NOT met"}`,
  );
  console.log(
    `cli plain fetch loop, same ${ROWS} calls as a fresh process (${RUNS} runs: ${plainTimes.map((t) => (t / 1000).toFixed(2)).join(", ")} s): median ${(plainMedian / 1000).toFixed(2)} s = ${(plainMedian / BOUND_MS).toFixed(3)}x of the bound; cascade run / plain loop ${(median / plainMedian).toFixed(3)}x; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after (${availableParallelism()} cores)`,
  );
} finally {
  fake.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

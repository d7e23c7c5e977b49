/**
 * Benchmark (not a test) of the CLI's start-up, #14 item 5: the whole process of `cascade --help` and of
 * `cascade validate templates/cas-seat.json`, against `node -e ''` measured in the same run (target: within
 * 3x). The three are run in turn, 7 rounds, and each figure is the median, so load drift hits all three.
 * Prints one line per figure, starting with "cli ".
 *
 *   node bench/cliStartupBench.mjs     (npm run bench runs it)
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = 7;
const TARGET = 3;
const CASES = [
  ["node -e ''", ["-e", ""]],
  ["cascade --help", [join(ROOT, "bin/cascade.mjs"), "--help"]],
  ["cascade validate templates/cas-seat.json", [join(ROOT, "bin/cascade.mjs"), "validate", join(ROOT, "templates/cas-seat.json")]],
];

function timeOnce(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return performance.now() - started;
}

const times = CASES.map(() => []);
for (let round = 0; round < ROUNDS; round++) CASES.forEach(([, args], i) => times[i].push(timeOnce(args)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times[0]);
console.log(`cli ${CASES[0][0]}: ${base.toFixed(0)} ms (median of ${ROUNDS})`);
for (let i = 1; i < CASES.length; i++) {
  const ms = median(times[i]);
  const ratio = ms / base;
  console.log(`cli ${CASES[i][0]}: ${ms.toFixed(0)} ms = ${ratio.toFixed(2)}x node -e '' → target ≤ ${TARGET}x: ${ratio <= TARGET ? "met" : "NOT met"}`);
}

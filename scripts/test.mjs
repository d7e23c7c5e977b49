#!/usr/bin/env node
// Runs the type check and the linter (one check each), then every suite (unit, integration, browser e2e) with
// vitest, and ends with one plain line: "N passed, N failed" summed over all of them. Extra arguments go to
// vitest (e.g. a file filter) and skip the two checks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const report = ".cache/vitest-report.json";
mkdirSync(".cache", { recursive: true });
rmSync(report, { force: true });

let checksPassed = 0;
let checksFailed = 0;
if (process.argv.length <= 2) {
  for (const [name, script] of [["type check", "typecheck"], ["lint", "lint"]]) {
    const r = spawnSync("npm", ["run", "-s", script], { stdio: "inherit" });
    if (r.status === 0) checksPassed++;
    else {
      checksFailed++;
      console.error(`${name} failed (npm run ${script})`);
    }
  }
}

// The browser tests drive the built renderer, and the tests that start `cascade` as a process should run the
// built CLI (bin/cascade.mjs runs out/cli when it is current): build both first.
for (const script of ["build:renderer", "build:cli"]) {
  const build = spawnSync("npm", ["run", "-s", script], { stdio: "inherit" });
  if (build.status !== 0) {
    console.error(`the build failed (npm run ${script})`);
    console.log(`${checksPassed} passed, ${checksFailed + 1} failed`);
    process.exit(1);
  }
}

const run = spawnSync(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else failed = 1;
if (run.status !== 0 && failed === 0) failed = 1;
passed += checksPassed;
failed += checksFailed;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);

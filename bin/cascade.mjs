#!/usr/bin/env node
// The headless CLI. Runs the built JavaScript, out/cli/main.js (`npm run build:cli`), when that build is current:
// every source file listed in its build-stamp.json still has the mtime and size it had when built. Otherwise
// (a fresh clone before the build, or a source edited since) it runs the TypeScript sources through tsx, so
// `npx cascade` always runs what the sources say. CASCADE_DEBUG=1 says on stderr which of the two it runs and
// why. CASCADE_CLI_STAMP names another stamp file (the tests use it to fake a stale build).
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = process.env.CASCADE_CLI_STAMP || join(root, "out/cli/build-stamp.json");

/** Why out/cli cannot be used, or null when it is current. */
function staleReason() {
  let files;
  try {
    files = JSON.parse(readFileSync(stampFile, "utf8")).files;
  } catch {
    return `no build stamp ${stampFile}`;
  }
  for (const [path, [mtimeMs, size]] of Object.entries(files)) {
    const now = statSync(join(root, path), { throwIfNoEntry: false });
    if (!now) return `${path} is gone`;
    if (now.mtimeMs !== mtimeMs || now.size !== size) return `${path} changed since the build`;
  }
  return null;
}

const stale = staleReason();
let main;
if (stale === null) {
  if (process.env.CASCADE_DEBUG) process.stderr.write("cascade: running the build out/cli/main.js\n");
  ({ main } = await import("../out/cli/main.js"));
} else {
  if (process.env.CASCADE_DEBUG) process.stderr.write(`cascade: running the TypeScript sources through tsx (out/cli is not current: ${stale})\n`);
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/main/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));

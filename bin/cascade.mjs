#!/usr/bin/env node
// The headless CLI. Runs the built JavaScript, out/cli/main.js (`npm run build:cli`), when that build is current:
// every source file listed in its build-stamp.json still has the mtime and size it had when built. Otherwise
// (a fresh clone before the build, or a source edited since) it runs the TypeScript sources through tsx, so
// `cascade` always runs what the sources say. CASCADE_DEBUG=1 says on stderr which of the two it runs and why.
// CASCADE_CLI_DIR names another build folder than out/cli (the tests use it).
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = resolve(root, process.env.CASCADE_CLI_DIR || "out/cli");

/** Why the build in buildDir cannot be used, or null when it is current. */
function staleReason() {
  let files;
  try {
    files = JSON.parse(readFileSync(join(buildDir, "build-stamp.json"), "utf8")).files;
  } catch {
    return `${join(buildDir, "build-stamp.json")} cannot be read`;
  }
  for (const [path, [mtimeMs, size]] of Object.entries(files)) {
    const now = statSync(join(root, path), { throwIfNoEntry: false });
    if (!now) return `${path} is gone`;
    if (now.mtimeMs !== mtimeMs || now.size !== size) return `${path} changed since the build`;
  }
  return null;
}

const stale = staleReason();
const debug = (line) => process.env.CASCADE_DEBUG && process.stderr.write(`cascade: ${line}\n`);
if (stale === null) {
  debug(`running the build ${join(buildDir, "main.js")}`);
  await import(pathToFileURL(join(buildDir, "main.js")).href);
} else {
  debug(`running the TypeScript sources through tsx (the build is not current: ${stale})`);
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main/cli/entry.ts");
}

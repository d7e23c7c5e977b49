#!/usr/bin/env node
// `npm start`: builds the app (electron-vite), then opens the desktop window. When Electron cannot start here
// (no display, no binary and no way to download it, or it dies at once) it says why in one line and falls back
// to browser mode (`cascade serve`), which prints the URL to open.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** How long Electron must stay up to count as started; how long finding/downloading its binary may take. */
const STARTUP_GRACE_MS = 4000;
const LOCATE_TIMEOUT_MS = 60_000;

/** Runs one build step (a node script under node_modules with its arguments); exits if it fails. */
function buildStep(name, script, args) {
  const result = spawnSync(process.execPath, [join(root, "node_modules", script), ...args], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`npm start: the build failed (${name}); see above`);
    process.exit(result.status ?? 1);
  }
}

function build() {
  buildStep("electron-vite build", "electron-vite/bin/electron-vite.js", ["build"]);
}

/** The reason Electron cannot run here, known before trying; null when it may. */
function missingDisplay() {
  if (process.platform !== "linux") return null;
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? null : "no display";
}

/** The Electron binary, via require("electron") in a child (it may try to download; time-boxed). */
function locateElectron() {
  const result = spawnSync(process.execPath, ["-e", "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: "utf8",
    timeout: LOCATE_TIMEOUT_MS,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error?.code === "ETIMEDOUT") return { reason: "downloading the Electron binary timed out" };
  const path = (result.stdout ?? "").trim();
  if (result.status !== 0 || !path) return { reason: "no Electron binary, and it could not be downloaded" };
  if (!existsSync(path)) return { reason: `the Electron binary ${path} is missing` };
  return { path };
}

/** Starts Electron; resolves "started" once it stayed up for the grace period, else the reason it failed. */
function launchElectron(binary) {
  return new Promise((resolve) => {
    const child = spawn(binary, [root], { cwd: root, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    let settled = false;
    const settle = (value) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    child.stderr.on("data", (chunk) => {
      if (settled) process.stderr.write(chunk);
      else stderr += chunk;
    });
    child.on("error", (e) => settle({ reason: `it could not be run (${e.code ?? e.message})` }));
    child.on("exit", (code, signal) => {
      if (!settled) {
        const last = stderr.trim().split("\n").filter(Boolean).pop();
        settle({ reason: `it exited at once (${signal ?? `code ${code}`}${last ? `: ${last.slice(0, 160)}` : ""})` });
      } else process.exit(code ?? (signal ? 1 : 0));
    });
    setTimeout(() => {
      if (settled) return;
      process.stderr.write(stderr);
      settle({ child });
    }, STARTUP_GRACE_MS);
  });
}

function forwardSignals(child) {
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
}

function browserMode(reason) {
  console.log(`Electron could not start (${reason}): opening browser mode instead`);
  // `cascade serve` runs from the CLI build (out/cli) when it is current; build it so it need not compile TypeScript.
  buildStep("vite build --config vite.cli.config.ts", "vite/bin/vite.js", ["build", "--config", "vite.cli.config.ts"]);
  const child = spawn(process.execPath, [join(root, "bin/cascade.mjs"), "serve"], { cwd: root, stdio: "inherit" });
  forwardSignals(child);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

build();
const noDisplay = missingDisplay();
if (noDisplay) browserMode(noDisplay);
else {
  const located = locateElectron();
  if (!located.path) browserMode(located.reason);
  else {
    const launched = await launchElectron(located.path);
    if (launched.child) forwardSignals(launched.child);
    else browserMode(launched.reason);
  }
}

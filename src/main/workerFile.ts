/**
 * Where a worker module is and how to start it. Worker entry points are real modules beside the module that
 * starts them (src/main/store/writerWorker.ts, src/main/sandbox/sandboxHost.ts, sandboxWorker.ts); the builds
 * emit each as `<name>.js` in the same folder as the code that starts it (out/cli, out/main). So:
 *   - compiled code (its own URL ends in .js) starts `./<name>.js` beside itself, with no loader;
 *   - code running from its TypeScript source (vitest, tsx: its URL ends in .ts) starts `./<name>.ts` beside
 *     itself through tsx: a worker thread registers tsx's ESM hooks first (on Node 20 a worker's
 *     `execArgv: ["--import", "tsx"]` does not apply them), a child process gets `--import <tsx>`. tsx is
 *     resolved to a file URL, so the process's working directory does not matter.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** The worker module `name` beside the module whose `import.meta.url` is `callerUrl`. */
export function workerModule(callerUrl: string, name: string): { url: URL; fromSource: boolean } {
  const fromSource = /\.[cm]?tsx?$/.test(new URL(callerUrl).pathname);
  return { url: new URL(`./${name}.${fromSource ? "ts" : "js"}`, callerUrl), fromSource };
}

/** Starts the worker thread `name` (beside `callerUrl`). */
export function startWorkerThread(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const { url, fromSource } = workerModule(callerUrl, name);
  if (!fromSource) return new Worker(url, options);
  const api = tsxEntry(callerUrl, "./esm/api");
  // eval'd as CommonJS: register tsx's hooks in this thread, then import the TypeScript module.
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })
  .catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** The `node` arguments that run the worker process `name` (beside `callerUrl`): its file, after tsx's loader if a .ts. */
export function workerProcessArgs(callerUrl: string, name: string): string[] {
  const { url, fromSource } = workerModule(callerUrl, name);
  return fromSource ? ["--import", tsxEntry(callerUrl, "."), fileURLToPath(url)] : [fileURLToPath(url)];
}

const entries = new Map<string, string>();

/** The file URL of one of tsx's package exports ("." is what `--import tsx` loads). */
function tsxEntry(from: string, subpath: "." | "./esm/api"): string {
  const known = entries.get(subpath);
  if (known) return known;
  const pkgPath = createRequire(from).resolve("tsx/package.json");
  const exports = (JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, unknown> }).exports;
  const entry = exports[subpath] as string | { import?: { default?: string } } | undefined;
  const file = typeof entry === "string" ? entry : entry?.import?.default;
  if (!file) throw new Error(`${pkgPath}: no "${subpath}" export to load TypeScript workers with`);
  const href = pathToFileURL(join(dirname(pkgPath), file)).href;
  entries.set(subpath, href);
  return href;
}

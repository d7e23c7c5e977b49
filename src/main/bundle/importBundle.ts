/**
 * `cascade import`: the bundle's runs into a store, marked as imported in their records (shown in the history),
 * with their results, traces and call-cache rows; for each run a folder to re-run it from (rerunFolder.ts).
 * Runs the store already has are skipped, not duplicated.
 */
import { basename, join } from "node:path";
import { BundleFile } from "../store/bundleReader";
import { importBundleRuns } from "../store/bundleReader";
import type { Store } from "../store/store";
import { planRerunFolder, writeRerunFolder } from "./rerunFolder";

export interface ImportBundleOptions {
  /** Where the re-run folders go: <dir>/<run id>/ (default: "imported" beside the database). */
  dir: string;
  now?: number;
}

export interface ImportedRun {
  id: string;
  label: string;
  /** False when the store had the run already (then nothing of it was written). */
  imported: boolean;
  /** The pipeline file that re-runs it (from the imported cache). */
  pipelineFile: string;
}

export interface ImportBundleResult {
  format: number;
  appVersion: string;
  runs: ImportedRun[];
  cacheRows: number;
}

export function importBundle(store: Store, path: string, opts: ImportBundleOptions): ImportBundleResult {
  const bundle = BundleFile.open(path);
  try {
    const runs = bundle.runs();
    if (runs.length === 0) throw new Error(`cannot import the bundle ${path}: it holds no runs`);
    const appVersion = bundle.meta.appVersion ?? "unknown";
    const imported = { bundle: basename(path), appVersion, format: bundle.format, at: opts.now ?? Date.now() };
    const dirOf = (id: string) => join(opts.dir, id);
    // Everything is read from the bundle before anything is written: a bundle that fails imports nothing.
    const images = [...bundle.images()];
    const folders = new Map(runs.map((r) => [r.id, planRerunFolder(bundle, r, images)]));
    const result = importBundleRuns(
      store,
      bundle,
      runs.map((r) => ({ id: r.id, record: { ...(r.record ?? { app: { name: "cascade-studio", version: appVersion }, runtime: { node: "", platform: "", arch: "" }, origin: "api" }), imported }, baseDir: dirOf(r.id) })),
    );
    const done = new Set(result.imported);
    return {
      format: bundle.format,
      appVersion,
      cacheRows: result.cacheRows,
      runs: runs.map((r) => ({
        id: r.id,
        label: r.label || r.pipelineName,
        imported: done.has(r.id),
        pipelineFile: done.has(r.id) ? writeRerunFolder(dirOf(r.id), folders.get(r.id)!) : join(dirOf(r.id), "pipeline.json"),
      })),
    };
  } finally {
    bundle.close();
  }
}

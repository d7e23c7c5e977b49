/**
 * The images a bundle carries (`cascade bundle --images`): every local image the runs' dataset rows name,
 * read from where the run found it (the dataset file's folder, then the run's base dir: engine/imageDirs.ts).
 * Data URIs are in the rows already; remote images stay URLs. A missing image is named, not skipped silently.
 */
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { imageDirs } from "../engine/imageDirs";
import { MAX_IMAGE_BYTES, sniffImageType } from "../engine/images";
import type { BundleImageWrite } from "../store/bundleWriter";
import { sha256Hex } from "../store/hash";
import type { Store } from "../store/store";
import { datasetNodeOf, imageColumnsOf, imageSourceOf, isLocalImageSource } from "./datasetNode";

export interface CollectedImages {
  images: BundleImageWrite[];
  /** Sources named by the rows that were not found (each with the run that names it). */
  missing: string[];
}

export function findImageFile(source: string, dirs: string[]): string | undefined {
  const candidates = isAbsolute(source) ? [source] : dirs.map((d) => resolve(d, source));
  return candidates.find((p) => statSync(p, { throwIfNoEntry: false })?.isFile());
}

export function collectImages(store: Store, runIds: readonly string[]): CollectedImages {
  const seen = new Map<string, BundleImageWrite>();
  const missing: string[] = [];
  for (const runId of runIds) {
    const meta = store.runMeta.docOf(runId);
    const node = meta && datasetNodeOf(meta.doc);
    if (!meta || !node) continue;
    const columns = imageColumnsOf(node);
    if (!columns.length) continue;
    const dirs = imageDirs(meta.doc, store.runMeta.baseDir(runId) ?? process.cwd());
    for (const row of store.runs.iterateResults(runId, node.id)) {
      for (const column of columns) {
        const source = imageSourceOf(row.output?.[column]);
        if (source === undefined || !isLocalImageSource(source) || seen.has(source)) continue;
        const file = findImageFile(source, dirs);
        if (!file || statSync(file).size > MAX_IMAGE_BYTES) {
          missing.push(`${source} (run ${runId}, item ${row.itemId})`);
          continue;
        }
        const bytes = readFileSync(file);
        seen.set(source, { source, sha256: sha256Hex(bytes), mime: sniffImageType(bytes), bytes });
      }
    }
  }
  return { images: [...seen.values()], missing };
}

/**
 * Where a run writes its files. By default relative output paths (an export's outPath) resolve against the
 * pipeline's folder, like datasets; a run can instead be given an output folder (the app does this for
 * pipelines whose folder is its own templates folder, which must never be written to). The document is not
 * rewritten: only the planned node's parsed config gets the absolute path, so the stored run keeps the
 * document as the user wrote it.
 */
import { isAbsolute, resolve } from "node:path";
import type { Plan } from "./plan";

/** Node kinds whose config names a file the run writes, and the config field that holds it. */
export const OUTPUT_PATH_FIELDS: Readonly<Record<string, string>> = Object.freeze({ export: "outPath" });

/** Points the relative output paths of the planned nodes into outputDir (absolute paths are left alone). */
export function placeOutputs(plan: Plan, outputDir: string): void {
  for (const pn of plan.order) {
    const field = OUTPUT_PATH_FIELDS[pn.node.kind];
    const path = field ? (pn.config as Record<string, unknown>)[field] : undefined;
    if (typeof path !== "string" || isAbsolute(path)) continue;
    pn.config = { ...pn.config, [field]: resolve(outputDir, path) };
  }
}

/**
 * What a pipeline needs from this machine that the document alone cannot tell: its dataset files exist, and
 * the models it calls that name an API key variable have a key (that variable set, or a key the app keeps).
 * Each missing thing is a Problem with the node or model and its path, so the app lists it in Problems (and
 * marks the node) before a run, `cascade validate` and `cascade run` print it, and a run does not turn it
 * into one error per item.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { getKind } from "../../shared/nodes/registry";
import type { Problem } from "../../shared/pipeline/problems";
import type { PipelineDoc } from "../../shared/pipeline/schema";

export interface EnvironmentOptions {
  /** The folder relative dataset paths resolve against. */
  baseDir: string;
  env: Record<string, string | undefined>;
  /** True when the app keeps a key for this model (the desktop app's encrypted store). */
  hasStoredKey?: (model: string) => Promise<boolean>;
  /** Who reads the advice: "app" (set it before starting the app) or "cli". */
  style?: "app" | "cli";
}

async function fileProblem(path: string, baseDir: string): Promise<string | null> {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  try {
    const s = await stat(full);
    return s.isFile() ? null : `the dataset file "${path}" is a folder, not a file (${full})`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return `the dataset file "${path}" does not exist (looked for ${full})`;
    return `the dataset file "${path}" cannot be read: ${code ?? (e as Error).message} (${full})`;
  }
}

export async function environmentProblems(doc: PipelineDoc, opts: EnvironmentOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const used = new Set<string>();
  for (const [i, node] of doc.nodes.entries()) {
    const kind = getKind(node.kind);
    if (!kind) continue;
    const parsed = kind.configSchema.safeParse(node.config);
    if (!parsed.success) continue; // validation reports it
    for (const ref of kind.modelRefs(parsed.data)) used.add(ref);
    for (const file of kind.datasetFiles(parsed.data)) {
      const message = await fileProblem(file.path, opts.baseDir);
      if (message) problems.push({ code: "missing-file", message, path: `nodes[${i}].config.${file.field}`, nodeId: node.id });
    }
  }
  const where = opts.style === "cli" ? "before running cascade" : "before starting the app (or cascade serve)";
  for (const name of [...used].sort()) {
    const model = doc.models[name];
    if (!model?.apiKeyEnv) continue;
    if (opts.env[model.apiKeyEnv]) continue;
    if (opts.hasStoredKey && (await opts.hasStoredKey(name))) continue;
    problems.push({
      code: "missing-key",
      message: `model "${name}" needs an API key: the environment variable ${model.apiKeyEnv} is not set. Set it ${where}, or clear the API key variable if this server needs no key`,
      path: `models.${name}.apiKeyEnv`,
    });
  }
  return problems;
}

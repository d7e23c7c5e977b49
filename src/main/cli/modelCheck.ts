/**
 * `cascade run`'s pre-flight: before a run is recorded, check that every model it uses has a server answering
 * (or, for the embedded engine, a GGUF file). When one does not, print one message that says what to do —
 * start a server, switch to the embedded engine with --set, or use a server found on this machine — and the
 * run is not started.
 */
import { buildPlan } from "../engine/plan";
import { discoverServers, type DiscoverOptions } from "../providers/discovery";
import { preflight, preflightAdvice, type PreflightOptions } from "../providers/preflight";
import type { PipelineDoc } from "../../shared/pipeline/schema";

export interface ModelCheckOptions extends PreflightOptions {
  discover?: DiscoverOptions;
}

/** The names of the models the run would call (all the document's when the plan cannot be built). */
function usedModels(doc: PipelineDoc): string[] {
  try {
    return buildPlan(doc).models;
  } catch {
    return Object.keys(doc.models); // startRun reports the pipeline's problems itself
  }
}

/** Null when every model answers; otherwise the message to print. */
export async function checkModelsAnswer(doc: PipelineDoc, opts: ModelCheckOptions): Promise<string | null> {
  const problems = await preflight(doc.models, usedModels(doc), opts);
  if (!problems.length) return null;
  const found = problems.some((p) => p.kind === "no-server") ? await discoverServers(opts.discover) : [];
  return preflightAdvice(problems, found);
}

/**
 * A run's pre-flight, shared by `cascade run` and the app (runs.start with `check`): before a run is recorded, check that
 * every model it uses has a server answering (or, for the embedded engine, a GGUF file) and, when the caller can
 * ask servers for their lists (the app), that the server has the model. When something is wrong, one message says
 * what to do — start a server, switch to the embedded engine, or use a server found on this machine — and the
 * caller decides: the CLI does not start the run (unless --no-check), the app offers "Run anyway".
 */
import { buildPlan } from "./plan";
import { discoverServers, type DiscoverOptions } from "../providers/discovery";
import { preflight, preflightAdvice, type AdviceStyle, type PreflightOptions, type PreflightProblem } from "../providers/preflight";
import type { PipelineDoc } from "../../shared/pipeline/schema";

export interface ModelCheckOptions extends PreflightOptions {
  discover?: DiscoverOptions;
  /** Whom the message speaks to (default "cli"). */
  style?: AdviceStyle;
}

export interface ModelCheck {
  problems: PreflightProblem[];
  /** Null when every model answers; otherwise the message to show. */
  message: string | null;
}

/** The names of the models the run would call (all the document's when the plan cannot be built). */
export function usedModels(doc: PipelineDoc, scope: { toNode?: string; fromNode?: string } = {}): string[] {
  try {
    return buildPlan(doc, scope).models;
  } catch {
    return Object.keys(doc.models); // startRun reports the pipeline's problems itself
  }
}

/** `models`: the names the run's plan calls (the app passes its plan's, so the doc is not planned again). */
export async function checkRunModels(doc: PipelineDoc, opts: ModelCheckOptions & { toNode?: string; fromNode?: string; models?: string[] }): Promise<ModelCheck> {
  const problems = await preflight(doc.models, opts.models ?? usedModels(doc, { toNode: opts.toNode, fromNode: opts.fromNode }), opts);
  if (!problems.length) return { problems, message: null };
  const found = problems.some((p) => p.kind === "no-server") ? await discoverServers(opts.discover) : [];
  return { problems, message: preflightAdvice(problems, found, opts.style) };
}

/** Null when every model answers; otherwise the message to print (`cascade run`). */
export async function checkModelsAnswer(doc: PipelineDoc, opts: ModelCheckOptions): Promise<string | null> {
  return (await checkRunModels(doc, opts)).message;
}

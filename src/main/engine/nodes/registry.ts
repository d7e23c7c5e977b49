/**
 * Executors by node kind. Add a kind: write ./<kind>.ts and list it here (its descriptor lives in
 * src/shared/nodes). The map is checked against the kinds: a kind without an executor, or an executor of
 * another mode than its kind's, fails the type check.
 */
import type { ConfigOf, KindName, ModeOf } from "../../../shared/nodes/registry";
import type { NodeKindDef } from "../../../shared/nodes/kind";
import { datasetExecutor } from "./dataset";
import { extractExecutor } from "./extract";
import { noteExecutor } from "./note";
import { promptExecutor } from "./prompt";
import { scoreExecutor } from "./score";
import { textExecutor } from "./text";
import type { AggregateExecutor, Executor, ExecutorOfMode, PerItemExecutor, SourceExecutor } from "./types";
import { judgeExecutor } from "./judge";
import { codeExecutor } from "./code";
import { filterExecutor } from "./filter";
import { mixExecutor } from "./mix";
import { exportExecutor } from "./export";
import { reviewExecutor } from "./review";

/** One executor per kind, of its kind's mode and config type. */
export type ExecutorRegistry = { [K in KindName]: ExecutorOfMode<ModeOf<K>, ConfigOf<K>> };

export const EXECUTORS = {
  dataset: datasetExecutor,
  text: textExecutor,
  prompt: promptExecutor,
  extract: extractExecutor,
  score: scoreExecutor,
  note: noteExecutor,
  judge: judgeExecutor,
  code: codeExecutor,
  filter: filterExecutor,
  mix: mixExecutor,
  export: exportExecutor,
  review: reviewExecutor,
} satisfies ExecutorRegistry;

export function executorFor(kind: string, extra?: ReadonlyMap<string, Executor>): Executor | undefined {
  return extra?.get(kind) ?? (EXECUTORS as Readonly<Record<string, Executor>>)[kind];
}

/** Why an executor does not fit its kind's mode (a plugin's, which the type checker did not see), or null. */
export function executorMismatch(def: NodeKindDef<any>, executor: Executor): string | null {
  const has = (name: string) => typeof (executor as Record<string, unknown>)[name] === "function";
  if (def.mode === "source" && !has("open")) return "a source executor needs open()";
  if ((def.mode === "per-item" || def.mode === "aggregate") && !has("run")) return `a ${def.mode} executor needs run()`;
  return null;
}

export type { AggregateExecutor, PerItemExecutor, SourceExecutor };

/** Executors by node kind. Add a kind: write ./<kind>.ts and list it here (its definition lives in src/shared/nodes). */
import { datasetExecutor } from "./dataset";
import { extractExecutor } from "./extract";
import { noteExecutor } from "./note";
import { promptExecutor } from "./prompt";
import { scoreExecutor } from "./score";
import { textExecutor } from "./text";
import type { Executor } from "./types";
import { judgeExecutor } from "./judge";
import { codeExecutor } from "./code";
import { filterExecutor } from "./filter";
import { mixExecutor } from "./mix";
import { exportExecutor } from "./export";
import { reviewExecutor } from "./review";

export const EXECUTORS: Readonly<Record<string, Executor>> = {
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
};

export function executorFor(kind: string, extra?: ReadonlyMap<string, Executor>): Executor | undefined {
  return extra?.get(kind) ?? EXECUTORS[kind];
}

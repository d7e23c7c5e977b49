/** Every node kind, by name. Add a kind: write ./kinds/<kind>.ts and list it here. */
import type { NodeKindDef } from "./kind";
import { datasetKind } from "./kinds/dataset";
import { extractKind } from "./kinds/extract";
import { noteKind } from "./kinds/note";
import { promptKind } from "./kinds/prompt";
import { scoreKind } from "./kinds/score";
import { textKind } from "./kinds/text";
import { judgeKind } from "./kinds/judge";
import { codeKind } from "./kinds/code";
import { filterKind } from "./kinds/filter";
import { reviewKind } from "./kinds/review";
import { mixKind } from "./kinds/mix";
import { exportKind } from "./kinds/export";

export const NODE_KINDS: readonly NodeKindDef<any>[] = [datasetKind, textKind, promptKind, extractKind, scoreKind, noteKind,
  judgeKind, codeKind, filterKind, reviewKind, mixKind, exportKind];

const byName = new Map(NODE_KINDS.map((k) => [k.kind, k]));

export function getKind(kind: string): NodeKindDef<any> | undefined {
  return byName.get(kind);
}

export function kindNames(): string[] {
  return NODE_KINDS.map((k) => k.kind);
}

/** Every node kind, by name. Add a kind: write ./kinds/<kind>.ts and list it here (docs/ARCHITECTURE.md). */
import type { NodeKindDef, NodeMode } from "./kind";
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

const KINDS = [datasetKind, textKind, promptKind, extractKind, scoreKind, noteKind, judgeKind, codeKind, filterKind, reviewKind, mixKind, exportKind] as const;

/** The descriptor of every kind, in palette order. */
export const NODE_KINDS: readonly NodeKindDef<any>[] = KINDS;

type AnyKind = (typeof KINDS)[number];
/** The name of a kind the app ships. */
export type KindName = AnyKind["kind"];
/** The descriptor of kind K (its config type, mode and form as literal types). */
export type KindOf<K extends KindName> = Extract<AnyKind, { kind: K }>;
export type ConfigOf<K extends KindName> = KindOf<K> extends NodeKindDef<infer C, any, any, any> ? C : never;
export type ModeOf<K extends KindName> = KindOf<K>["mode"];
/** The kinds that have a config form of their own (the renderer's CUSTOM_FORMS lists exactly these). */
export type CustomFormKind = Extract<AnyKind, { form: "custom" }>["kind"];
export type KindsOfMode<M extends NodeMode> = Extract<AnyKind, { mode: M }>["kind"];

const byName = new Map<string, NodeKindDef<any>>(NODE_KINDS.map((k) => [k.kind, k]));

export function getKind(kind: string): NodeKindDef<any> | undefined {
  return byName.get(kind);
}

export function kindNames(): string[] {
  return NODE_KINDS.map((k) => k.kind);
}

/** The canvas summary of a node (null when it has none, or when its half-typed config cannot be read). */
export function summaryOf(node: { kind: string; config: Record<string, unknown> }): string | null {
  try {
    return getKind(node.kind)?.summary(node.config) ?? null;
  } catch {
    return null;
  }
}

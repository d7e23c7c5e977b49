/**
 * Edits of the document's `experiment` section, as recipes for `editor().edit` (undoable like every edit).
 * Adding an axis takes the field's current value as its first value; the user adds the alternatives. An edit
 * that changes the number of axes or of an axis's values drops `combinations` (they index the old axes); an
 * empty experiment section is removed.
 */
import type { PipelineDoc } from "../../../shared/pipeline/schema";

type Experiment = NonNullable<PipelineDoc["experiment"]>;

export function hasAxis(doc: PipelineDoc, path: string): boolean {
  return !!doc.experiment?.axes.some((a) => a.path === path);
}

function tidy(doc: PipelineDoc, reshaped: boolean): void {
  const e = doc.experiment;
  if (!e) return;
  if (reshaped) delete e.combinations;
  if (e.axes.length === 0) delete doc.experiment;
}

/** The first value of a new axis: the field's value, or (unset) its empty text. */
function firstValue(value: unknown): unknown {
  return value === undefined ? "" : JSON.parse(JSON.stringify(value));
}

export function addAxis(doc: PipelineDoc, path: string, current: unknown): void {
  if (hasAxis(doc, path)) return;
  const e: Experiment = (doc.experiment ??= { axes: [] });
  e.axes.push({ path, values: [firstValue(current)] });
  tidy(doc, true);
}

export function removeAxis(doc: PipelineDoc, axis: number): void {
  doc.experiment?.axes.splice(axis, 1);
  tidy(doc, true);
}

/** A new value at the end of the axis: a copy of its last value, for the user to change. */
export function addValue(doc: PipelineDoc, axis: number): void {
  const a = doc.experiment?.axes[axis];
  if (!a?.values) return;
  a.values.push(firstValue(a.values[a.values.length - 1]));
  tidy(doc, true);
}

export function removeValue(doc: PipelineDoc, axis: number, value: number): void {
  const a = doc.experiment?.axes[axis];
  if (!a?.values || a.values.length <= 1) return;
  a.values.splice(value, 1);
  tidy(doc, true);
}

export function setValue(doc: PipelineDoc, axis: number, value: number, v: unknown): void {
  const a = doc.experiment?.axes[axis];
  if (a?.values && value < a.values.length) a.values[value] = v;
}

export function setCap(doc: PipelineDoc, key: "maxCalls" | "maxCostUsd", v: number | undefined): void {
  const e = doc.experiment;
  if (!e) return;
  if (v === undefined) delete e[key];
  else e[key] = v;
}

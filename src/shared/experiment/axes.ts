/**
 * An experiment's axes before and after their files are read: `--axis PATH=V1,V2` on the command line
 * (`@file` names a file whose text is the value) or the document's `experiment.axes`. Pure: the Node side
 * reads the files and hands back their text (src/main/experiment/readAxes.ts).
 */
import type { Experiment } from "./schema";

/** One position on an axis: a value given inline, or a file whose text is the value. */
export type AxisEntry = { value: unknown } | { file: string };

export interface AxisSpec {
  path: string;
  entries: AxisEntry[];
  /** Where the axis was given, for errors: "--axis models.reasoner.model=A,B" or "experiment.axes[0]". */
  origin: string;
}

/** A value of an axis with the short text that stands for it in tables ("A", "@v1.txt", "0.2"). */
export interface AxisValue {
  label: string;
  value: unknown;
}

export interface ResolvedAxis {
  path: string;
  origin: string;
  values: AxisValue[];
}

/** An error in an experiment's definition; the message names the axis (or cell) it concerns. */
export class ExperimentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExperimentError";
  }
}

/** A value as --set reads it: JSON when it parses, else the text itself. */
function setValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Parses "PATH=V1,V2[,…]": values split at commas, each read as --set reads a value; "@name" is a file.
 * A value with a comma in it belongs in a file or in the document's experiment section.
 */
export function parseAxisArgument(arg: string): AxisSpec {
  const origin = `--axis ${arg}`;
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new ExperimentError(`${origin}: needs PATH=V1,V2[,…]`);
  const path = arg.slice(0, eq).trim();
  const parts = arg.slice(eq + 1).split(",");
  if (parts.length === 1 && parts[0].trim() === "") throw new ExperimentError(`${origin}: no values after "="`);
  const empty = parts.findIndex((p) => p.trim() === "");
  if (empty >= 0) throw new ExperimentError(`${origin}: value ${empty + 1} of ${parts.length} is empty`);
  const entries = parts.map((p): AxisEntry => (p.startsWith("@") ? { file: p.slice(1) } : { value: setValue(p) }));
  const noName = entries.findIndex((e) => "file" in e && e.file.trim() === "");
  if (noName >= 0) throw new ExperimentError(`${origin}: value ${noName + 1} is "@" without a file name`);
  return { path, entries, origin };
}

/** The document's axes as specs (files named relative to the pipeline's folder). */
export function axesOfExperiment(experiment: Experiment): AxisSpec[] {
  return experiment.axes.map((a, i) => ({
    path: a.path,
    origin: `experiment.axes[${i}] (${a.path})`,
    entries: a.files ? a.files.map((file) => ({ file })) : (a.values ?? []).map((value) => ({ value })),
  }));
}

/** The short text of an inline value: a string as it is (cut at 40 characters), anything else as JSON. */
export function valueLabel(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

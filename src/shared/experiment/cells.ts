/**
 * The cells of an experiment: the cross product of its axes' values (or the listed combinations), each a
 * pipeline document with those values set by path (../pipeline/setPath.ts), validated. An axis whose path
 * does not reach into the pipeline, or one of whose values makes the pipeline invalid, is an error that
 * names the axis; nothing runs.
 */
import { formatProblem } from "../pipeline/problems";
import type { PipelineDoc } from "../pipeline/schema";
import { parseSetPath, setPath, type PathSegment } from "../pipeline/setPath";
import { parsePipeline } from "../pipeline/validate";
import { ExperimentError, type ResolvedAxis } from "./axes";

export interface CellValue {
  path: string;
  label: string;
}

export interface Cell {
  /** Position in the definition order (0-based); tables show it as c1, c2, … */
  index: number;
  /** The value of each axis, in axis order. */
  values: CellValue[];
  /** The cell's pipeline: the base document with the values set, without its experiment section. */
  doc: PipelineDoc;
}

/** The most cells one experiment may have (each is a run of the whole dataset). */
export const MAX_CELLS = 1000;

export const cellName = (index: number): string => `c${index + 1}`;

export function cellText(cell: Pick<Cell, "values">): string {
  return cell.values.map((v) => `${v.path}=${v.label}`).join(" · ");
}

function describe(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

function idsOf(list: unknown[]): string {
  const ids = list.map((el) => (el && typeof el === "object" ? (el as { id?: unknown }).id : undefined)).filter((id) => typeof id === "string");
  return ids.length ? ` (ids: ${ids.join(", ")})` : "";
}

/**
 * Why the path does not reach into the document, or null: a list element (by id or index) and a model (by
 * name) must exist; a missing field below them is created, and the validation of the values then refuses a
 * field the format does not have.
 */
export function pathProblem(doc: unknown, path: string): string | null {
  let segments: PathSegment[];
  try {
    segments = parseSetPath(path);
  } catch (e) {
    return (e as Error).message;
  }
  let node: unknown = doc;
  for (let depth = 0; depth < segments.length; depth++) {
    if (node === undefined) return null;
    const seg = segments[depth];
    const here = describe(segments.slice(0, depth + 1));
    if (Array.isArray(node)) {
      const index = typeof seg === "number" ? seg : node.findIndex((el) => el !== null && typeof el === "object" && (el as { id?: unknown }).id === seg);
      if (index < 0 || index >= node.length) return `the pipeline has no ${here}${idsOf(node)}`;
      node = node[index];
      continue;
    }
    if (node === null || typeof node !== "object") return `${describe(segments.slice(0, depth))} is not an object`;
    if (typeof seg === "number") return `${describe(segments.slice(0, depth))} is an object, not a list`;
    const obj = node as Record<string, unknown>;
    const mustExist = depth === 0 ? segments.length > 1 && !["settings", "description", "groups"].includes(seg) : depth === 1 && segments[0] === "models" && segments.length > 2;
    if (mustExist && !Object.hasOwn(obj, seg)) {
      const known = Object.keys(obj);
      return `the pipeline has no ${here}${known.length ? ` (there are: ${known.join(", ")})` : ""}`;
    }
    node = obj[seg];
  }
  return null;
}

function validated(raw: unknown, what: string): PipelineDoc {
  const parsed = parsePipeline(raw);
  if (parsed.doc && parsed.problems.length === 0) return parsed.doc;
  const lines = parsed.problems.slice(0, 5).map((p) => `  ${formatProblem(p)}`);
  const more = parsed.problems.length > 5 ? [`  … and ${parsed.problems.length - 5} more`] : [];
  throw new ExperimentError([`${what} makes the pipeline invalid:`, ...lines, ...more].join("\n"));
}

/** Checks each axis on its own against the base document: a path that reaches in, and values that validate. */
export function checkAxes(base: unknown, axes: readonly ResolvedAxis[]): void {
  if (axes.length === 0) throw new ExperimentError("the experiment has no axis (give --axis PATH=V1,V2 or an experiment section)");
  const seen = new Map<string, string>();
  for (const axis of axes) {
    if (axis.values.length === 0) throw new ExperimentError(`${axis.origin}: the axis has no values`);
    const problem = pathProblem(base, axis.path);
    if (problem) throw new ExperimentError(`${axis.origin}: ${problem}`);
    const key = describe(parseSetPath(axis.path));
    const other = seen.get(key);
    if (other) throw new ExperimentError(`${axis.origin}: the path is also the axis ${other}`);
    seen.set(key, axis.origin);
    for (const v of axis.values) validated(setPath(base, axis.path, v.value), `${axis.origin}: the value ${v.label}`);
  }
}

/** Value indices of every cell: the listed combinations, else the cross product (the first axis varies slowest). */
export function cellIndices(sizes: readonly number[], combinations?: readonly (readonly number[])[]): number[][] {
  if (combinations) {
    return combinations.map((combo, c) => {
      if (combo.length !== sizes.length) throw new ExperimentError(`experiment.combinations[${c}]: has ${combo.length} indices, the experiment has ${sizes.length} axes`);
      combo.forEach((v, a) => {
        if (!Number.isInteger(v) || v < 0 || v >= sizes[a]) throw new ExperimentError(`experiment.combinations[${c}][${a}]: index ${v}, but axis ${a + 1} has ${sizes[a]} values (0 to ${sizes[a] - 1})`);
      });
      return [...combo];
    });
  }
  const total = sizes.reduce((n, s) => n * s, 1);
  if (total > MAX_CELLS) throw new ExperimentError(`the axes make ${total} cells (${sizes.join(" × ")}); at most ${MAX_CELLS}`);
  let out: number[][] = [[]];
  for (const size of sizes) out = out.flatMap((prefix) => Array.from({ length: size }, (_, v) => [...prefix, v]));
  return out;
}

/** The cells, in definition order, each validated (an invalid one names its values). */
export function expandCells(base: unknown, axes: readonly ResolvedAxis[], combinations?: readonly (readonly number[])[]): Cell[] {
  checkAxes(base, axes);
  const stripped = base !== null && typeof base === "object" ? { ...(base as Record<string, unknown>), experiment: undefined } : base;
  return cellIndices(axes.map((a) => a.values.length), combinations).map((indices, index) => {
    let raw: unknown = stripped;
    indices.forEach((v, a) => (raw = setPath(raw, axes[a].path, axes[a].values[v].value)));
    const values = indices.map((v, a) => ({ path: axes[a].path, label: axes[a].values[v].label }));
    const doc = validated(JSON.parse(JSON.stringify(raw)), `cell ${cellName(index)} (${cellText({ values })})`);
    return { index, values, doc };
  });
}

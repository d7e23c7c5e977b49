/**
 * Samples along edges: an input holding a Samples value on a "map" edge (the default) makes the node run once
 * per sample, its outputs becoming Samples; a "whole" edge passes the list as one value.
 */
import { isSamples, type Samples, type Value } from "../../shared/values";

export interface EdgeInput {
  port: string;
  value: Value;
  mode: "map" | "whole";
  /** "node.port" the value came from, for messages. */
  from: string;
}

/** The input sets to run the node on: one per sample when some input is mapped, else null (run once). */
export function expandSamples(inputs: EdgeInput[]): Record<string, Value>[] | null {
  const mapped = inputs.filter((i) => i.mode === "map" && isSamples(i.value));
  if (mapped.length === 0) return null;
  const lengths = mapped.map((i) => (i.value as Samples).values.length);
  if (new Set(lengths).size > 1) {
    throw new Error(`mapped inputs have different numbers of samples: ${mapped.map((m, k) => `${m.from} (${lengths[k]})`).join(", ")}`);
  }
  const n = lengths[0];
  return Array.from({ length: n }, (_, k) => {
    const set: Record<string, Value> = {};
    for (const i of inputs) set[i.port] = i.mode === "map" && isSamples(i.value) ? i.value.values[k] : i.value;
    return set;
  });
}

/** Outputs of the per-sample runs, port by port, as Samples values. */
export function combineSamples(outputs: Record<string, Value>[]): Record<string, Value> {
  const ports = new Set(outputs.flatMap((o) => Object.keys(o)));
  const out: Record<string, Value> = {};
  for (const port of ports) out[port] = { kind: "samples", values: outputs.map((o) => o[port] ?? null) };
  return out;
}

export function plainInputs(inputs: EdgeInput[]): Record<string, Value> {
  return Object.fromEntries(inputs.map((i) => [i.port, i.value]));
}

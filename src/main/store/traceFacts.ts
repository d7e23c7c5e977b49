/**
 * A stored trace in two parts (migration 9): its content, which a re-run of the same item repeats word for word
 * and which is kept once in `contents`, and the facts of this run's calls — whether each came from the cache,
 * how long it took, how often it was retried, why the model stopped — kept in the trace row (`trace_rows.calls`). The content keeps
 * those keys in their place with a neutral value (false, 0, 0) and leaves the stop reason out, so joining the
 * two gives back the exact text that was written (same keys, same order, same numbers).
 */

/**
 * Per call: [cached, latencyMs, retries], and its stop reason when it had one (a reply from the cache has none:
 * the cache keeps no stop reason); null where the call had no such key.
 */
export type CallFacts = ([boolean | null, number | null, number | null] | [boolean | null, number | null, number | null, string])[];

interface FactCall {
  cached?: boolean;
  latencyMs?: number;
  retries?: number;
  stopReason?: string;
}

/** The call with its stop reason put back where storedCall (traceFormat.ts) writes it: before `truncated`, else last. */
function withStopReason(call: FactCall, stopReason: string): FactCall {
  if (!("truncated" in call)) return Object.assign(call, { stopReason });
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(call)) {
    if (k === "truncated") out.stopReason = stopReason;
    out[k] = v;
  }
  return out as FactCall;
}

/** The content of a trace (JSON text) and the facts of its calls (JSON text, null when it has no calls). */
export function splitTrace(traceJson: string): { content: string; facts: string | null } {
  const trace = JSON.parse(traceJson) as { calls?: FactCall[] };
  if (!Array.isArray(trace.calls) || trace.calls.length === 0) return { content: traceJson, facts: null };
  const facts: CallFacts = trace.calls.map((c) => {
    const stopReason = c.stopReason;
    delete c.stopReason;
    const base = [c.cached ?? null, c.latencyMs ?? null, c.retries ?? null] as const;
    const fact: CallFacts[number] = stopReason === undefined ? [...base] : [...base, stopReason];
    if (c.cached !== undefined) c.cached = false;
    if (c.latencyMs !== undefined) c.latencyMs = 0;
    if (c.retries !== undefined) c.retries = 0;
    return fact;
  });
  return { content: JSON.stringify(trace), facts: JSON.stringify(facts) };
}

/** The trace text that `splitTrace` split. */
export function mergeTrace(content: string, facts: string | null): string {
  if (facts === null) return content;
  const trace = JSON.parse(content) as { calls?: FactCall[] };
  const list = JSON.parse(facts) as CallFacts;
  trace.calls = trace.calls?.map((c, i) => {
    const [cached, latencyMs, retries, stopReason] = list[i] ?? [null, null, null];
    if (cached !== null) c.cached = cached;
    if (latencyMs !== null) c.latencyMs = latencyMs;
    if (retries !== null) c.retries = retries;
    return stopReason === undefined ? c : withStopReason(c, stopReason);
  });
  return JSON.stringify(trace);
}

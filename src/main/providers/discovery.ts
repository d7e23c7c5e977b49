/**
 * Finds model servers running on this machine: each candidate (by default Ollama on 11434, a llama.cpp server
 * on 8080, vLLM on 8000 and LM Studio on 1234, all on 127.0.0.1) is asked for its model list with a short time
 * limit, all at once. Nothing answering is not an error: the list is just shorter. Tests inject candidates on
 * random ports.
 */
import type { ProviderKind } from "../../shared/pipeline/schema";

export interface ServerCandidate {
  /** What the server usually is, for people: "Ollama", "vLLM", ... */
  name: string;
  /** The provider kind that talks to it. */
  provider: Extract<ProviderKind, "ollama" | "openai">;
  /** The base URL a model config would use. */
  baseUrl: string;
}

export interface FoundServer extends ServerCandidate {
  models: string[];
  latencyMs: number;
}

export const DEFAULT_LOCAL_SERVERS: readonly ServerCandidate[] = Object.freeze([
  { name: "Ollama", provider: "ollama", baseUrl: "http://127.0.0.1:11434" },
  { name: "llama.cpp server", provider: "openai", baseUrl: "http://127.0.0.1:8080/v1" },
  { name: "vLLM", provider: "openai", baseUrl: "http://127.0.0.1:8000/v1" },
  { name: "LM Studio", provider: "openai", baseUrl: "http://127.0.0.1:1234/v1" },
]);

/** Default time limit of one probe. Local servers answer a model list in milliseconds. */
export const DISCOVERY_TIMEOUT_MS = 800;

/** Candidates for extra ports (e.g. `cascade models --port 9000`): Ollama's native API, then OpenAI-compatible. */
export function candidatesOnPorts(ports: number[], host = "127.0.0.1"): ServerCandidate[] {
  return ports.flatMap((port) => [
    { name: `Ollama on port ${port}`, provider: "ollama" as const, baseUrl: `http://${host}:${port}` },
    { name: `OpenAI-compatible server on port ${port}`, provider: "openai" as const, baseUrl: `http://${host}:${port}/v1` },
  ]);
}

function listUrl(c: ServerCandidate): string {
  const base = c.baseUrl.replace(/\/+$/, "");
  return c.provider === "ollama" ? `${base}/api/tags` : `${base}/models`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Model names from a list reply, or null when the body is not the candidate's kind of list. */
export function modelsFromList(provider: ServerCandidate["provider"], body: unknown): string[] | null {
  if (!isObject(body)) return null;
  if (provider === "ollama") {
    if (!Array.isArray(body.models)) return null;
    return body.models.filter(isObject).flatMap((m) => (typeof m.name === "string" ? [m.name] : typeof m.model === "string" ? [m.model] : []));
  }
  if (!Array.isArray(body.data)) return null;
  return body.data.filter(isObject).flatMap((m) => (typeof m.id === "string" ? [m.id] : []));
}

export interface DiscoverOptions {
  candidates?: readonly ServerCandidate[];
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

async function probe(c: ServerCandidate, opts: Required<Pick<DiscoverOptions, "timeoutMs" | "fetch">> & { signal?: AbortSignal }): Promise<FoundServer | null> {
  const started = Date.now();
  const signals = [AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : [])];
  try {
    const res = await opts.fetch(listUrl(c), { headers: { accept: "application/json" }, signal: AbortSignal.any(signals) });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    const models = modelsFromList(c.provider, await res.json());
    return models ? { ...c, models, latencyMs: Date.now() - started } : null;
  } catch {
    return null; // refused, timed out, not JSON: nothing usable there
  }
}

/**
 * The candidates that answer with a model list, in candidate order. When two candidates share a port (see
 * candidatesOnPorts), only the first that answers is kept.
 */
export async function discoverServers(opts: DiscoverOptions = {}): Promise<FoundServer[]> {
  const candidates = opts.candidates ?? DEFAULT_LOCAL_SERVERS;
  const fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const results = await Promise.all(candidates.map((c) => probe(c, { timeoutMs: opts.timeoutMs ?? DISCOVERY_TIMEOUT_MS, fetch: fetchFn, signal: opts.signal })));
  const seenHosts = new Set<string>();
  const found: FoundServer[] = [];
  for (const r of results) {
    if (!r) continue;
    const host = /^[a-z]+:\/\/[^/]+/i.exec(r.baseUrl)?.[0] ?? r.baseUrl;
    if (seenHosts.has(host)) continue;
    seenHosts.add(host);
    found.push(r);
  }
  return found;
}

/** One line per server: "Ollama at http://127.0.0.1:11434: llava:7b, llama3.2:1b". */
export function describeServers(found: readonly FoundServer[], maxModels = 6): string[] {
  return found.map((s) => {
    const shown = s.models.slice(0, maxModels).join(", ");
    const more = s.models.length > maxModels ? ` and ${s.models.length - maxModels} more` : "";
    return `${s.name} at ${s.baseUrl}: ${s.models.length ? shown + more : "no models loaded"}`;
  });
}

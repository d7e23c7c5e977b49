/**
 * How a result's trace is stored (result_traces.trace, JSON): the node's input values once, each distinct
 * message list once (the samples of a prompt send the same messages), and the calls pointing at them.
 * What the result row already holds is not repeated: a message list that begins the conversation the node
 * outputs is stored as a reference into that output (with the reply, when it follows there), and the cache
 * key of the row's call is left out. Traces written before these references existed read back unchanged.
 * Images are ImageRefs (source, hash, mime); a data-URI source is replaced by its hash, so no image bytes
 * are ever stored in a trace.
 */
import type { CallTrace } from "../../shared/events";
import { isConversation, isImageRef, isSamples, type ChatMessage, type Conversation, type ImageRef, type Value } from "../../shared/values";

/** A call without its messages (`m` indexes `messages`); `reply` and `cacheKey` are absent when the row holds them. */
export type StoredCall = Omit<CallTrace, "messages" | "reply" | "cacheKey"> & { m: number; reply?: string; cacheKey?: string };

/** A message list kept in the node's output: the first `length` messages of the conversation at port `output`. */
export interface OutputRef {
  output: string;
  /** The sample, when the port holds samples of conversations. */
  sample?: number;
  length: number;
}

export interface StoredTrace {
  inputs?: Record<string, Value>;
  /** Conversation inputs stored as the first `length` messages of `messages[m]` (a continued chat repeats them). */
  inputRefs?: Record<string, { m: number; length: number }>;
  /** Message lists, each stored, or a reference into the output. */
  messages?: (ChatMessage[] | OutputRef)[];
  calls?: StoredCall[];
}

/** What the result row holds beside the trace (what the trace may point into). */
export interface TraceRow {
  output: Record<string, Value> | null;
  cacheKey?: string;
}

/** A data-URI source as its hash (found on the calls' images when the ref itself has none). */
function withoutImageBytes(img: ImageRef, hashes: Map<string, ImageRef>): ImageRef {
  if (!img.source.startsWith("data:")) return img;
  const known = img.hash ? img : hashes.get(img.source);
  const mime = known?.mime ?? img.mime ?? "image";
  return { ...img, source: known?.hash ? `data:${mime};sha256,${known.hash}` : `data:${mime};elided,${img.source.length}-chars` };
}

function cleanMessages(messages: ChatMessage[], hashes: Map<string, ImageRef>): ChatMessage[] {
  if (!messages.some((m) => m.images?.some((i) => i.source.startsWith("data:")))) return messages;
  return messages.map((m) => (m.images?.length ? { ...m, images: m.images.map((i) => withoutImageBytes(i, hashes)) } : m));
}

function cleanValue(v: Value, hashes: Map<string, ImageRef>): Value {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => cleanValue(x, hashes));
  if (isImageRef(v)) return withoutImageBytes(v, hashes);
  if (isConversation(v)) return { kind: "conversation", messages: cleanMessages(v.messages, hashes) };
  if (isSamples(v)) return { kind: "samples", values: v.values.map((x) => cleanValue(x, hashes)) };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanValue(x as Value, hashes)]));
}

/** True when some image among the values is a data URI. */
function hasDataImage(v: Value): boolean {
  if (v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some(hasDataImage);
  if (isImageRef(v)) return v.source.startsWith("data:");
  if (isConversation(v)) return v.messages.some((m) => m.images?.some((i) => i.source.startsWith("data:")) ?? false);
  if (isSamples(v)) return v.values.some(hasDataImage);
  return Object.values(v).some((x) => hasDataImage(x as Value));
}

/** The conversations of an output, with where each is. */
function outputConversations(output: Record<string, Value> | null | undefined): { ref: Omit<OutputRef, "length">; conv: Conversation }[] {
  const found: { ref: Omit<OutputRef, "length">; conv: Conversation }[] = [];
  for (const [port, v] of Object.entries(output ?? {})) {
    if (isConversation(v)) found.push({ ref: { output: port }, conv: v });
    else if (isSamples(v)) v.values.forEach((x, sample) => isConversation(x) && found.push({ ref: { output: port, sample }, conv: x }));
  }
  return found;
}

/** The conversation an output reference points at. */
function referenced(ref: OutputRef, output: Record<string, Value> | null): Conversation | undefined {
  const v = output?.[ref.output];
  const conv = ref.sample !== undefined && isSamples(v) ? v.values[ref.sample] : v;
  return isConversation(conv) ? conv : undefined;
}

/** True when `list` is the beginning of `conv` (the same message objects: the node built one from the other). */
function begins(conv: Conversation, list: ChatMessage[]): boolean {
  if (conv.messages.length < list.length) return false;
  for (let i = 0; i < list.length; i++) if (conv.messages[i] !== list[i]) return false;
  return true;
}

/** The message lists that begin a conversation of the output become references to it (and their replies, when they follow). */
function referToOutput(trace: StoredTrace, output: Record<string, Value> | null | undefined): void {
  const convs = outputConversations(output);
  if (convs.length === 0 || !trace.messages) return;
  trace.messages.forEach((list, m) => {
    if (!Array.isArray(list)) return;
    // A sample's own conversation first: the samples of a prompt send the same messages.
    const sample = trace.calls?.find((c) => c.m === m)?.sample;
    const hit = convs.find((c) => c.ref.sample === sample && begins(c.conv, list)) ?? convs.find((c) => begins(c.conv, list));
    if (!hit) return;
    trace.messages![m] = { ...hit.ref, length: list.length };
    for (const call of trace.calls ?? []) {
      if (call.m !== m || call.error !== undefined) continue;
      const next = hit.conv.messages[list.length];
      if (next?.role === "assistant" && next.content === call.reply && (hit.ref.sample === undefined || hit.ref.sample === call.sample)) delete call.reply;
    }
  });
}

export interface PackInput {
  inputs?: Record<string, Value>;
  calls: readonly CallTrace[];
  /** The node's output and the row's cache key: what the trace need not repeat. */
  row?: TraceRow;
}

/** The stored form of a node's inputs and calls; undefined when there is nothing to keep. */
export function packTrace({ inputs, calls, row }: PackInput): StoredTrace | undefined {
  const hasInputs = inputs !== undefined && Object.keys(inputs).length > 0;
  if (!hasInputs && calls.length === 0) return undefined;
  const trace: StoredTrace = {};
  const hashes = imageHashes(calls);
  if (hasInputs) trace.inputs = hasDataImage(inputs) ? (cleanValue(inputs, hashes) as Record<string, Value>) : inputs;
  if (calls.length) {
    const { lists, index } = distinctLists(calls);
    const cleaned = lists.map((list) => (hasDataMessages(list) ? cleanMessages(list, hashes) : list));
    trace.calls = calls.map((call, i) => storedCall(call, index[i], call.cacheKey !== row?.cacheKey));
    trace.messages = cleaned;
    if (trace.inputs) shareConversationInputs(trace, cleaned);
    // Lists holding data-URI images were cleaned (copied), so they never match the output: they stay stored.
    referToOutput(trace, row?.output);
  }
  return trace;
}

/** The hashed images of the calls' messages by source (to replace data URIs by their hashes). */
function imageHashes(calls: readonly CallTrace[]): Map<string, ImageRef> {
  const hashes = new Map<string, ImageRef>();
  for (const c of calls) for (const m of c.messages) if (m.images) for (const img of m.images) if (img.hash) hashes.set(img.source, img);
  return hashes;
}

/** The distinct message lists of the calls (the samples of a prompt send the same one) and each call's index among them. */
function distinctLists(calls: readonly CallTrace[]): { lists: ChatMessage[][]; index: number[] } {
  if (calls.length === 1) return { lists: [calls[0].messages], index: [0] };
  const lists: ChatMessage[][] = [];
  const index: number[] = [];
  const byRef = new Map<ChatMessage[], number>();
  const byText = new Map<string, number>();
  for (const c of calls) {
    let m = byRef.get(c.messages);
    if (m === undefined) {
      const text = JSON.stringify(c.messages);
      m = byText.get(text);
      if (m === undefined) {
        m = lists.push(c.messages) - 1;
        byText.set(text, m);
      }
      byRef.set(c.messages, m);
    }
    index.push(m);
  }
  return { lists, index };
}

/** A call as stored: its messages by index, its cache key only when the row does not hold it. */
function storedCall(c: CallTrace, m: number, withKey: boolean): StoredCall {
  const s: StoredCall = {
    provider: c.provider,
    model: c.model,
    modelName: c.modelName,
    params: c.params,
    sample: c.sample,
    reply: c.reply,
    cached: c.cached,
    latencyMs: c.latencyMs,
    retries: c.retries,
    usage: c.usage,
    m,
  };
  if (withKey) s.cacheKey = c.cacheKey;
  if (c.error !== undefined) s.error = c.error;
  if (c.stopReason !== undefined) s.stopReason = c.stopReason;
  if (c.truncated) s.truncated = true;
  return s;
}

function hasDataMessages(messages: ChatMessage[]): boolean {
  return messages.some((x) => x.images?.some((i) => i.source.startsWith("data:")) ?? false);
}

/** A conversation input that a call continues is stored once, as a prefix of that call's messages. */
function shareConversationInputs(trace: StoredTrace, lists: ChatMessage[][]): void {
  for (const [port, v] of Object.entries(trace.inputs!)) {
    if (!isConversation(v) || v.messages.length === 0) continue;
    const m = lists.findIndex((list) => list.length > v.messages.length && v.messages.every((msg, i) => list[i] === msg));
    if (m === -1) continue;
    const { [port]: _shared, ...rest } = trace.inputs!;
    trace.inputs = rest;
    (trace.inputRefs ??= {})[port] = { m, length: v.messages.length };
  }
}

/** The message lists of a stored trace, references into the output resolved. */
function messageLists(trace: StoredTrace, row: TraceRow): ChatMessage[][] {
  return (trace.messages ?? []).map((list) => (Array.isArray(list) ? list : (referenced(list, row.output)?.messages.slice(0, list.length) ?? [])));
}

/** The node's input values of a stored trace, with shared conversations filled back in. */
export function unpackInputs(trace: StoredTrace | undefined, row: TraceRow): Record<string, Value> | undefined {
  if (!trace?.inputs && !trace?.inputRefs) return undefined;
  const inputs: Record<string, Value> = { ...(trace.inputs ?? {}) };
  const lists = trace.inputRefs ? messageLists(trace, row) : [];
  for (const [port, ref] of Object.entries(trace.inputRefs ?? {})) {
    inputs[port] = { kind: "conversation", messages: (lists[ref.m] ?? []).slice(0, ref.length) };
  }
  return inputs;
}

/** The calls of a stored trace with their messages, replies and cache keys filled back in from the row. */
export function unpackCalls(trace: StoredTrace | undefined, row: TraceRow): CallTrace[] {
  if (!trace?.calls) return [];
  const lists = messageLists(trace, row);
  return trace.calls.map(({ m, reply, cacheKey, ...rest }) => {
    const stored = trace.messages?.[m];
    const ref = stored && !Array.isArray(stored) ? stored : undefined;
    const text = reply ?? (ref ? (referenced(ref, row.output)?.messages[ref.length]?.content ?? "") : "");
    return { ...rest, messages: lists[m] ?? [], reply: text, cacheKey: cacheKey ?? row.cacheKey ?? "" };
  });
}

/**
 * How a result's trace is stored (result_traces.trace, JSON): the node's input values once, each distinct
 * message list once (the samples of a prompt send the same messages), and the calls pointing at them.
 * Images are ImageRefs (source, hash, mime); a data-URI source is replaced by its hash, so no image bytes
 * are ever stored in a trace.
 */
import type { CallTrace } from "../../shared/events";
import { isConversation, isImageRef, isSamples, type ChatMessage, type ImageRef, type Value } from "../../shared/values";

export type StoredCall = Omit<CallTrace, "messages"> & { m: number };

export interface StoredTrace {
  inputs?: Record<string, Value>;
  /** Conversation inputs stored as the first `length` messages of `messages[m]` (a continued chat repeats them). */
  inputRefs?: Record<string, { m: number; length: number }>;
  messages?: ChatMessage[][];
  calls?: StoredCall[];
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

/** True when the JSON text holds a data URI (the common case has none: nothing is copied). */
function hasDataUri(text: string): boolean {
  return text.includes('"data:');
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

/** The stored form of a node's inputs and calls; undefined when there is nothing to keep. */
export function packTrace(inputs: Record<string, Value> | undefined, calls: readonly CallTrace[]): StoredTrace | undefined {
  const hasInputs = inputs !== undefined && Object.keys(inputs).length > 0;
  if (!hasInputs && calls.length === 0) return undefined;
  const trace: StoredTrace = {};
  const hashes = new Map<string, ImageRef>();
  for (const c of calls) for (const m of c.messages) for (const img of m.images ?? []) if (img.hash) hashes.set(img.source, img);
  if (hasInputs) trace.inputs = hasDataImage(inputs) ? (cleanValue(inputs, hashes) as Record<string, Value>) : inputs;
  if (calls.length) {
    const lists: ChatMessage[][] = [];
    const seen = new Map<unknown, number>();
    const texts = new Map<string, number>();
    const hasDataMessages = (messages: ChatMessage[]) => messages.some((x) => x.images?.some((i) => i.source.startsWith("data:")) ?? false);
    trace.calls = calls.map(({ messages, ...rest }) => {
      let m = seen.get(messages);
      if (m === undefined && calls.length === 1) {
        // One call (the common case): nothing to share, so no need to compare texts.
        m = lists.push(hasDataMessages(messages) ? cleanMessages(messages, hashes) : messages) - 1;
        seen.set(messages, m);
      }
      if (m === undefined) {
        const text = JSON.stringify(messages);
        m = texts.get(text);
        if (m === undefined) {
          m = lists.push(hasDataUri(text) ? cleanMessages(messages, hashes) : messages) - 1;
          texts.set(text, m);
        }
        seen.set(messages, m);
      }
      return { ...rest, m };
    });
    trace.messages = lists;
    if (trace.inputs) shareConversationInputs(trace, lists);
  }
  return trace;
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

/** The node's input values of a stored trace, with shared conversations filled back in. */
export function unpackInputs(trace: StoredTrace | undefined): Record<string, Value> | undefined {
  if (!trace?.inputs && !trace?.inputRefs) return undefined;
  const inputs: Record<string, Value> = { ...(trace.inputs ?? {}) };
  for (const [port, ref] of Object.entries(trace.inputRefs ?? {})) {
    inputs[port] = { kind: "conversation", messages: (trace.messages?.[ref.m] ?? []).slice(0, ref.length) };
  }
  return inputs;
}

/** The calls of a stored trace with their messages filled back in. */
export function unpackCalls(trace: StoredTrace | undefined): CallTrace[] {
  if (!trace?.calls) return [];
  return trace.calls.map(({ m, ...rest }) => ({ ...rest, messages: trace.messages?.[m] ?? [] }));
}

/**
 * Drafts of the editable fields a reviewer changes: a text stays text, a chat's assistant turns become texts
 * (the other turns stay as they were), samples of texts (taken whole) one text per sample, anything else is
 * edited as JSON. `applyDraft` turns a draft back into
 * the value, or says which field is not valid JSON.
 */
import { isConversation, isSamples, type Conversation, type Value } from "../../../shared/values";

export type Draft =
  | { kind: "text"; text: string }
  | { kind: "chat"; base: Conversation; texts: Record<number, string> }
  | { kind: "samples"; texts: string[] }
  | { kind: "json"; text: string };

export function draftOf(value: Value): Draft {
  if (typeof value === "string") return { kind: "text", text: value };
  if (isConversation(value)) {
    const texts: Record<number, string> = {};
    value.messages.forEach((m, i) => m.role === "assistant" && (texts[i] = m.content));
    return { kind: "chat", base: value, texts };
  }
  if (isSamples(value) && value.values.every((v) => typeof v === "string")) return { kind: "samples", texts: value.values as string[] };
  return { kind: "json", text: JSON.stringify(value ?? null, null, 2) };
}

export function applyDraft(name: string, draft: Draft): { ok: true; value: Value } | { ok: false; error: string } {
  if (draft.kind === "text") return { ok: true, value: draft.text };
  if (draft.kind === "samples") return { ok: true, value: { kind: "samples", values: draft.texts } };
  if (draft.kind === "chat") {
    return { ok: true, value: { ...draft.base, messages: draft.base.messages.map((m, i) => (i in draft.texts ? { ...m, content: draft.texts[i] } : m)) } };
  }
  try {
    return { ok: true, value: JSON.parse(draft.text) as Value };
  } catch (e) {
    return { ok: false, error: `${name}: not valid JSON (${(e as Error).message})` };
  }
}

/** The edits to send: only fields whose value changed. */
export function changedEdits(original: Record<string, Value>, drafts: Record<string, Draft>): { edits: Record<string, Value> } | { error: string } {
  const edits: Record<string, Value> = {};
  for (const [name, draft] of Object.entries(drafts)) {
    const r = applyDraft(name, draft);
    if (!r.ok) return { error: r.error };
    if (JSON.stringify(r.value) !== JSON.stringify(original[name])) edits[name] = r.value;
  }
  return { edits };
}

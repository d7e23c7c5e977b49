/**
 * A training sample: one chat (optional system, then user/assistant turns, ending with the assistant) with the
 * images attached to its messages. Built from what flows into mix/export: a conversation, an OpenAI-style
 * {messages}, a ShareGPT-style {conversations, image}, or a single turn {prompt|instruction|question, response|…}.
 */
import { isConversation, isImageRef, isSamples, type ChatMessage, type ChatRole, type ImageRef } from "../values";

export interface TrainingSample {
  id: string;
  /** Mix branch the sample came from. */
  branch?: string;
  messages: ChatMessage[];
}

export type SampleResult = { ok: true; sample: TrainingSample } | { ok: false; error: string };

const PROMPT_KEYS = ["prompt", "instruction", "question", "input", "query"];
const RESPONSE_KEYS = ["response", "output", "answer", "completion", "reply"];
const SHAREGPT_ROLES: Record<string, ChatRole> = { human: "user", user: "user", gpt: "assistant", assistant: "assistant", system: "system" };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function pick(o: Obj, keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

function toImageRefs(v: unknown): ImageRef[] {
  if (v === undefined || v === null || v === "") return [];
  if (Array.isArray(v)) return v.flatMap(toImageRefs);
  if (isImageRef(v)) return [v];
  if (typeof v === "string") return [{ kind: "image", source: v }];
  return [];
}

function toText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** OpenAI content: a string, or parts [{type:"text",text},{type:"image_url",image_url:{url}}]. */
function readContent(content: unknown): { text: string; images: ImageRef[] } | undefined {
  const text = toText(content);
  if (text !== undefined) return { text, images: [] };
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  const images: ImageRef[] = [];
  for (const part of content) {
    if (!isObj(part)) continue;
    if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
    if (part.type === "image_url" && isObj(part.image_url) && typeof part.image_url.url === "string") images.push({ kind: "image", source: part.image_url.url });
    if (part.type === "image" && isImageRef(part)) images.push(part);
  }
  return { text: texts.join("\n"), images };
}

function fromMessages(list: unknown[], id: string): ChatMessage[] | string {
  const out: ChatMessage[] = [];
  for (const [i, m] of list.entries()) {
    if (!isObj(m)) return `sample ${id}: message ${i + 1} is not an object`;
    const role = typeof m.role === "string" ? m.role : typeof m.from === "string" ? SHAREGPT_ROLES[m.from] : undefined;
    if (role !== "system" && role !== "user" && role !== "assistant") return `sample ${id}: message ${i + 1} has role ${JSON.stringify(m.role ?? m.from)} (expected system, user or assistant)`;
    const content = readContent(m.content ?? m.value);
    if (!content) return `sample ${id}: message ${i + 1} has no text content`;
    const images = [...content.images, ...toImageRefs(m.images)];
    out.push({ role, content: content.text.replace(/^<image>\n?/, ""), ...(images.length ? { images } : {}) });
  }
  return out;
}

/** Attaches sample-level images (e.g. ShareGPT's "image") to the first user message that has none. */
function attachImages(messages: ChatMessage[], images: ImageRef[]): ChatMessage[] {
  if (images.length === 0) return messages;
  const at = messages.findIndex((m) => m.role === "user");
  if (at === -1) return messages;
  return messages.map((m, i) => (i === at ? { ...m, images: [...(m.images ?? []), ...images] } : m));
}

/** Roles must be: optional system, then user/assistant alternating from user, ending with assistant. */
export function checkRoles(sample: TrainingSample): string | undefined {
  const turns = sample.messages[0]?.role === "system" ? sample.messages.slice(1) : sample.messages;
  const offset = sample.messages.length - turns.length;
  if (turns.length < 2) return `sample ${sample.id}: needs at least one user message and one assistant reply`;
  for (const [i, m] of turns.entries()) {
    const expected: ChatRole = i % 2 === 0 ? "user" : "assistant";
    if (m.role !== expected) return `sample ${sample.id}: message ${i + offset + 1} is "${m.role}" where "${expected}" was expected (roles alternate user/assistant)`;
  }
  if (turns[turns.length - 1].role !== "assistant") return `sample ${sample.id}: the last message must be the assistant's reply`;
  return undefined;
}

export function toTrainingSample(value: unknown, meta: { id: string; branch?: string }): SampleResult {
  const { id } = meta;
  let messages: ChatMessage[] | string;
  if (isConversation(value)) messages = value.messages.map((m) => ({ ...m }));
  else if (isObj(value) && Array.isArray(value.messages)) messages = fromMessages(value.messages, id);
  else if (isObj(value) && Array.isArray(value.conversations)) messages = fromMessages(value.conversations, id);
  else if (isObj(value) && pick(value, PROMPT_KEYS) !== undefined && pick(value, RESPONSE_KEYS) !== undefined) {
    const prompt = toText(pick(value, PROMPT_KEYS));
    const response = toText(pick(value, RESPONSE_KEYS));
    if (prompt === undefined || response === undefined) return { ok: false, error: `sample ${id}: prompt and response must be texts` };
    const system = toText(value.system);
    messages = [...(system ? [{ role: "system" as const, content: system }] : []), { role: "user", content: prompt }, { role: "assistant", content: response }];
  } else {
    const what = isSamples(value) ? "a list of samples" : typeof value === "string" ? "a text" : JSON.stringify(value)?.slice(0, 60) ?? String(value);
    return {
      ok: false,
      error: `sample ${id}: ${what} is not a training sample (connect a conversation, {messages}, {conversations} or {prompt, response})`,
    };
  }
  if (typeof messages === "string") return { ok: false, error: messages };
  if (isObj(value) && !isConversation(value)) {
    messages = attachImages(messages, toImageRefs(value.images ?? value.image));
    const system = toText(value.system);
    if (system && messages[0]?.role !== "system") messages = [{ role: "system", content: system }, ...messages];
  }
  const sample: TrainingSample = { id, ...(meta.branch ? { branch: meta.branch } : {}), messages };
  const roleError = checkRoles(sample);
  return roleError ? { ok: false, error: roleError } : { ok: true, sample };
}

/** Every image of a sample, in message order. */
export function sampleImages(sample: TrainingSample): ImageRef[] {
  return sample.messages.flatMap((m) => m.images ?? []);
}

/** Text of the user side (each user message and its image ids): the "prompt" dedupe key. */
export function userSideText(sample: TrainingSample): string {
  return sample.messages
    .filter((m) => m.role === "user")
    .map((m) => [m.content, ...(m.images ?? []).map((img) => `<image:${img.hash ?? img.source}>`)].join("\n"))
    .join("\n\n");
}

/** Text of the whole chat: the "full" dedupe key. */
export function fullText(sample: TrainingSample): string {
  return sample.messages.map((m) => `${m.role}: ${m.content}${(m.images ?? []).map((img) => ` <image:${img.hash ?? img.source}>`).join("")}`).join("\n\n");
}

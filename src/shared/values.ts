/**
 * Runtime values that flow along edges. Pure data, JSON-serialisable, shared by engine and UI.
 */

/** A reference to an image: a file path (relative to the dataset), a URL or a data URI. */
export interface ImageRef {
  kind: "image";
  source: string;
  /** SHA-256 of the image bytes once read; part of every cache key that includes the image. */
  hash?: string;
  mime?: string;
}

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
  images?: ImageRef[];
}

/** A chat so far; a prompt node with a `conversation` input continues it. */
export interface Conversation {
  kind: "conversation";
  messages: ChatMessage[];
}

/** The n replies of a prompt with several samples; downstream nodes map over it or take it whole. */
export interface Samples {
  kind: "samples";
  values: Value[];
}

export type Value =
  | string
  | number
  | boolean
  | null
  | ImageRef
  | Conversation
  | Samples
  | Value[]
  | { [key: string]: Value };

export function isImageRef(v: unknown): v is ImageRef {
  return typeof v === "object" && v !== null && (v as ImageRef).kind === "image" && typeof (v as ImageRef).source === "string";
}

export function isConversation(v: unknown): v is Conversation {
  return typeof v === "object" && v !== null && (v as Conversation).kind === "conversation" && Array.isArray((v as Conversation).messages);
}

export function isSamples(v: unknown): v is Samples {
  return typeof v === "object" && v !== null && (v as Samples).kind === "samples" && Array.isArray((v as Samples).values);
}

/** Text form of a value, as it is substituted into a `{{var}}` of a prompt template. */
export function valueToText(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (isImageRef(v)) return v.source;
  if (isConversation(v)) return v.messages.map((m) => `${m.role}: ${m.content}`).join("\n\n");
  if (isSamples(v)) return v.values.map((x) => valueToText(x)).join("\n");
  return JSON.stringify(v);
}

/**
 * Training-data formats. Pure: samples in, text out; the export executor writes the file and copies images.
 *
 * - openai-chat: OpenAI chat fine-tuning JSONL, {"messages":[{"role","content"}]}; a message with images has
 *   content parts [{"type":"text"},{"type":"image_url","image_url":{"url"}}] (the vision fine-tuning shape).
 * - llava: the LLaVA trainer's layout, one JSON array with a single "image" string per sample (./llavaFormat.ts).
 * - sharegpt: LLaMA-Factory's ShareGPT layout (JSON lines), {"id","images":[…],"system"?,"conversations":
 *   [{"from":"human","value":"<image>\n…"},{"from":"gpt",…}]}: one "<image>" token per image, in the turn it
 *   belongs to (LLaMA-Factory requires as many tokens as images), a system message in "system".
 * - jsonl: {"id","branch","messages":[{"role","content","images"?}]}.
 * - csv: id, branch, system, prompt (first user message), response (last assistant reply), images (joined by
 *   "|"), turns (the number of user/assistant pairs), messages (the whole chat as JSON).
 */
import type { ImageRef } from "../values";
import { llavaFileText, llavaRecord, type LlavaRecord } from "./llavaFormat";
import { checkRoles, sampleImages, type TrainingSample } from "./samples";

export const EXPORT_FORMATS = ["openai-chat", "llava", "sharegpt", "jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where an image appears in the output: the copied file's relative path, or the source as given. */
export type ImagePathOf = (image: ImageRef) => string;

export interface ExportText {
  text: string;
  /** Records written (CSV rows without the header). */
  records: number;
  /** Samples left out, with why (e.g. roles that do not alternate). */
  skipped: { id: string; error: string }[];
}

export const SHAREGPT_IMAGE_TOKEN = "<image>";

export function openaiChatRecord(sample: TrainingSample, imagePath: ImagePathOf): Record<string, unknown> {
  return {
    messages: sample.messages.map((m) => {
      if (!m.images?.length) return { role: m.role, content: m.content };
      return {
        role: m.role,
        content: [{ type: "text", text: m.content }, ...m.images.map((img) => ({ type: "image_url", image_url: { url: imagePath(img) } }))],
      };
    }),
  };
}

export function sharegptRecord(sample: TrainingSample, imagePath: ImagePathOf): Record<string, unknown> {
  const images = sampleImages(sample).map(imagePath);
  const system = sample.messages.find((m) => m.role === "system")?.content;
  const conversations = sample.messages
    .filter((m) => m.role !== "system")
    .map((m) => {
      const tokens = m.role === "user" ? (m.images ?? []).map(() => `${SHAREGPT_IMAGE_TOKEN}\n`).join("") : "";
      return { from: m.role === "user" ? "human" : "gpt", value: `${tokens}${m.content}` };
    });
  return {
    id: sample.id,
    ...(images.length ? { images } : {}),
    ...(system !== undefined ? { system } : {}),
    conversations,
  };
}

export function jsonlRecord(sample: TrainingSample, imagePath: ImagePathOf): Record<string, unknown> {
  return {
    id: sample.id,
    ...(sample.branch ? { branch: sample.branch } : {}),
    messages: sample.messages.map((m) => ({ role: m.role, content: m.content, ...(m.images?.length ? { images: m.images.map(imagePath) } : {}) })),
  };
}

export const CSV_COLUMNS = ["id", "branch", "system", "prompt", "response", "images", "turns", "messages"] as const;

/** RFC 4180: quote a field when it has a comma, quote, CR or LF; double the quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(sample: TrainingSample, imagePath: ImagePathOf): string[] {
  const users = sample.messages.filter((m) => m.role === "user");
  const assistants = sample.messages.filter((m) => m.role === "assistant");
  return [
    sample.id,
    sample.branch ?? "",
    sample.messages.find((m) => m.role === "system")?.content ?? "",
    users[0]?.content ?? "",
    assistants[assistants.length - 1]?.content ?? "",
    sampleImages(sample).map(imagePath).join("|"),
    String(users.length),
    JSON.stringify(jsonlRecord(sample, imagePath).messages),
  ];
}

/** The file's text: JSONL (one record a line, ending with a newline), a JSON array (llava) or CSV (header, CRLF line ends). */
export function formatExport(samples: readonly TrainingSample[], format: ExportFormat, imagePath: ImagePathOf): ExportText {
  const skipped: ExportText["skipped"] = [];
  const valid = samples.filter((s) => {
    const error = checkRoles(s);
    if (error) skipped.push({ id: s.id, error });
    return !error;
  });
  if (format === "csv") {
    const rows = [CSV_COLUMNS as readonly string[], ...valid.map((s) => csvRow(s, imagePath))];
    return { text: rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n", records: valid.length, skipped };
  }
  if (format === "llava") {
    const records: LlavaRecord[] = [];
    for (const s of valid) {
      const r = llavaRecord(s, imagePath);
      if ("error" in r) skipped.push({ id: s.id, error: r.error });
      else records.push(r.record);
    }
    return { text: llavaFileText(records), records: records.length, skipped };
  }
  const toRecord = format === "openai-chat" ? openaiChatRecord : format === "sharegpt" ? sharegptRecord : jsonlRecord;
  const lines = valid.map((s) => JSON.stringify(toRecord(s, imagePath)));
  return { text: lines.length ? `${lines.join("\n")}\n` : "", records: valid.length, skipped };
}

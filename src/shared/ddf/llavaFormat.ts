/**
 * The LLaVA training layout, exactly as LLaVA's trainer (llava/train/train.py, LazySupervisedDataset) reads it:
 * the file is ONE JSON array (json.load); each sample is {"id", "image"?, "conversations"}; "image" is a single
 * path string, opened as os.path.join(image_folder, image) — so the trainer's --image_folder is the folder the
 * paths are relative to (the exported file's folder with images: copy); "conversations" alternate
 * {"from": "human"} / {"from": "gpt"} (any other "from", e.g. a system turn, is refused by its role map); the
 * "<image>" token appears once, in the first human turn (the trainer has one image tensor per sample).
 *
 * What does not fit is handled so: a system message has no place in the layout (the trainer's conversation
 * template brings its own), so its text opens the first human turn; a sample with more than one distinct
 * image is left out with the reason (LLaVA takes one); the same image attached again in a later turn is that one
 * image; text containing a literal "<image>" is left out (the trainer would count it as an image).
 */
import type { TrainingSample } from "./samples";
import { sampleImages } from "./samples";
import type { ImagePathOf } from "./exportFormats";

export const LLAVA_IMAGE_TOKEN = "<image>";

export type LlavaRecord = { id: string; image?: string; conversations: { from: "human" | "gpt"; value: string }[] };

/** The record of one sample, or why it cannot be one. Roles are already checked (user/assistant alternate). */
export function llavaRecord(sample: TrainingSample, imagePath: ImagePathOf): { record: LlavaRecord } | { error: string } {
  const paths = [...new Set(sampleImages(sample).map(imagePath))];
  if (paths.length > 1) return { error: `sample ${sample.id}: LLaVA takes one image per sample; this one has ${paths.length} (${paths.join(", ")})` };
  if (sample.messages.some((m) => m.content.includes(LLAVA_IMAGE_TOKEN))) {
    return { error: `sample ${sample.id}: its text contains "${LLAVA_IMAGE_TOKEN}", which LLaVA's trainer would read as an image` };
  }
  const system = sample.messages.filter((m) => m.role === "system").map((m) => m.content);
  const turns = sample.messages.filter((m) => m.role !== "system");
  const conversations = turns.map((m, i) => {
    let value = m.content;
    if (i === 0) {
      if (system.length) value = `${system.join("\n\n")}\n\n${value}`;
      if (paths.length) value = `${LLAVA_IMAGE_TOKEN}\n${value}`;
    }
    return { from: m.role === "user" ? ("human" as const) : ("gpt" as const), value };
  });
  return { record: { id: sample.id, ...(paths.length ? { image: paths[0] } : {}), conversations } };
}

/** One JSON array, a record per line inside it (still one json.load-able document), ending with a newline. */
export function llavaFileText(records: readonly LlavaRecord[]): string {
  return records.length ? `[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]\n` : "[]\n";
}

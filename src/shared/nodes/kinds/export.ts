import { z } from "zod";
import { defineKind } from "../kind";
import { EXPORT_FORMATS } from "../../ddf/exportFormats";
import { IMAGE_MODES, type ImageMode } from "../../ddf/imagePlan";
import type { ExportFormat } from "../../ddf/exportFormats";

/** The image mode when the config names none: data URLs for OpenAI chat (fine-tuning uploads need them), else copies. */
export function defaultImageMode(format: ExportFormat): ImageMode {
  return format === "openai-chat" ? "data-url" : "copy";
}

export const ExportConfigSchema = z
  .object({
    format: z
      .enum(EXPORT_FORMATS)
      .describe("openai-chat: OpenAI fine-tuning JSONL; llava: the LLaVA trainer's JSON array (--image_folder = the file's folder); sharegpt: LLaMA-Factory ShareGPT JSON lines; jsonl; csv"),
    images: z
      .enum(IMAGE_MODES)
      .optional()
      .describe("data-url: embedded as base64 (default for openai-chat); copy: into images/ next to the file (default otherwise); reference: paths as given"),
    outPath: z
      .string()
      .min(1, "name the output file")
      .refine((p) => !/^([A-Za-z]:)?[\\/]/.test(p), "use a path relative to the pipeline file")
      .refine((p) => !p.split(/[\\/]/).includes(".."), 'the path may not leave the pipeline\'s folder ("..")')
      .describe("relative to the pipeline file, e.g. out/train.jsonl (the app writes templates' outputs to its outputs folder)"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.format === "llava" && c.images === "data-url") {
      ctx.addIssue({ code: "custom", path: ["images"], message: "LLaVA's trainer opens image files (image_folder + path): use images: copy or reference" });
    }
  });
export type ExportConfig = z.infer<typeof ExportConfigSchema>;

export const exportKind = defineKind({
  kind: "export",
  title: "Export",
  description: "Writes the training samples of all items to a file (OpenAI chat JSONL, LLaVA JSON, LLaMA-Factory ShareGPT, JSONL or CSV).",
  category: "output",
  mode: "aggregate",
  report: "samples",
  configSchema: ExportConfigSchema,
  defaultConfig: (): ExportConfig => ({ format: "openai-chat", images: "data-url", outPath: "out/train.jsonl" }),
  ports: () => ({
    inputs: [{ name: "samples", type: "any", required: true, description: "a mix's samples, or a conversation per item" }],
    outputs: [
      { name: "path", type: "text", description: "the written file" },
      { name: "records", type: "number" },
      { name: "report", type: "json", description: "samples left out (with why) and images copied" },
    ],
  }),
});

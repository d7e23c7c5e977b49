import { z } from "zod";
import { defineKind, plain } from "../kind";

export const TextConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("constant"), value: z.string() }).strict(),
  z.object({ mode: z.literal("list"), values: z.array(z.string()).min(1, "a list needs at least one value") }).strict(),
]);
export type TextConfig = z.infer<typeof TextConfigSchema>;

export const textKind = defineKind<TextConfig>({
  kind: "text",
  title: "Text",
  description: "A constant text, or a list of texts that downstream nodes are mapped over.",
  category: "data",
  mode: "per-item",
  ...plain,
  multiValued: (config) => config.mode === "list",
  configSchema: TextConfigSchema,
  defaultConfig: () => ({ mode: "constant", value: "" }),
  ports: () => ({ inputs: [], outputs: [{ name: "text", type: "text" }] }),
});

import { z } from "zod";
import { defineKind } from "../kind";

export const TextConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("constant"), value: z.string() }).strict(),
  z.object({ mode: z.literal("list"), values: z.array(z.string()).min(1, "a list needs at least one value") }).strict(),
]);
export type TextConfig = z.infer<typeof TextConfigSchema>;

export const textKind = defineKind({
  kind: "text",
  title: "Text",
  description: "A constant text, or a list of texts that downstream nodes are mapped over.",
  category: "data",
  mode: "per-item",
  multiValued: (config) => config.mode === "list",
  configSchema: TextConfigSchema,
  defaultConfig: (): TextConfig => ({ mode: "constant", value: "" }),
  ports: () => ({ inputs: [], outputs: [{ name: "text", type: "text" }] }),
  summary: (config) => {
    const c: { mode?: string; value?: unknown; values?: unknown[] } = config;
    return c.mode === "list" ? `${c.values?.length ?? 0} values` : String(c.value ?? "");
  },
  form: "custom",
});

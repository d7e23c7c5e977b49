import { z } from "zod";
import { defineKind } from "../kind";

export const NoteConfigSchema = z.object({ text: z.string() }).strict();
export type NoteConfig = z.infer<typeof NoteConfigSchema>;

export const noteKind = defineKind({
  kind: "note",
  title: "Note",
  description: "A comment on the canvas; does not run.",
  category: "annotation",
  mode: "inert",
  configSchema: NoteConfigSchema,
  defaultConfig: (): NoteConfig => ({ text: "" }),
  ports: () => ({ inputs: [], outputs: [] }),
  summary: (config) => (typeof config.text === "string" && config.text ? config.text : "Empty note"),
  form: "custom",
});

import { z } from "zod";
import { defineKind, plain } from "../kind";

export const NoteConfigSchema = z.object({ text: z.string() }).strict();
export type NoteConfig = z.infer<typeof NoteConfigSchema>;

export const noteKind = defineKind<NoteConfig>({
  kind: "note",
  title: "Note",
  description: "A comment on the canvas; does not run.",
  category: "annotation",
  mode: "inert",
  ...plain,
  configSchema: NoteConfigSchema,
  defaultConfig: () => ({ text: "" }),
  ports: () => ({ inputs: [], outputs: [] }),
});

import { z } from "zod";
import { defineKind } from "../kind";
import { ModelParamsSchema } from "../../pipeline/schema";
import { parseTemplate, VARIABLE_NAME } from "../../template";
import type { PortDef } from "../../ports";

export const CONVERSATION_PORT = "conversation";

export const PromptConfigSchema = z
  .object({
    model: z.string().min(1, "choose a model").describe("name of an entry in the pipeline's models"),
    system: z.string().optional(),
    template: z
      .string()
      .refine((t) => t.trim() !== "", "the template is empty: write the user message (e.g. Answer: {{question}})")
      .describe("the user message; each {{var}} becomes an input port"),
    images: z
      .array(z.string().regex(VARIABLE_NAME, "image port names use letters, digits and _"))
      .optional()
      .describe("names of image input ports attached to the user message"),
    continueConversation: z
      .boolean()
      .optional()
      .describe("add a `conversation` input and continue that chat (e.g. a self-evaluation turn)"),
    params: ModelParamsSchema.optional().describe("overrides the model's default params"),
    samples: z.number().int().min(1).max(64).optional().describe("n independent replies, a list downstream"),
    shortcut: z
      .string()
      .regex(VARIABLE_NAME, "port names use letters, digits and _")
      .optional()
      .describe(
        "name of an input: when it holds a non-empty value (e.g. an answer the rules already found) the node makes no call and passes it on as its text; its decidedBy output says rules or model",
      ),
  })
  .strict();
export type PromptConfig = z.infer<typeof PromptConfigSchema>;

export function promptInputs(config: PromptConfig): PortDef[] {
  const inputs: PortDef[] = [];
  if (config.continueConversation) inputs.push({ name: CONVERSATION_PORT, type: "conversation", required: true });
  const seen = new Set(inputs.map((p) => p.name));
  // Variables of the system text are inputs too: every {{var}} of either template needs an edge.
  const variables = [...parseTemplate(config.template).variables, ...(config.system ? parseTemplate(config.system).variables : [])];
  for (const name of variables) {
    if (seen.has(name)) continue;
    seen.add(name);
    inputs.push({ name, type: "text", required: true });
  }
  for (const name of config.images ?? []) {
    if (seen.has(name)) continue;
    seen.add(name);
    inputs.push({ name, type: "image", required: true });
  }
  if (config.shortcut && !seen.has(config.shortcut)) {
    inputs.push({ name: config.shortcut, type: "text", required: false, description: "when not empty: passed on as the text, no call" });
  }
  return inputs;
}

export const promptKind = defineKind({
  kind: "prompt",
  title: "Prompt",
  description: "One LLM call. {{vars}} in the template become inputs; can continue an upstream chat.",
  category: "llm",
  mode: "per-item",
  configSchema: PromptConfigSchema,
  defaultConfig: (): PromptConfig => ({ model: "", template: "{{question}}" }),
  ports: (config) => ({
    inputs: promptInputs(config),
    outputs: [
      { name: "text", type: "text", description: "the reply" },
      { name: CONVERSATION_PORT, type: "conversation", description: "the chat including this reply (none when the shortcut decided)" },
      ...(config.shortcut ? [{ name: "decidedBy", type: "text" as const, description: "rules: the shortcut input was passed on; model: the model was asked" }] : []),
    ],
  }),
  multiValued: (config) => (config.samples ?? 1) > 1,
  modelRefs: (config) => (config.model ? [config.model] : []),
  callsPerItem: (config) => (config.model ? (config.samples ?? 1) : 0),
  skipsCalls: (config) => Boolean(config.shortcut),
  callParams: (config) => config.params,
  summary: (config) => (typeof config.template === "string" ? config.template : null),
  form: "custom",
  templates: (config) => [
    { field: "template", text: config.template },
    ...(config.system ? [{ field: "system", text: config.system }] : []),
  ],
});

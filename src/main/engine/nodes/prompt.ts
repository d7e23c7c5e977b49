/**
 * Prompt: one model call per sample. Messages are the system text, then (when continuing) the upstream chat,
 * then the user message rendered from the template, with the images of the image ports. Outputs the reply
 * and the conversation including it (images kept as references with their hash, never their bytes).
 */
import { CONVERSATION_PORT, type PromptConfig } from "../../../shared/nodes/kinds/prompt";
import { parseTemplate, renderTemplate, type ParsedTemplate } from "../../../shared/template";
import { isConversation, valueToText, type ChatMessage, type ImageRef, type Value } from "../../../shared/values";
import type { ExecResult, ItemContext, PerItemExecutor } from "./types";

const parsed = new Map<string, ParsedTemplate>();
function compiled(source: string): ParsedTemplate {
  let p = parsed.get(source);
  if (!p) {
    p = parseTemplate(source);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(source, p);
  }
  return p;
}

function render(source: string, ctx: ItemContext): string {
  const t = compiled(source);
  const values: Record<string, string> = {};
  for (const name of t.variables) values[name] = valueToText(ctx.inputs[name]);
  return renderTemplate(t, values);
}

export async function buildMessages(config: PromptConfig, ctx: ItemContext): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  if (config.system) messages.push({ role: "system", content: render(config.system, ctx) });
  if (config.continueConversation) {
    const conv = ctx.inputs[CONVERSATION_PORT];
    if (!isConversation(conv)) throw new Error(`input "${CONVERSATION_PORT}" is not a conversation (connect a prompt's conversation output)`);
    // The continued chat keeps its own system message; ours, if any, comes first only when it has none.
    if (conv.messages[0]?.role === "system" && messages[0]?.role === "system") messages.shift();
    messages.push(...conv.messages);
  }
  const images: ImageRef[] = [];
  for (const port of config.images ?? []) {
    const v: Value | undefined = ctx.inputs[port];
    if (v === undefined || v === null || v === "") throw new Error(`image input "${port}" is empty`);
    images.push(await ctx.loadImage(v));
  }
  messages.push({ role: "user", content: render(config.template, ctx), ...(images.length ? { images } : {}) });
  return messages;
}

/** The chat with the reply appended (the same message objects: stored traces refer to them). */
function continued(messages: ChatMessage[], reply: string): Value {
  return { kind: "conversation", messages: [...messages, { role: "assistant", content: reply }] };
}

export const promptExecutor: PerItemExecutor<PromptConfig> = {
  async run(config, ctx): Promise<ExecResult> {
    const n = config.samples ?? 1;
    if (config.shortcut) {
      if (n > 1) throw new Error(`a shortcut cannot be combined with samples (${n}): a passed-on value is not n independent replies`);
      const given = ctx.inputs[config.shortcut];
      // Decided upstream (e.g. the rules found the answer): no call, the value goes on as the reply text.
      if (given !== undefined && given !== null && valueToText(given).trim() !== "") return { output: { text: valueToText(given), decidedBy: "rules" } };
    }
    const messages = await buildMessages(config, ctx);
    const replies = await Promise.all(
      Array.from({ length: n }, (_, sample) => ctx.call({ model: config.model, messages, params: config.params, sample })),
    );
    if (n === 1) {
      const output = { text: replies[0].text, [CONVERSATION_PORT]: continued(messages, replies[0].text) };
      return { output: config.shortcut ? { ...output, decidedBy: "model" } : output };
    }
    return {
      output: {
        text: { kind: "samples", values: replies.map((r) => r.text) },
        [CONVERSATION_PORT]: { kind: "samples", values: replies.map((r) => continued(messages, r.text)) },
      },
    };
  },
};

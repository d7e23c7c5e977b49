/**
 * Judge: one model call with the rubric (its {{vars}} filled in) followed by the JSON reply format, with
 * params.json on; the reply is read by parseJudgeReply (strict, then tolerant). An unreadable reply fails the
 * item with what was missing.
 */
import { parseJudgeReply } from "../../../shared/ddf/judgeReply";
import { judgeUserMessage } from "../../../shared/ddf/judgePrompt";
import type { JudgeConfig } from "../../../shared/nodes/kinds/judge";
import { parseTemplate, renderTemplate } from "../../../shared/template";
import { valueToText, type ChatMessage, type ImageRef } from "../../../shared/values";
import type { ItemContext, PerItemExecutor } from "./types";

function render(source: string, ctx: ItemContext): string {
  const t = parseTemplate(source);
  return renderTemplate(t, Object.fromEntries(t.variables.map((name) => [name, valueToText(ctx.inputs[name])])));
}

export const judgeExecutor: PerItemExecutor<JudgeConfig> = {
  async run(config, ctx) {
    const spec = { labels: config.labels, scoreMin: config.scoreMin, scoreMax: config.scoreMax };
    const images: ImageRef[] = [];
    for (const port of config.images ?? []) {
      const v = ctx.inputs[port];
      if (v === undefined || v === null || v === "") throw new Error(`judge ${ctx.node.id}: image input "${port}" is empty`);
      images.push(await ctx.loadImage(v));
    }
    const messages: ChatMessage[] = [
      ...(config.system ? [{ role: "system" as const, content: render(config.system, ctx) }] : []),
      { role: "user", content: judgeUserMessage(render(config.rubric, ctx), spec), ...(images.length ? { images } : {}) },
    ];
    const reply = await ctx.call({ model: config.model, messages, params: { ...config.params, json: true }, sample: 0 });
    const parsed = parseJudgeReply(reply.text, spec);
    if (!parsed.ok) throw new Error(`judge ${ctx.node.id}: ${parsed.error}`);
    return { output: { score: parsed.verdict.score, label: parsed.verdict.label, reason: parsed.verdict.reason } };
  },
};

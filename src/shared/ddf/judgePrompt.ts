/**
 * The reply format a judge asks for, appended to the user's rubric so that every judge asks the same way and
 * its reply can be read by ./judgeReply.ts.
 */
import type { JudgeReplySpec } from "./judgeReply";

export function judgeFormatInstruction(spec: JudgeReplySpec): string {
  const label = spec.labels.length > 0 ? `, "label": one of ${spec.labels.map((l) => JSON.stringify(l)).join(", ")}` : "";
  return (
    `Reply with only a JSON object: {"score": a number from ${spec.scoreMin} to ${spec.scoreMax}${label}, ` +
    `"reason": "one or two sentences"}.`
  );
}

/** The rubric (already filled in) followed by the format instruction. */
export function judgeUserMessage(renderedRubric: string, spec: JudgeReplySpec): string {
  return `${renderedRubric.trimEnd()}\n\n${judgeFormatInstruction(spec)}`;
}

/** A small pipeline with a human review: dataset → check (review) → chat (code) → short (filter) and → export. */
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

export interface Row {
  id: string;
  question: string;
  answer: string;
}

export const ROWS: Row[] = [
  { id: "a", question: "1+1?", answer: "2" },
  { id: "b", question: "2+3?", answer: "6" },
  { id: "c", question: "2+2?", answer: "5" },
  { id: "d", question: "3+3?", answer: "6" },
];

export function reviewDoc(rows: Row[] = ROWS, outPath = "out/train.jsonl"): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "reviewed answers",
    models: {},
    nodes: [
      {
        id: "data",
        kind: "dataset",
        position: pos,
        config: { source: { type: "inline", rows }, columns: [{ name: "question", type: "text" }, { name: "answer", type: "text" }], idColumn: "id" },
      },
      { id: "check", kind: "review", position: pos, config: { instructions: "Is the sum right?", inputs: ["question", "answer"], editable: ["answer"] } },
      {
        id: "chat",
        kind: "code",
        position: pos,
        config: { inputs: ["question", "answer"], outputs: ["sample", "answer"], source: "({ question, answer }) => ({ sample: { prompt: question, response: answer }, answer })" },
      },
      { id: "short", kind: "filter", position: pos, config: { condition: "len(answer) <= 1 && answer != \"2\"", inputs: ["answer"] } },
      { id: "export", kind: "export", position: pos, config: { format: "openai-chat", images: "reference", outPath } },
    ],
    edges: [
      { id: "check_question", source: "data", sourcePort: "question", target: "check", targetPort: "question" },
      { id: "check_answer", source: "data", sourcePort: "answer", target: "check", targetPort: "answer" },
      { id: "chat_question", source: "check", sourcePort: "question", target: "chat", targetPort: "question" },
      { id: "chat_answer", source: "check", sourcePort: "answer", target: "chat", targetPort: "answer" },
      { id: "short_answer", source: "chat", sourcePort: "answer", target: "short", targetPort: "answer" },
      { id: "export_samples", source: "chat", sourcePort: "sample", target: "export", targetPort: "samples" },
    ],
  };
}

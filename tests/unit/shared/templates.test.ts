/** The shipped templates: valid, laid out for the canvas, wired as the Cas-SEAT paper describes, and pointing at real data. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EdgeDoc, NodeDoc, PipelineDoc } from "../../../src/shared/pipeline/schema";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import type { ExtractConfig } from "../../../src/shared/nodes/kinds/extract";
import { extractFrom } from "../../../src/main/engine/nodes/extract";

const TEMPLATES_DIR = join(__dirname, "../../../templates");
const FILES = ["cas-seat.json", "seat.json", "cot.json"];

function load(file: string): PipelineDoc {
  const { doc, problems } = parsePipelineJson(readFileSync(join(TEMPLATES_DIR, file), "utf8"));
  expect(problems, file).toEqual([]);
  return doc!;
}

const node = (doc: PipelineDoc, id: string): NodeDoc => {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node "${id}"`);
  return n;
};
const into = (doc: PipelineDoc, target: string, port: string): EdgeDoc | undefined =>
  doc.edges.find((e) => e.target === target && e.targetPort === port);
const feed = (doc: PipelineDoc, target: string, port: string) => {
  const e = into(doc, target, port);
  return e ? `${e.source}.${e.sourcePort}` : undefined;
};

describe.each(FILES)("template %s", (file) => {
  const doc = load(file);

  it("is a version-1 pipeline with the reasoner and extractor models, no secrets", () => {
    expect(doc.format).toBe("cascade-studio/pipeline");
    expect(doc.version).toBe(1);
    expect(doc.models.reasoner).toMatchObject({ provider: "openai", model: "qwen2-vl-7b-instruct" });
    expect(doc.models.extractor).toMatchObject({ provider: "openai", model: "qwen2.5-1.5b-instruct", params: { temperature: 0 } });
    expect(readFileSync(join(TEMPLATES_DIR, file), "utf8")).not.toMatch(/"apiKey"\s*:/);
  });

  it("asks no API key for its local servers (#12 item 6)", () => {
    for (const [name, model] of Object.entries(doc.models)) {
      if (model.baseUrl && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(model.baseUrl)) expect(model.apiKeyEnv, name).toBeUndefined();
    }
  });

  it("labels every node and lays them out on a grid without overlaps", () => {
    for (const n of doc.nodes) {
      expect(n.label, n.id).toBeTruthy();
      expect(n.position.x % 320, n.id).toBe(0);
      expect(n.position.y % 180, n.id).toBe(0);
    }
    expect(new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(doc.nodes.length);
    expect(node(doc, "note").config.text).toMatch(/\./);
  });

  it("reads the sample dataset with the expected typed columns", () => {
    const config = node(doc, "dataset").config as { source: { type: string; path: string }; columns: { name: string; type: string }[]; idColumn: string };
    expect(config.source).toEqual({ type: "file", path: "data/visual-math.jsonl" });
    expect(existsSync(join(TEMPLATES_DIR, config.source.path))).toBe(true);
    expect(Object.fromEntries(config.columns.map((c) => [c.name, c.type]))).toEqual({
      id: "text",
      question: "text",
      image: "image",
      choices: "json",
      answer: "text",
      answer_type: "text",
    });
    expect(config.idColumn).toBe("id");
  });

  it("extracts with the small model, then normalises, then scores with method auto", () => {
    expect(node(doc, "extract_llm").config.model).toBe("extractor");
    expect(feed(doc, "answer", "text")).toBe("extract_llm.text");
    expect(node(doc, "score").config.method).toBe("auto");
    expect(feed(doc, "score", "prediction")).toBe("answer.value");
    expect(feed(doc, "score", "truth")).toBe("dataset.answer");
    expect(feed(doc, "score", "answerType")).toBe("dataset.answer_type");
    expect(feed(doc, "score", "choices")).toBe("dataset.choices");
  });

  it("the rules decide first; the extractor model is asked only when they cannot", () => {
    const solver = feed(doc, "extract_llm", "solution");
    expect(feed(doc, "rules", "text")).toBe(solver);
    expect(node(doc, "rules").config).toMatchObject({ method: "final-answer", guess: false, fallback: "" });
    expect(feed(doc, "rules", "choices")).toBe("dataset.choices");
    expect(node(doc, "extract_llm").config.shortcut).toBe("given");
    expect(feed(doc, "extract_llm", "given")).toBe("rules.value");
  });

  it("the answer node turns typical extractor replies into a letter or a number", () => {
    const config = node(doc, "answer").config as ExtractConfig;
    expect(config.method).toBe("final-answer");
    expect(feed(doc, "answer", "choices")).toBe("dataset.choices");
    const pick = (s: string, choices: string[] = []) => extractFrom(config, s, choices);
    const ch = ["4", "5", "6", "7"];
    expect(pick("B", ch)).toBe("B");
    expect(pick("Answer: C", ch)).toBe("C");
    expect(pick("D) 9", ch)).toBe("D");
    expect(pick("b", ch)).toBe("B");
    expect(pick("5", ch)).toBe("B");
    expect(pick("12")).toBe("12");
    expect(pick("The answer is 27.")).toBe("27");
    expect(pick("Step 1: 3 of them, then 9 more. The answer is 12.\nFinal answer: 12")).toBe("12");
    expect(pick("-4")).toBe("-4");
    expect(pick("−3")).toBe("-3");
    expect(pick("1,000")).toBe("1000");
    expect(pick("no idea")).toBeNull();
    // Every truth in the dataset passes through unchanged.
    const rows = readFileSync(join(TEMPLATES_DIR, "data/visual-math.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    for (const row of rows) expect(pick(row.answer, row.choices), row.id).toBe(row.answer);
  });
});

describe("the three cascades differ as the paper describes", () => {
  it("Cas-SEAT: reason on question, choices and image; self-evaluate continues the same chat; extraction reads the self-evaluation", () => {
    const doc = load("cas-seat.json");
    const reason = node(doc, "reason").config;
    expect(reason).toMatchObject({ model: "reasoner", images: ["image"] });
    expect(reason.template).toMatch(/\{\{\s*question\s*\}\}/);
    expect(reason.template).toMatch(/\{\{\s*choices\s*\}\}/);
    expect(reason.system).toBeTruthy();
    expect(feed(doc, "reason", "image")).toBe("dataset.image");
    const selfeval = node(doc, "selfeval").config;
    expect(selfeval).toMatchObject({ model: "reasoner", continueConversation: true });
    expect(selfeval.template).toContain("Final answer:");
    expect(feed(doc, "selfeval", "conversation")).toBe("reason.conversation");
    expect(feed(doc, "extract_llm", "solution")).toBe("selfeval.text");
  });

  it("SEAT: one prompt does the reasoning and the self-evaluation", () => {
    const doc = load("seat.json");
    const prompts = doc.nodes.filter((n) => n.kind === "prompt" && n.config.model === "reasoner");
    expect(prompts).toHaveLength(1);
    expect(String(prompts[0].config.template)).toMatch(/self-evaluation/i);
    expect(prompts[0].config.continueConversation).toBeUndefined();
    expect(feed(doc, "extract_llm", "solution")).toBe(`${prompts[0].id}.text`);
  });

  it("CoT: one reasoning prompt and no self-evaluation", () => {
    const doc = load("cot.json");
    expect(doc.nodes.filter((n) => n.kind === "prompt" && n.config.model === "reasoner").map((n) => n.id)).toEqual(["reason"]);
    expect(String(node(doc, "reason").config.template)).not.toMatch(/self-evaluat/i);
    expect(feed(doc, "extract_llm", "solution")).toBe("reason.text");
  });

  it("every image in the dataset exists next to it", () => {
    const dataFile = join(TEMPLATES_DIR, "data/visual-math.jsonl");
    const rows = readFileSync(dataFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    for (const row of rows) expect(existsSync(join(dirname(dataFile), row.image)), row.image).toBe(true);
  });
});

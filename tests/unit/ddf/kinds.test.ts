/** The DDF node kinds: defaults are valid, ports follow the config, bad configs name the field. */
import { describe, expect, it } from "vitest";
import { getKind } from "../../../src/shared/nodes/registry";

const KINDS = ["judge", "code", "filter", "review", "mix", "export"];

function issues(kind: string, config: unknown): string[] {
  const r = getKind(kind)!.configSchema.safeParse(config);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe.each(KINDS)("kind %s", (name) => {
  it("is registered and its default config is valid (a judge's model is chosen by the user, as for prompts)", () => {
    const kind = getKind(name)!;
    expect(kind.kind).toBe(name);
    const config = kind.defaultConfig();
    if (name === "judge") {
      expect(issues(name, config)).toEqual(["model: choose a model"]);
      config.model = "m";
    }
    expect(issues(name, config)).toEqual([]);
    expect(kind.ports(kind.defaultConfig()).outputs.length).toBeGreaterThan(0);
  });
});

describe("ports and checks", () => {
  it("judge: rubric variables and images become inputs; range and labels are checked", () => {
    const judge = getKind("judge")!;
    const config = { model: "m", rubric: "Q: {{question}} A: {{answer}}", images: ["image"], labels: ["good", "bad"], scoreMin: 1, scoreMax: 5 };
    expect(judge.ports(config).inputs.map((p) => `${p.name}:${p.type}`)).toEqual(["question:text", "answer:text", "image:image"]);
    expect(judge.ports(config).outputs.map((p) => `${p.name}:${p.type}`)).toEqual(["score:number", "label:text", "reason:text"]);
    expect(judge.modelRefs(config)).toEqual(["m"]);
    expect(issues("judge", { ...config, scoreMin: 5, scoreMax: 5 })).toEqual(["scoreMax: scoreMax (5) must be above scoreMin (5)"]);
    expect(issues("judge", { ...config, labels: ["Good", "good"] })).toEqual(['labels.1: label "good" is listed twice (labels match without case)']);
  });

  it("code: declared names become any-typed ports; limits are bounded", () => {
    const code = getKind("code")!;
    const config = { source: "(i) => ({ y: i.x })", inputs: ["x"], outputs: ["y", "z"] };
    expect(code.ports(config)).toEqual({
      inputs: [{ name: "x", type: "any", required: true }],
      outputs: [
        { name: "y", type: "any" },
        { name: "z", type: "any" },
      ],
    });
    expect(issues("code", { ...config, timeoutMs: 60_001 })).toHaveLength(1);
    expect(issues("code", { ...config, outputs: ["y", "y"] })).toEqual(['outputs.1: output "y" is listed twice']);
    expect(issues("code", { ...config, inputs: ["1x"] })[0]).toMatch(/^inputs.0: port names use letters/);
  });

  it("filter: the condition must parse and read only declared inputs; outputs mirror inputs", () => {
    const filter = getKind("filter")!;
    expect(filter.mayDrop).toBe(true);
    const config = { condition: 'label == "clear" && score >= 4', inputs: ["label", "score", "conversation"] };
    expect(filter.ports(config).outputs.map((p) => p.name)).toEqual(["label", "score", "conversation"]);
    expect(issues("filter", { ...config, condition: "score >= " })).toEqual(["condition: column 10: expected a value, found the end of the condition"]);
    expect(issues("filter", { ...config, condition: "judge.score > 3" })).toEqual([
      'condition: the condition reads "judge", which is not an input (inputs: label, score, conversation)',
    ]);
  });

  it("review: editable fields must be inputs", () => {
    expect(getKind("review")!.mayDrop).toBe(true);
    expect(issues("review", { instructions: "", inputs: ["a"], editable: ["b"] })).toEqual(['editable.0: "b" is not an input (inputs: a)']);
  });

  it("mix: one branch input per weight; aggregate", () => {
    const mix = getKind("mix")!;
    expect(mix.mode).toBe("aggregate");
    expect(mix.ports({ weights: [2, 1, 1], total: 100, dedupe: "none", seed: 0 }).inputs.map((p) => p.name)).toEqual(["branch_1", "branch_2", "branch_3"]);
    expect(issues("mix", { weights: [0, 0], total: "all", dedupe: "field", seed: 0 })).toEqual([
      'dedupeField: dedupe "field" needs a dedupeField',
      "weights: at least one weight must be above 0",
    ]);
  });

  it("export: the path stays relative and inside the pipeline's folder", () => {
    expect(getKind("export")!.mode).toBe("aggregate");
    expect(issues("export", { format: "sharegpt", images: "copy", outPath: "/etc/x.jsonl" })).toEqual(["outPath: use a path relative to the pipeline file"]);
    expect(issues("export", { format: "sharegpt", images: "copy", outPath: "out/../../x.jsonl" })).toEqual(['outPath: the path may not leave the pipeline\'s folder ("..")']);
    expect(issues("export", { format: "parquet", images: "copy", outPath: "x" })).toHaveLength(1);
  });
});

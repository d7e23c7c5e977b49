/**
 * #12 items 2 and 10: the app's validation refuses what a run refuses (a cleared model name), in words that
 * name the field; an empty template is refused; failed calls reach the user without RPC or schema text.
 */
import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { emptyDoc } from "../../../src/renderer/src/store/emptyDoc";
import { addNode } from "../../../src/renderer/src/store/graphOps";
import { shapeProblem, validationOf } from "../../../src/renderer/src/store/validation";
import { errorText } from "../../../src/renderer/src/ui/errorText";
import { PARAM_SCHEMAS } from "../../../src/main/service/paramSchemas";

function docWithModel(model: string) {
  return produce(emptyDoc(), (d) => {
    d.models.solver = { provider: "openai", model, baseUrl: "http://127.0.0.1:8000/v1" };
    const p = addNode(d, "prompt", { x: 0, y: 0 });
    d.nodes.find((n) => n.id === p)!.config.model = "solver";
    d.nodes.find((n) => n.id === p)!.config.template = "Hello";
  });
}

describe("validation in the app", () => {
  it("refuses a blank model name, as runs.start does, naming the model and the field", () => {
    expect(validationOf(docWithModel("qwen")).problems).toEqual([]);
    const doc = docWithModel("");
    const problems = validationOf(doc).problems;
    expect(problems.map((p) => [p.path, p.message])).toEqual([["models.solver.model", 'The model name of model "solver" is empty']]);
    expect(shapeProblem(doc)?.path).toBe("models.solver.model");
    // The run's own param check refuses the same document.
    expect(PARAM_SCHEMAS["runs.start"].safeParse({ doc }).success).toBe(false);
    for (const p of problems) expect(p.message).not.toMatch(/Too small|expected string|>=/);
  });

  it("refuses an empty (or blank) template", () => {
    const doc = produce(docWithModel("qwen"), (d) => void (d.nodes[0].config.template = "  \n"));
    expect(validationOf(doc).problems.map((p) => [p.nodeId, p.path, p.message])).toEqual([["prompt_1", "nodes[0].config.template", expect.stringMatching(/^the template is empty/)]]);
  });

  it("turns a failed call into words without the method, 'bad params' or params paths", () => {
    const rpc = Object.assign(new Error('runs.start: bad params: params.doc.models.solver.model: The model name of model "solver" is empty'), {
      problems: [{ code: "bad-document", message: 'The model name of model "solver" is empty', path: "models.solver.model" }],
    });
    expect(errorText(rpc)).toBe('The model name of model "solver" is empty (at models.solver.model)');
    expect(errorText(new Error("pipelines.get: bad params: params.id: \"id\" must be text"))).toBe('id: "id" must be text');
    expect(errorText(new Error("pipeline \"x\" does not exist"))).toBe('pipeline "x" does not exist');
  });
});

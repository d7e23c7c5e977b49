/**
 * A corpus of broken pipelines, each a small mutation of a valid base. Every case lists ALL the problems it
 * must produce (code, JSON path and a fragment of the message): no fewer, and no spurious extra ones.
 */
import { describe, expect, it } from "vitest";
import type { ProblemCode } from "../../../src/shared/pipeline/problems";
import { parsePipeline, parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { edge, looseBase, promptNode, type Loose } from "./basePipeline";

type Expected = [code: ProblemCode, path: string, fragment: string];

interface Case {
  name: string;
  /** Mutates a copy of the base, or gives raw text to parse. */
  mutate: ((doc: Loose) => void) | string;
  expected: Expected[];
}

const CASES: Case[] = [
  // Document shape.
  { name: "non-JSON text", mutate: "{ nodes: [", expected: [["bad-json", "$", "not valid JSON"]] },
  { name: "bad format string", mutate: (d) => (d.format = "cascade/pipeline"), expected: [["bad-document", "format", "cascade-studio/pipeline"]] },
  { name: "wrong version", mutate: (d) => (d.version = 2), expected: [["bad-document", "version", "1"]] },
  { name: "unknown top-level field", mutate: (d) => (d.author = "me"), expected: [["bad-document", "$", 'unknown field "author"']] },
  {
    name: "apiKey in a model is refused",
    mutate: (d) => (d.models.m.apiKey = "sk-secret"),
    expected: [["bad-document", "models.m", "environment variable"]],
  },
  {
    name: "apiKeyEnv holding a key instead of a variable name",
    mutate: (d) => (d.models.m.apiKeyEnv = "sk-live-123"),
    expected: [["bad-document", "models.m.apiKeyEnv", "NAME of an environment variable"]],
  },
  {
    name: "model name with spaces",
    mutate: (d) => (d.models["my model"] = { provider: "openai", model: "x" }),
    expected: [["bad-document", 'models["my model"]', "model names use letters"]],
  },
  // Messages name the field in words, not zod's defaults (#12 items 2 and 10).
  { name: "blank model name", mutate: (d) => (d.models.m.model = ""), expected: [["bad-document", "models.m.model", 'The model name of model "m" is empty']] },
  { name: "unknown provider", mutate: (d) => (d.models.m.provider = "openia"), expected: [["bad-document", "models.m.provider", "openai"]] },
  { name: "temperature out of range", mutate: (d) => (d.models.m.params = { temperature: 3 }), expected: [["bad-document", "models.m.params.temperature", "\"temperature\" of model \"m\" must be at most 2"]] },
  { name: "node id with spaces", mutate: (d) => (d.nodes[4].id = "my note"), expected: [["bad-document", "nodes[4].id", "ids use letters"]] },
  { name: "node without position", mutate: (d) => delete d.nodes[4].position, expected: [["bad-document", "nodes[4].position", "\"position\" is missing"]] },

  // Kinds and configs.
  { name: "unknown kind", mutate: (d) => (d.nodes[4].kind = "sticky"), expected: [["unknown-kind", "nodes[4].kind", 'unknown node kind "sticky"']] },
  { name: "prompt without template", mutate: (d) => delete d.nodes[1].config.template, expected: [["bad-config", "nodes[1].config.template", "The template is missing"]] },
  { name: "prompt with samples 0", mutate: (d) => (d.nodes[1].config.samples = 0), expected: [["bad-config", "nodes[1].config.samples", "\"samples\" must be at least 1"]] },
  {
    name: "prompt with a bad image port name",
    mutate: (d) => (d.nodes[1].config.images = ["my picture"]),
    expected: [["bad-config", "nodes[1].config.images[0]", "image port names"]],
  },
  {
    name: "extract with a bad regex",
    mutate: (d) => (d.nodes[2].config = { method: "regex", pattern: "([0-9]+" }),
    expected: [["bad-config", "nodes[2].config.pattern", "invalid regular expression"]],
  },
  {
    name: "extract regex without pattern",
    mutate: (d) => (d.nodes[2].config = { method: "regex" }),
    expected: [["bad-config", "nodes[2].config.pattern", "needs a pattern"]],
  },
  {
    name: "extract jsonPath without path",
    mutate: (d) => (d.nodes[2].config = { method: "jsonPath" }),
    expected: [["bad-config", "nodes[2].config.path", "needs a path"]],
  },
  { name: "bad score method", mutate: (d) => (d.nodes[3].config.method = "fuzzy"), expected: [["bad-config", "nodes[3].config.method", "The method must be one of"]] },
  { name: "unknown config field", mutate: (d) => (d.nodes[3].config.strict = true), expected: [["bad-config", "nodes[3].config", 'unknown field "strict"']] },
  {
    name: "dataset without columns",
    mutate: (d) => (d.nodes[0].config.columns = []),
    expected: [["bad-config", "nodes[0].config.columns", "declare at least one column"]],
  },
  {
    name: "empty text list",
    mutate: (d) => d.nodes.push({ id: "words", kind: "text", position: { x: 0, y: 360 }, config: { mode: "list", values: [] } }),
    expected: [["bad-config", "nodes[5].config.values", "at least one value"]],
  },

  // Edges.
  {
    name: "dangling edge source",
    mutate: (d) => (d.edges[0].source = "ghost"),
    expected: [
      ["dangling-edge", "edges[0].source", 'source node "ghost" does not exist'],
      ["unbound-variable", "nodes[1].config.template", "{{question}}"],
    ],
  },
  {
    name: "dangling edge target",
    mutate: (d) => (d.edges[3].target = "nowhere"),
    expected: [
      ["dangling-edge", "edges[3].target", 'target node "nowhere" does not exist'],
      ["missing-input", "nodes[3]", 'required input "truth"'],
    ],
  },
  {
    name: "unknown output port",
    mutate: (d) => (d.edges[0].sourcePort = "questions"),
    expected: [["unknown-port", "edges[0].sourcePort", 'node "data" has no output "questions"']],
  },
  {
    name: "unknown input port",
    mutate: (d) => (d.edges[1].targetPort = "txt"),
    expected: [
      ["unknown-port", "edges[1].targetPort", 'node "pick" has no input "txt"'],
      ["missing-input", "nodes[2]", 'required input "text"'],
    ],
  },
  {
    name: "conversation into a text input",
    mutate: (d) => (d.edges[1].sourcePort = "conversation"),
    expected: [["port-type", "edges[1]", "a conversation output cannot feed a text input"]],
  },
  {
    name: "text into a conversation input",
    mutate: (d) => {
      d.nodes.push(promptNode("check", "Check your answer.", { continueConversation: true }));
      d.edges.push(edge("e5", "data", "question", "check", "conversation"));
    },
    expected: [["port-type", "edges[4]", "a text output cannot feed a conversation input"]],
  },
  {
    name: "image into a text input",
    mutate: (d) => (d.edges[3].sourcePort = "picture"),
    expected: [["port-type", "edges[3]", "a image output cannot feed a text input"]],
  },
  {
    name: "two edges into one input",
    mutate: (d) => d.edges.push(edge("e5", "data", "answer", "pick", "text")),
    expected: [["duplicate-input", "edges[4].targetPort", 'input "text" of node "pick" already has an edge ("e2")']],
  },
  {
    name: "missing required input",
    mutate: (d) => d.edges.splice(3, 1),
    expected: [["missing-input", "nodes[3]", 'required input "truth" (text) has no incoming edge']],
  },

  // Templates and models.
  {
    name: "template variable with no edge",
    mutate: (d) => (d.nodes[1].config.template = "Solve {{question}} in {{language}}"),
    expected: [["unbound-variable", "nodes[1].config.template", "{{language}} has no incoming edge"]],
  },
  {
    name: "system variable with no edge",
    mutate: (d) => (d.nodes[1].config.system = "Answer in {{language}}."),
    expected: [["unbound-variable", "nodes[1].config.system", "{{language}} has no incoming edge"]],
  },
  {
    name: "unclosed tag in a template",
    mutate: (d) => (d.nodes[1].config.template = "Solve:\n  {{question"),
    expected: [
      ["template-syntax", "nodes[1].config.template", "unclosed tag"],
      ["template-syntax", "nodes[1].config.template", "(line 2, column 3)"],
      // The broken tag defines no variable, so the edge that fed it has nowhere to go.
      ["unknown-port", "edges[0].targetPort", 'node "ask" has no input "question"'],
    ],
  },
  {
    name: "invalid variable name in the system text",
    mutate: (d) => (d.nodes[1].config.system = "Be {{2short}}."),
    expected: [["template-syntax", "nodes[1].config.system", 'invalid variable name "2short"']],
  },
  {
    name: "undefined model",
    mutate: (d) => (d.nodes[1].config.model = "gpt"),
    expected: [["undefined-model", "nodes[1].config.model", 'model "gpt" is not defined in models (defined: m)']],
  },

  // Ids.
  { name: "duplicate node id", mutate: (d) => (d.nodes[4].id = "pick"), expected: [["duplicate-id", "nodes[4].id", 'node id "pick" is used more than once']] },
  { name: "duplicate edge id", mutate: (d) => (d.edges[2].id = "e1"), expected: [["duplicate-id", "edges[2].id", 'edge id "e1" is used more than once']] },

  // Cycles.
  {
    name: "self loop",
    mutate: (d) => {
      d.nodes.push(promptNode("echo", "Repeat: {{previous}}"));
      d.edges.push(edge("loop", "echo", "text", "echo", "previous"));
    },
    expected: [["cycle", "nodes[5]", "cycle: echo → echo"]],
  },
  {
    name: "two-node cycle",
    mutate: (d) => {
      d.nodes.push(promptNode("a", "{{x}}"), promptNode("b", "{{y}}"));
      d.edges.push(edge("ab", "a", "text", "b", "y"), edge("ba", "b", "text", "a", "x"));
    },
    expected: [["cycle", "nodes[5]", "cycle: a → b → a"]],
  },
  {
    name: "three-node cycle",
    mutate: (d) => {
      d.nodes.push(promptNode("a", "{{x}}"), promptNode("b", "{{y}}"), promptNode("c", "{{z}}"));
      d.edges.push(edge("ab", "a", "text", "b", "y"), edge("bc", "b", "text", "c", "z"), edge("ca", "c", "text", "a", "x"));
    },
    expected: [["cycle", "nodes[5]", "cycle: a → b → c → a"]],
  },
];

function problemsOf(c: Case) {
  if (typeof c.mutate === "string") return parsePipelineJson(c.mutate).problems;
  const doc = looseBase();
  c.mutate(doc);
  return parsePipeline(doc).problems;
}

describe("broken pipelines", () => {
  it("the base pipeline is valid", () => {
    expect(parsePipeline(looseBase()).problems).toEqual([]);
  });

  it("the corpus is large enough", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(24);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const problems = problemsOf(c);
    const summary = problems.map((p) => `${p.code} @ ${p.path}: ${p.message}`).join("\n");
    // Every expected problem is there (same code and path, message containing the fragment)...
    for (const [code, path, fragment] of c.expected) {
      const hit = problems.some((p) => p.code === code && p.path === path && p.message.includes(fragment));
      expect(hit, `expected ${code} @ ${path} containing "${fragment}"; got:\n${summary}`).toBe(true);
    }
    // ...and nothing else is reported.
    const expectedKeys = new Set(c.expected.map(([code, path]) => `${code} @ ${path}`));
    const extra = problems.filter((p) => !expectedKeys.has(`${p.code} @ ${p.path}`));
    expect(extra, `unexpected problems:\n${summary}`).toEqual([]);
  });

  it("returns every problem of a document with several, not only the first", () => {
    const d = looseBase();
    d.nodes[4].kind = "sticky"; // unknown kind
    d.edges[0].source = "ghost"; // dangling edge (and so {{question}} is unbound)
    d.nodes[1].config.model = "gpt"; // undefined model
    d.nodes.push(promptNode("a", "{{x}}"), promptNode("b", "{{y}}"));
    d.edges.push(edge("ab", "a", "text", "b", "y"), edge("ba", "b", "text", "a", "x")); // cycle
    const codes = parsePipeline(d).problems.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(["unknown-kind", "dangling-edge", "undefined-model", "cycle", "unbound-variable"]));
    expect(codes).toHaveLength(5);
  });

  it("still checks the graph when the document shape is wrong", () => {
    const d = looseBase();
    d.models.m.apiKey = "sk-secret"; // a shape problem
    d.nodes[4].kind = "sticky"; // and a graph problem
    const { doc, problems } = parsePipeline(d);
    expect(doc).toBeUndefined();
    expect(problems.map((p) => `${p.code} @ ${p.path}`).sort()).toEqual(["bad-document @ models.m", "unknown-kind @ nodes[4].kind"]);
  });

  it("names the node or edge a problem concerns", () => {
    const d = looseBase();
    d.nodes[1].config.model = "gpt";
    d.edges[2].id = "e1";
    const problems = parsePipeline(d).problems;
    expect(problems.find((p) => p.code === "undefined-model")?.nodeId).toBe("ask");
    expect(problems.find((p) => p.code === "duplicate-id")?.edgeId).toBe("e1");
  });
});

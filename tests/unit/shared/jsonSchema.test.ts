import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipelineJsonSchema } from "../../../src/shared/pipeline/jsonSchema";
import { kindNames } from "../../../src/shared/nodes/registry";

const COMMITTED = join(__dirname, "../../../schema/pipeline.schema.json");

describe("committed JSON Schema", () => {
  it("schema/pipeline.schema.json equals pipelineJsonSchema()", () => {
    const committed = readFileSync(COMMITTED, "utf8");
    const current = JSON.stringify(pipelineJsonSchema(), null, 2) + "\n";
    expect(
      committed === current,
      "schema/pipeline.schema.json is out of date with the zod schemas: regenerate it with `npm run schema` and commit it",
    ).toBe(true);
  });

  it("describes every node kind and refuses unknown top-level fields", () => {
    const schema = JSON.parse(readFileSync(COMMITTED, "utf8"));
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["format", "version", "name", "models", "nodes", "edges"]));
    const variants: { properties: { kind: { const: string } } }[] = schema.properties.nodes.items.oneOf ?? schema.properties.nodes.items.anyOf;
    expect(variants.map((v) => v.properties.kind.const).sort()).toEqual([...kindNames()].sort());
  });
});

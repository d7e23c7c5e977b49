/** JSON Schema of the pipeline format, generated from the same zod schemas (committed at schema/pipeline.schema.json). */
import { z } from "zod";
import { NODE_KINDS } from "../nodes/registry";
import { EdgeDocSchema, NodeDocSchema, PipelineDocSchema } from "./schema";

export function pipelineJsonSchema(): Record<string, unknown> {
  const nodeVariants = NODE_KINDS.map((k) =>
    NodeDocSchema.extend({ kind: z.literal(k.kind), config: k.configSchema as z.ZodType }).describe(`${k.title}: ${k.description}`),
  );
  const full = PipelineDocSchema.extend({
    nodes: z.array(z.discriminatedUnion("kind", nodeVariants as unknown as [z.ZodObject, ...z.ZodObject[]])),
    edges: z.array(EdgeDocSchema),
  });
  const schema = z.toJSONSchema(full, { target: "draft-2020-12", unrepresentable: "any", io: "input" }) as Record<string, unknown>;
  return { $id: "https://cascade-studio.dev/schema/pipeline.schema.json", title: "Cascade Studio pipeline", ...schema };
}

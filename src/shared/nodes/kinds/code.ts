import { z } from "zod";
import { defineKind } from "../kind";
import { portNameList } from "../../ddf/portNames";

export const CODE_DEFAULT_TIMEOUT_MS = 1000;
export const CODE_MAX_TIMEOUT_MS = 60_000;
export const CODE_DEFAULT_MEMORY_MB = 64;

export const CodeConfigSchema = z
  .object({
    source: z
      .string()
      .min(1, "write a function")
      .describe("JavaScript: a function (inputs) => ({ output: … }); may be async; no files, network or require"),
    inputs: portNameList("input").describe("input port names; the function receives { name: value, … }"),
    outputs: portNameList("output").min(1, "declare at least one output").describe("output port names; the function returns an object with them"),
    timeoutMs: z.number().int().min(1).max(CODE_MAX_TIMEOUT_MS).optional().describe(`wall-clock limit per item (default ${CODE_DEFAULT_TIMEOUT_MS})`),
    memoryMb: z.number().int().min(8).max(4096).optional().describe(`heap limit (default ${CODE_DEFAULT_MEMORY_MB})`),
  })
  .strict();
export type CodeConfig = z.infer<typeof CodeConfigSchema>;

export const codeKind = defineKind({
  kind: "code",
  title: "Code",
  description: "A JavaScript function of the inputs, run in a sandbox with a time and memory limit.",
  category: "transform",
  mode: "per-item",
  configSchema: CodeConfigSchema,
  defaultConfig: (): CodeConfig => ({
    source: "(inputs) => ({ text: String(inputs.text).trim() })",
    inputs: ["text"],
    outputs: ["text"],
    timeoutMs: CODE_DEFAULT_TIMEOUT_MS,
    memoryMb: CODE_DEFAULT_MEMORY_MB,
  }),
  ports: (config) => ({
    inputs: config.inputs.map((name) => ({ name, type: "any", required: true })),
    outputs: config.outputs.map((name) => ({ name, type: "any" })),
  }),
});

/** Code: the node's JavaScript function, run in the sandbox (src/main/sandbox) with its time and memory limits. */
import type { CodeConfig } from "../../../shared/nodes/kinds/code";
import type { Value } from "../../../shared/values";
import { runCode } from "../../sandbox/runCode";
import type { PerItemExecutor } from "./types";

export const codeExecutor: PerItemExecutor<CodeConfig> = {
  async run(config, ctx) {
    const inputs = Object.fromEntries(config.inputs.map((name) => [name, ctx.inputs[name] ?? null]));
    const result = await runCode({ nodeId: ctx.node.id, source: config.source, inputs, outputs: config.outputs, timeoutMs: config.timeoutMs, memoryMb: config.memoryMb });
    if (!result.ok) {
      const logs = result.logs.length ? `; console: ${result.logs.slice(-3).join(" | ")}` : "";
      throw new Error(`${result.error}${logs}`);
    }
    // JSON in, JSON out: every output is a plain JSON value.
    return { output: result.outputs as Record<string, Value> };
  },
};

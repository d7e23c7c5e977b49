/** Filter: keeps the item (passing its inputs through) when the condition holds; drops it with the values otherwise. */
import { parseCondition, type Condition } from "../../../shared/ddf/condition";
import { conditionValues, failedClause } from "../../../shared/ddf/conditionClause";
import { evaluateCondition } from "../../../shared/ddf/conditionEval";
import type { FilterConfig } from "../../../shared/nodes/kinds/filter";
import type { Value } from "../../../shared/values";
import type { PerItemExecutor } from "./types";

const parsed = new Map<string, Condition>();
function compiled(source: string, nodeId: string): Condition {
  let c = parsed.get(source);
  if (!c) {
    const r = parseCondition(source);
    if (!r.ok) throw new Error(`filter ${nodeId}: column ${r.error.column}: ${r.error.message}`);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(source, (c = r.condition));
  }
  return c;
}

export const filterExecutor: PerItemExecutor<FilterConfig> = {
  async run(config, ctx) {
    const id = ctx.node.id;
    const condition = compiled(config.condition, id);
    const result = evaluateCondition(condition, ctx.inputs);
    if (!result.ok) throw new Error(`filter ${id}: ${config.condition}: ${result.error}`);
    if (!result.value) {
      // The condition is false here, so failedClause finds its clause (the whole condition at worst).
      const failed = failedClause(condition, ctx.inputs) ?? { clause: config.condition.trim(), values: {} };
      const values = { condition: config.condition.trim(), clause: failed.clause, read: failed.values, conditionRead: conditionValues(condition, ctx.inputs) };
      return { drop: { code: "condition-false", values } };
    }
    const output: Record<string, Value> = {};
    for (const name of config.inputs) if (ctx.inputs[name] !== undefined) output[name] = ctx.inputs[name];
    return { output };
  },
};

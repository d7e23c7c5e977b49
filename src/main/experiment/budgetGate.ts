/**
 * The budget of a sweep: every model call of every cell passes this gate (a wrapper of the cells' providers).
 * Once the calls made reach --max-calls, or the cost spent reaches --max-cost, no further call starts: the
 * gate aborts the cell that asked, which ends "cancelled" (calls already under way finish and are counted).
 */
import type { ModelConfig } from "../../shared/pipeline/schema";
import type { PriceOverrides } from "../../shared/pricing";
import { costOf } from "../engine/modelCalls";
import { CancelledError } from "../engine/types";
import { decorateChat } from "../providers/registry";
import type { Provider } from "../providers/types";

export class BudgetGate {
  calls = 0;
  costUsd = 0;
  /** Set when the cap was reached: what it was. */
  reached: string | null = null;

  constructor(
    readonly maxCalls: number | undefined,
    readonly maxCostUsd: number | undefined,
    private readonly overrides: PriceOverrides = {},
  ) {}

  private check(): string | null {
    if (this.maxCalls !== undefined && this.calls >= this.maxCalls) return `--max-calls ${this.maxCalls} reached (${this.calls} calls made)`;
    if (this.maxCostUsd !== undefined && this.costUsd >= this.maxCostUsd) return `--max-cost ${this.maxCostUsd} reached ($${this.costUsd.toFixed(4)} spent)`;
    return null;
  }

  /** The provider with its calls counted and refused past the cap (`abort` cancels the cell's run). */
  wrap(provider: Provider, config: ModelConfig, abort: () => void): Provider {
    return decorateChat(provider, async (request, chat) => {
      const over = this.check();
      if (over) {
        this.reached = over;
        abort();
        throw new CancelledError();
      }
      this.calls++;
      const reply = await chat(request);
      if (reply.usage) this.costUsd += costOf(config, reply.usage.inputTokens, reply.usage.outputTokens, this.overrides);
      return reply;
    });
  }
}

/**
 * Review: a human gate. The reviewer's decision for (this node's content, this item) is read from the store:
 * accept passes the inputs through, edit replaces the editable ones, reject drops the item. With no decision
 * (or one made on other inputs) the item is pending: the executor throws a ReviewPendingError, which an engine
 * that knows the "pending" status records as such.
 */
import { applyReview, reviewInputs } from "../../../shared/ddf/review";
import type { ReviewConfig } from "../../../shared/nodes/kinds/review";
import { reviewInputsHash, reviewNodeKey, type ReviewsRepo } from "../../store/reviewsRepo";
import type { PerItemExecutor } from "./types";

export class ReviewPendingError extends Error {
  readonly status = "pending" as const;
  constructor(message: string) {
    super(message);
    this.name = "ReviewPendingError";
  }
}

export function reviewExecutorFor(reviews: ReviewsRepo): PerItemExecutor<ReviewConfig> {
  return {
    mode: "per-item",
    async run(config, ctx) {
      const inputs = reviewInputs(config, ctx.inputs);
      const hash = reviewInputsHash(inputs);
      const outcome = applyReview(ctx.node.id, config, inputs, hash, reviews.get(reviewNodeKey(config), ctx.itemId));
      if (outcome.status === "accepted") return { output: outcome.output };
      if (outcome.status === "rejected") return { drop: outcome.reason };
      throw new ReviewPendingError(outcome.reason);
    },
  };
}

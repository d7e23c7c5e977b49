/**
 * Review: a human gate. The reviewer's decision for (this node's content, this item) is read from the store
 * (ctx.reviews): accept passes the inputs through, edit replaces the editable ones, reject drops the item with
 * "rejected by reviewer" (+ the note). With no decision, or one made on other inputs, the item is pending: it
 * stops here without an error, nothing downstream runs for it, and the next run picks the decision up.
 */
import { applyReview, reviewInputs } from "../../../shared/ddf/review";
import type { ReviewConfig } from "../../../shared/nodes/kinds/review";
import { reviewInputsHash, reviewNodeKey } from "../../store/reviewsRepo";
import type { PerItemExecutor } from "./types";

export const reviewExecutor: PerItemExecutor<ReviewConfig> = {
  mode: "per-item",
  async run(config, ctx) {
    const inputs = reviewInputs(config, ctx.inputs);
    const hash = reviewInputsHash(inputs);
    const outcome = applyReview(ctx.node.id, config, inputs, hash, ctx.reviews.get(reviewNodeKey(config), ctx.itemId));
    if (outcome.status === "accepted") return { output: outcome.output };
    if (outcome.status === "rejected") return { drop: outcome.reason };
    return { pending: outcome.reason };
  },
};

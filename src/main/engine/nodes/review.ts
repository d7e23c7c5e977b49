/**
 * Review: a human gate. The reviewer's decision for (this node's content, this item) is read from the store
 * (ctx.reviews): accept passes the inputs through, edit replaces the editable ones, reject drops the item with
 * "rejected by reviewer" (+ the note). With no decision, or one made on other inputs, the item is pending: it
 * stops here without an error, nothing downstream runs for it, and the next run picks the decision up.
 * Mapped over samples (a "map" edge carrying a Samples value), the engine runs it once per sample: each sample
 * has its own decision, found by the hash of that sample's inputs (`findDecision`). As for any node mapped over
 * samples, one rejected sample drops the item and one waiting sample keeps it pending; the reason names the sample.
 */
import { applyReview, reviewInputs } from "../../../shared/ddf/review";
import type { ReviewConfig } from "../../../shared/nodes/kinds/review";
import { findDecision, reviewInputsHash, reviewNodeKey } from "../../store/reviewsRepo";
import type { PerItemExecutor } from "./types";

export const reviewExecutor: PerItemExecutor<ReviewConfig> = {
  async run(config, ctx) {
    const inputs = reviewInputs(config, ctx.inputs);
    const hash = reviewInputsHash(inputs);
    const outcome = applyReview(ctx.node.id, config, inputs, hash, findDecision(ctx.reviews, reviewNodeKey(config), ctx.itemId, hash));
    if (outcome.status === "accepted") return { output: outcome.output };
    const sample = ctx.sample === undefined ? undefined : ctx.sample + 1;
    if (outcome.status === "rejected") return { drop: { code: "rejected-by-reviewer", values: { ...outcome.rejection, ...(sample === undefined ? {} : { sample }) } } };
    return { pending: outcome.reason + (sample === undefined ? "" : ` (sample ${sample})`) };
  },
};

/** Beside the item on show: the ground truth (when the pipeline scores against one) and what an edit reaches. */
import type { ReviewQueue, ReviewQueueItem } from "../../../shared/contract";
import { valueToText } from "../../../shared/values";
import { editEffectsText } from "./editEffectsText";

export function ReviewTruth({ queue, item }: { queue: ReviewQueue; item: ReviewQueueItem }) {
  if (!queue.truth || item.truth === undefined) return null;
  const from = `${queue.truth.node}.${queue.truth.port}, what ${queue.truth.scoreNode} scores against`;
  return (
    <p className="review__truth" data-testid="review-truth" title={from}>
      <span className="review__name">ground truth</span> <b data-testid="review-truth-value">{valueToText(item.truth)}</b> <span className="muted">({from})</span>
    </p>
  );
}

export function ReviewEditEffects({ queue }: { queue: ReviewQueue }) {
  const { text, all } = editEffectsText(queue);
  if (!text) return null;
  return (
    <p className="review__effects" data-testid="review-edit-effects" title={`After this node: ${all}`}>
      {text}
    </p>
  );
}

/** The item on show: its state, the inputs the reviewer judges (images as pictures), and what passes on once decided. */
import type { ReviewQueue, ReviewQueueItem } from "../../../shared/contract";
import { ReviewValue, sharedPrefix } from "./ReviewValue";

const STATE_TEXT: Record<ReviewQueueItem["state"], string> = { waiting: "waiting", accepted: "accepted", edited: "accepted with edits", rejected: "rejected" };

export function ReviewItemView({ queue, item }: { queue: ReviewQueue; item: ReviewQueueItem }) {
  const edits = item.state === "edited" ? (item.decision?.edits ?? {}) : {};
  const shown = queue.inputs.map((name) => [name, name in edits ? edits[name] : item.inputs[name]] as [string, typeof item.inputs[string]]);
  return (
    <article className="review__item" data-testid="review-item" data-item-id={item.itemId} data-sample={item.sample} data-state={item.state}>
      <header className="review__itemhead">
        <span className="review__itemid">item {item.itemId}</span>
        {item.sample !== undefined && (
          <span className="review__sample" data-testid="review-sample" title="The review node is mapped over this item's samples: each sample is decided on its own">
            sample {item.sample} of {item.samples}
          </span>
        )}
        <span className={`review__state review__state--${item.state}`} data-testid="review-state">
          {STATE_TEXT[item.state]}
        </span>
        {item.staleDecision && <span className="review__stale" title="The inputs changed since this decision was made">earlier decision ({item.decision?.decision}) was made on other inputs</span>}
        {item.decision?.note && <span className="review__note" data-testid="review-note">“{item.decision.note}”</span>}
      </header>
      <div className="review__fields">
        {shown.map(([name, value], k) => (
          <section key={name} className={`review__field${name in edits ? " review__field--edited" : ""}`} data-testid={`review-field-${name}`}>
            <h4 className="review__name">
              {name}
              {queue.editable.includes(name) && <span className="review__tag">editable</span>}
              {name in edits && <span className="review__tag review__tag--edited">edited</span>}
            </h4>
            <ReviewValue value={value} image={queue.imageInputs.includes(name)} shared={sharedPrefix(value, shown.slice(0, k))} />
          </section>
        ))}
      </div>
    </article>
  );
}

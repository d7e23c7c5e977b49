/** One value as a reviewer reads it: text as text, images as pictures, a chat as its turns (with their images), anything else as JSON. */
import { isConversation, isImageRef, isSamples, type ChatMessage, type Value } from "../../../shared/values";

/** How many first turns of `value` equal the whole of an earlier chat input (named), when it continues one. */
export function sharedPrefix(value: Value, earlier: [string, Value][]): { from: string; turns: number } | undefined {
  if (!isConversation(value)) return undefined;
  let best: { from: string; turns: number } | undefined;
  for (const [name, other] of earlier) {
    if (!isConversation(other) || other.messages.length === 0 || other.messages.length >= value.messages.length) continue;
    const same = other.messages.every((m, i) => JSON.stringify(m) === JSON.stringify(value.messages[i]));
    if (same && other.messages.length > (best?.turns ?? 0)) best = { from: name, turns: other.messages.length };
  }
  return best;
}
import { datasetFileUrl } from "../api/fileUrl";

export function ReviewImage({ source }: { source: string }) {
  const url = datasetFileUrl(source);
  if (!url) return <span className="review__missing">image {source} (not viewable here)</span>;
  return (
    <a className="review__img" href={url} target="_blank" rel="noreferrer" title={source}>
      <img src={url} alt={source} data-testid="review-image" />
    </a>
  );
}

function Turn({ m }: { m: ChatMessage }) {
  return (
    <div className={`review__turn review__turn--${m.role}`} data-testid="review-turn" data-role={m.role}>
      <span className="review__role">{m.role}</span>
      {m.images?.map((img, i) => <ReviewImage key={i} source={img.source} />)}
      <div className="review__text">{m.content}</div>
    </div>
  );
}

/** `shared`: the chat's first turns equal those of an earlier input (a continued chat); they are folded into one line. */
export function ReviewValue({ value, image, shared }: { value: Value; image?: boolean; shared?: { from: string; turns: number } }) {
  if (value === null || value === undefined) return <span className="muted">(empty)</span>;
  if (isImageRef(value)) return <ReviewImage source={value.source} />;
  if (typeof value === "string") return image ? <ReviewImage source={value} /> : <div className="review__text">{value}</div>;
  if (typeof value === "number" || typeof value === "boolean") return <div className="review__text">{String(value)}</div>;
  if (isConversation(value)) {
    const skip = shared?.turns ?? 0;
    return (
      <div className="review__chat">
        {skip > 0 && (
          <div className="review__shared" data-testid="review-shared-turns">
            ↑ the first {skip} turns are those of {shared!.from}
          </div>
        )}
        {value.messages.slice(skip).map((m, i) => <Turn key={i + skip} m={m} />)}
      </div>
    );
  }
  if (isSamples(value)) {
    return (
      <ol className="review__samples" data-testid="review-samples">
        {value.values.map((v, i) => (
          <li key={i} className="review__sampleitem" data-testid="review-sample-value">
            <span className="review__samplenum">sample {i + 1} of {value.values.length}</span>
            <ReviewValue value={v} image={image} />
          </li>
        ))}
      </ol>
    );
  }
  return <pre className="review__json">{JSON.stringify(value, null, 2)}</pre>;
}

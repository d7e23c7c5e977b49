/** A value in full: text as preformatted text, images as thumbnails, chats as messages, samples numbered, JSON indented. */
import { isConversation, isImageRef, isSamples, type Value } from "../../../shared/values";
import { ImageThumb } from "./ImageThumb";
import { MessagesView } from "./MessagesView";

export function ValueView({ value }: { value: Value | undefined }) {
  if (value === undefined || value === null) return <span className="muted">—</span>;
  if (typeof value === "string") return <pre className="value value--text" tabIndex={0}>{value}</pre>;
  if (typeof value === "number" || typeof value === "boolean") return <code className="value">{String(value)}</code>;
  if (isImageRef(value)) return <ImageThumb image={value} size={160} />;
  if (isConversation(value))
    return (
      <details className="value value--chat">
        <summary>
          chat of {value.messages.length} message{value.messages.length === 1 ? "" : "s"}
        </summary>
        <MessagesView messages={value.messages} />
      </details>
    );
  if (isSamples(value))
    return (
      <ol className="value value--samples">
        {value.values.map((v, i) => (
          <li key={i}>
            <ValueView value={v} />
          </li>
        ))}
      </ol>
    );
  if (Array.isArray(value) && value.some((v) => isImageRef(v)))
    return (
      <div className="value value--list">
        {value.map((v, i) => (
          <ValueView key={i} value={v} />
        ))}
      </div>
    );
  return <pre className="value value--json" tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>;
}

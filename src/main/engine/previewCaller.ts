/**
 * The model caller of a preview: it prepares every call exactly as a run does (ModelCaller.prepare: the same
 * messages, image hashes, params and cache key) and looks the key up in the cache, but never calls a model.
 * A cache hit gives the stored reply, so the nodes downstream see what the run would see; a miss gives a
 * placeholder and taints the node: calls downstream of it cannot have the run's key, and count as uncached.
 * The placeholder names the missing call's key, so a key computed over placeholders still names one call:
 * two calls with the same such key get the same reply in the run (the first one's, from the cache or in
 * flight). `made` holds the keys of the calls made earlier in the preview (earlier items, and earlier cells
 * of a sweep); a call whose key is in it is a cache hit in the run, as it is for ModelCaller.
 */
import type { ChatMessage } from "../../shared/values";
import { ModelCaller, type CallSite } from "./modelCalls";
import type { ModelCallRequest, ModelCallResult } from "./nodes/types";

/** One call the run would make. */
export interface PreviewCall {
  nodeId: string;
  model: string;
  sample: number;
  messages: ChatMessage[];
  key: string;
  /** The cache holds the reply (and the node reads the cache). */
  cached: boolean;
  /** Not cached, but a call with this key is made earlier (see `made`): a cache hit in the run. */
  shared: boolean;
  /** Upstream replies are not in the cache: the key (and these messages) are not the run's. */
  unknown: boolean;
  /** Whether the run makes it depends on replies not in the cache yet (a shortcut or a drop decides on them). */
  conditional: boolean;
  inputChars: number;
  maxTokens?: number;
  /** Output tokens of the cached reply. */
  cachedOutputTokens?: number;
}

/** The node being previewed: whether its inputs are already unknown, and the calls it asked for. */
export interface PreviewNodeState {
  tainted: boolean;
  /** Its calls are conditional (PreviewCall.conditional). */
  conditional: boolean;
  /** Set when one of its own calls missed the cache (its outputs are then unknown). */
  missed: boolean;
  calls: PreviewCall[];
}

/** Stands in for a reply not cached yet; it names the call (64 bits of its key), so keys over it name one call. */
export const placeholderReply = (nodeId: string, key: string) => `⟨reply of "${nodeId}" (call ${key.slice(0, 16)}): not in the cache yet⟩`;

export class PreviewCaller extends ModelCaller {
  /** Set by the preview before each node runs (nodes of an item run one at a time). */
  current: PreviewNodeState = { tainted: false, conditional: false, missed: false, calls: [] };
  /** Keys of the calls made earlier in this preview (or an earlier cell's): the run finds their replies. */
  made = new Set<string>();

  override async call(req: ModelCallRequest, site: CallSite): Promise<ModelCallResult> {
    const state = this.current;
    const prepared = await this.prepare(req);
    const hit = !state.tainted ? this.cacheGet(prepared.key) : undefined;
    const cached = Boolean(hit) && site.readCache;
    const shared = !cached && site.readCache && this.made.has(prepared.key);
    if (!cached && !shared) this.made.add(prepared.key);
    const call: PreviewCall = {
      nodeId: site.nodeId,
      model: req.model,
      sample: req.sample,
      messages: prepared.messages,
      key: prepared.key,
      cached,
      shared,
      unknown: state.tainted,
      conditional: state.conditional,
      inputChars: prepared.messages.reduce((n, m) => n + m.content.length, 0),
      ...(prepared.params.maxTokens !== undefined ? { maxTokens: prepared.params.maxTokens } : {}),
      ...(hit?.outputTokens !== undefined ? { cachedOutputTokens: hit.outputTokens } : {}),
    };
    state.calls.push(call);
    // A reply the run would fetch anew (a miss, or a node that does not read the cache) is not known yet.
    if (!cached) state.missed = true;
    return { text: hit?.reply ?? placeholderReply(site.nodeId, prepared.key), cached };
  }

  private cacheGet(key: string) {
    return this.o.store.cache.get(key);
  }
}

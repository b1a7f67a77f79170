import { RUN_EVENT_NAMES } from '@openchoreo-build/plugin-openchoreo-build-common';
import { SseFrame } from '../http/sseFrame';
import { sseDataLines, sseEvent } from '../http/SseWriter';
import type { SequencedRunEvent } from '../informer/RunEventLog';

/** The `id:` of a stream at `rv` in one namespace; a stream of several joins theirs with `,`. */
export const eventId = (namespace: string, rv: number | undefined) =>
  `${namespace}:${rv ?? 0}`;

/**
 * Frames of one change kept for streams whose id differs from the single-namespace one (a
 * stream of several namespaces); more distinct ids than this are framed per stream, uncached.
 */
const MAX_FRAMES_PER_CHANGE = 8;

interface ChangeFrames {
  /** The event's JSON (`data:`), the same for every stream. */
  data: string;
  /** The frame of a stream of the change's namespace only: its id is the change's position. */
  single?: SseFrame;
  /** Frames by id, for streams of several namespaces. */
  byId?: Map<string, SseFrame>;
}

/**
 * Frames by change. An informer hands the same {@link SequencedRunEvent} object to every
 * subscriber (live and replayed from its log), so a change is serialized and encoded once for
 * every stream that sends it; the frames go when the log lets the change go.
 */
const frames = new WeakMap<SequencedRunEvent, ChangeFrames>();
/** The change being fanned out: every stream asks for it in turn, so it is checked first. */
let last: { change?: SequencedRunEvent; frames?: ChangeFrames } = {};

function framesOf(change: SequencedRunEvent): ChangeFrames {
  if (last.change === change && last.frames) return last.frames;
  let entry = frames.get(change);
  if (entry === undefined) {
    entry = { data: sseDataLines(JSON.stringify(change.event)) };
    frames.set(change, entry);
  }
  last = { change, frames: entry };
  return entry;
}

const frame = (entry: ChangeFrames, id: string) =>
  new SseFrame(sseEvent(RUN_EVENT_NAMES.run, entry.data, id));

/**
 * The complete `run` event (id, event, data, blank line) of `change` for a stream of its
 * namespace only, whose id is the change's position: the same bytes for every such stream, so
 * a thousand streams write one Buffer instead of building and encoding a thousand strings.
 */
export function singleNamespaceRunFrame(change: SequencedRunEvent): SseFrame {
  const entry = framesOf(change);
  entry.single ??= frame(entry, eventId(change.event.namespace, change.rv));
  return entry.single;
}

/** The `run` event of `change` with the id `id` (a stream of several namespaces). */
export function runFrame(change: SequencedRunEvent, id: string): SseFrame {
  const entry = framesOf(change);
  entry.byId ??= new Map();
  let bytes = entry.byId.get(id);
  if (bytes === undefined) {
    bytes = frame(entry, id);
    if (entry.byId.size < MAX_FRAMES_PER_CHANGE) entry.byId.set(id, bytes);
  }
  return bytes;
}

// The stream's server events (docs/api.md, WS /converse/stream) → what the page shows.
// A pure reducer, unit-tested in test/converseEvents.test.ts; audio playback is player.ts's.
import type { WordAssessment } from "../types";

export interface TurnView {
  transcript: string | null;
  reply: string;
  words: WordAssessment[];
  correction: string | null;
  status: "replying" | "completed" | "failed" | "cancelled";
}

export interface ConverseView {
  connected: boolean;
  speaking: boolean;
  turns: TurnView[];
  errors: string[];
  ended: string | null;
  audioChunks: number;
}

export const EMPTY_VIEW: ConverseView = { connected: false, speaking: false, turns: [], errors: [], ended: null, audioChunks: 0 };

export type ServerEvent = { type: string; [field: string]: unknown };

const NEW_TURN: TurnView = { transcript: null, reply: "", words: [], correction: null, status: "replying" };

function withLast(view: ConverseView, change: (turn: TurnView) => Partial<TurnView>): ConverseView {
  const turns = view.turns.length ? view.turns.slice() : [NEW_TURN];
  turns[turns.length - 1] = { ...turns[turns.length - 1], ...change(turns[turns.length - 1]) };
  return { ...view, turns };
}

export function reduce(view: ConverseView, event: ServerEvent): ConverseView {
  switch (event.type) {
    case "session.created":
      return { ...view, connected: true, ended: null };
    case "input_audio_buffer.speech_started":
      return { ...view, speaking: true, ended: null };
    case "input_audio_buffer.speech_stopped":
      return { ...view, speaking: false, turns: [...view.turns, NEW_TURN] };
    case "conversation.item.input_audio_transcription.completed":
      return withLast(view, () => ({ transcript: String(event.transcript ?? "") }));
    case "response.text.delta":
      return withLast(view, (t) => ({ reply: t.reply + String(event.delta ?? "") }));
    case "response.audio.delta":
      return { ...view, audioChunks: view.audioChunks + 1 };
    case "conversation.item.assessment": {
      const a = event.assessment as { words?: WordAssessment[]; correction?: string | null } | undefined;
      return withLast(view, () => ({ words: a?.words ?? [], correction: a?.correction ?? null }));
    }
    case "response.done": {
      const status = (event.response as { status?: TurnView["status"] } | undefined)?.status ?? "completed";
      return withLast(view, () => ({ status }));
    }
    case "error": {
      const e = event.error as { message?: string; stage?: string } | undefined;
      const text = `${e?.stage ? `${e.stage}: ` : ""}${e?.message ?? "unknown error"}`;
      return { ...view, errors: [...view.errors, text] };
    }
    case "dialog.ended":
      return { ...view, speaking: false, ended: `The dialog ended after ${Number(event.turns ?? 0)} turn(s) of talk (silence).` };
    default:
      return view;
  }
}

/** Whether the event means: stop the reply audio now (barge-in or a cancelled reply). */
export function stopsPlayback(event: ServerEvent): boolean {
  if (event.type === "output_audio_buffer.cleared") return true;
  return event.type === "response.done" && (event.response as { status?: string } | undefined)?.status === "cancelled";
}

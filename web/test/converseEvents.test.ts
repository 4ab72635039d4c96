import { describe, expect, it } from "vitest";
import { EMPTY_VIEW, reduce, stopsPlayback, type ServerEvent } from "../src/converse/events";

const run = (events: ServerEvent[]) => events.reduce(reduce, EMPTY_VIEW);
const word = { text: "productive", severity: "high", error_type: "Stress", accuracy: 40 };

describe("converse event reducer", () => {
  it("builds a turn from speech, transcript, reply text, audio and assessment", () => {
    const v = run([
      { type: "session.created", session: {} },
      { type: "input_audio_buffer.speech_started", audio_start_ms: 300 },
      { type: "input_audio_buffer.speech_stopped", audio_end_ms: 2100 },
      { type: "conversation.item.input_audio_transcription.completed", transcript: "I am productive" },
      { type: "response.text.delta", delta: "Nice! " },
      { type: "response.text.delta", delta: "Tell me more." },
      { type: "response.audio.delta", delta: "AAAA", sample_rate: 22050 },
      { type: "conversation.item.assessment", assessment: { words: [word], correction: "'productive': stress the second syllable" } },
      { type: "response.done", response: { status: "completed" } },
    ]);
    expect(v.connected).toBe(true);
    expect(v.speaking).toBe(false);
    expect(v.turns).toHaveLength(1);
    expect(v.turns[0]).toMatchObject({ transcript: "I am productive", reply: "Nice! Tell me more.", status: "completed" });
    expect(v.turns[0].words[0].text).toBe("productive");
    expect(v.turns[0].correction).toContain("second syllable");
    expect(v.audioChunks).toBe(1);
  });

  it("shows the speech indicator, errors with their stage, and the dialog's end", () => {
    const speaking = run([{ type: "input_audio_buffer.speech_started" }]);
    expect(speaking.speaking).toBe(true);
    const v = run([
      { type: "error", error: { code: "no_speech", message: "nothing was heard", stage: "asr" } },
      { type: "dialog.ended", turns: 2, reason: "silence" },
    ]);
    expect(v.errors).toEqual(["asr: nothing was heard"]);
    expect(v.ended).toContain("2 turn");
  });

  it("marks a cancelled reply and stops playback for it and for a barge-in", () => {
    const cancelled = { type: "response.done", response: { status: "cancelled" } };
    expect(run([{ type: "input_audio_buffer.speech_stopped" }, cancelled]).turns[0].status).toBe("cancelled");
    expect(stopsPlayback(cancelled)).toBe(true);
    expect(stopsPlayback({ type: "output_audio_buffer.cleared", reason: "barge_in" })).toBe(true);
    expect(stopsPlayback({ type: "response.done", response: { status: "completed" } })).toBe(false);
  });

  it("ignores unknown events", () => {
    expect(run([{ type: "rate_limits.updated" }])).toEqual(EMPTY_VIEW);
  });
});

import { useEffect, useRef, useState } from "preact/hooks";
import { sameOrigin } from "../api";
import { scoreWord, SEVERITY, wordExtra, wordLabel } from "../present";
import { href } from "../route";
import type { Feedback, ProcessResult, UtteranceScores, WordAssessment } from "../types";
import { Notice } from "./Notice";
import { Waveform } from "./Waveform";
import { WordDetail } from "./WordDetail";

const SCORE_NAMES: (keyof UtteranceScores)[] = ["overall", "accuracy", "stress", "fluency", "completeness"];

export function Scores({ scores }: { scores: UtteranceScores }) {
  return (
    <ul class="scores" aria-label="Scores out of 100">
      {SCORE_NAMES.map((name) => (
        <li key={name} class={name === "overall" ? "overall" : ""}>
          <span class="score-name">{name}</span>
          <span class="score-value">{Math.round(scores[name])}</span>
          <span class="score-word">{scoreWord(scores[name])}</span>
        </li>
      ))}
    </ul>
  );
}

export function SentenceWords({ words, selected, onSelect }: { words: WordAssessment[]; selected: number | null; onSelect: (i: number) => void }) {
  return (
    <ol class="words" aria-label="Your sentence, word by word (choose a word for its sounds)">
      {words.map((w, i) => {
        const look = SEVERITY[w.severity];
        return (
          <li key={i}>
            <button type="button" class={`word sev-${w.severity}`} data-severity={w.severity} aria-pressed={selected === i} onClick={() => onSelect(i)}>
              <span class="word-text">{w.text.toLowerCase()}</span>
              <span class="word-sev">
                <span aria-hidden="true">{look.icon} </span>
                {wordLabel(w)}
              </span>
              <span class="sr-only">, {wordExtra(w)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export function Legend() {
  return (
    <p class="legend" aria-hidden="true">
      {Object.entries(SEVERITY).map(([sev, look]) => (
        <span key={sev} class={`sev-${sev}`}>
          {look.icon} {look.label}
        </span>
      ))}
    </p>
  );
}

function FeedbackView({ feedback }: { feedback: Feedback }) {
  return (
    <section class="panel feedback" aria-labelledby="fb-title">
      <h2 id="fb-title">Coaching</h2>
      <p>{feedback.summary}</p>
      {feedback.tips.map((tip, i) => (
        <div key={i} class="tip">
          <h3>
            {tip.word} <span class="example">{tip.example}</span>
          </h3>
          <p>{tip.problem}</p>
          <p>
            <strong>How to fix it: </strong>
            {tip.how_to_fix}
          </p>
        </div>
      ))}
      {feedback.drills.length > 0 && <h3>Drills</h3>}
      {feedback.drills.map((d, i) => (
        <div key={i} class="drill">
          <p class="drill-focus">{d.focus}</p>
          <ul class="drill-items">
            {d.items.map((item) => (
              <li key={item}>
                {d.kind === "sentence" ? <a href={href("practice", { text: item.replace(/-/g, "").toLowerCase().replace(/^./, (c) => c.toUpperCase()) })}>{item}</a> : item}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p class="encourage">{feedback.encouragement}</p>
    </section>
  );
}

type Track = "learner" | "model" | "own";

export function ResultView({ result, localAudio, onTryAgain }: { result: ProcessResult; localAudio?: string | null; onTryAgain?: () => void }) {
  const [selected, setSelected] = useState<number | null>(null);
  const players = { learner: useRef<HTMLAudioElement>(null), model: useRef<HTMLAudioElement>(null), own: useRef<HTMLAudioElement>(null) };
  const stopAt = useRef<number | null>(null);
  const learnerSrc = sameOrigin(result.audio.learner?.url) ?? localAudio ?? null;
  const sources: Record<Track, string | null> = {
    learner: learnerSrc,
    model: sameOrigin(result.audio.model_pronunciation?.url),
    own: sameOrigin(result.audio.own_voice?.url),
  };
  const word = selected === null ? null : result.words[selected];

  useEffect(() => {
    const el = players.learner.current;
    if (!el) return;
    const onTime = () => {
      if (stopAt.current !== null && el.currentTime >= stopAt.current) {
        el.pause();
        stopAt.current = null;
      }
    };
    el.addEventListener("timeupdate", onTime);
    return () => el.removeEventListener("timeupdate", onTime);
  }, [learnerSrc]);

  const play = (track: Track) => {
    Object.values(players).forEach((p) => p.current?.pause());
    const el = players[track].current;
    if (!el) return;
    stopAt.current = null;
    el.currentTime = 0;
    void el.play();
  };
  const playWord = (w: WordAssessment) => {
    const el = players.learner.current;
    if (!el || w.start === null || w.end === null) return;
    Object.values(players).forEach((p) => p.current?.pause());
    el.currentTime = w.start;
    stopAt.current = w.end;
    void el.play();
  };

  const labels: Record<Track, string> = { learner: "Your recording", model: "Model pronunciation", own: "Your own voice, said right" };
  return (
    <section class="result" aria-labelledby="result-title" data-server-total-s={result.total_s}>
      <h1 id="result-title">Result</h1>
      <p class="target">
        {result.target_source === "transcript" ? "Heard: " : "Sentence: "}
        <q>{result.target_text}</q>
        {result.transcript && result.target_source === "given" && <span class="small"> · heard “{result.transcript}”</span>}
      </p>
      {result.errors.length > 0 && (
        <Notice kind="warn">Some parts could not be produced: {result.errors.map((e) => `${e.stage} (${e.message})`).join("; ")}</Notice>
      )}
      {result.scores && <Scores scores={result.scores} />}
      <div class="result-grid">
        <div class="panel">
          <SentenceWords words={result.words} selected={selected} onSelect={(i) => setSelected(i === selected ? null : i)} />
          <Legend />
          {word ? <WordDetail word={word} onPlay={learnerSrc ? () => playWord(word) : undefined} /> : <p class="hint">Choose a word to see its sounds and stress.</p>}
        </div>
        <div class="panel">
          <div class="players">
            {(Object.keys(labels) as Track[]).map((track) =>
              sources[track] ? (
                <div class="player" key={track}>
                  <button type="button" onClick={() => play(track)} data-track={track}>
                    <span aria-hidden="true">▶ </span>
                    {labels[track]}
                  </button>
                  <audio ref={players[track]} src={sources[track]!} preload="auto" data-track={track} controls aria-label={labels[track]} />
                </div>
              ) : null,
            )}
          </div>
          {sources.learner && <Waveform src={sources.learner} words={result.words} onWord={(i) => setSelected(i)} />}
        </div>
      </div>
      {result.feedback && <FeedbackView feedback={result.feedback} />}
      {onTryAgain && (
        <p>
          <button type="button" class="primary" onClick={onTryAgain}>
            <span aria-hidden="true">↺ </span>Try again
          </button>
        </p>
      )}
    </section>
  );
}

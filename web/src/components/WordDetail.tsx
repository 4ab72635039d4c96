import { arpabetToIpa } from "../phones";
import { describeWord, evidenceBars, SEVERITY, STRESS_VERDICT, stressView, syllableIpa } from "../present";
import type { PhoneAssessment, WordAssessment } from "../types";

const STATUS_TEXT: Record<PhoneAssessment["status"], string> = {
  correct: "correct",
  substituted: "replaced",
  deleted: "left out",
  inserted: "extra",
};

function phoneCell(arpabet: string | null) {
  if (!arpabet) return <span class="none">—</span>;
  return (
    <>
      <span class="ipa">/{arpabetToIpa(arpabet)}/</span> <code>{arpabet}</code>
    </>
  );
}

export function PhoneTable({ word }: { word: WordAssessment }) {
  return (
    <table class="phones">
      <caption>Sounds of “{word.text}”: expected against what was heard</caption>
      <thead>
        <tr>
          <th scope="col">expected</th>
          <th scope="col">heard</th>
          <th scope="col">verdict</th>
          <th scope="col">score</th>
        </tr>
      </thead>
      <tbody>
        {word.phones.map((p, i) => (
          <tr key={i} class={`status-${p.status}`}>
            <td>{phoneCell(p.expected)}</td>
            <td>{p.status === "deleted" ? <span class="none">nothing</span> : phoneCell(p.realized ?? (p.status === "correct" ? p.expected : null))}</td>
            <td>
              <span aria-hidden="true">{p.status === "correct" ? "✓ " : "✖ "}</span>
              {STATUS_TEXT[p.status]}
            </td>
            <td>{Math.round(p.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StressDetail({ word }: { word: WordAssessment }) {
  const view = stressView(word);
  if (!view) return null;
  const bars = evidenceBars(word.stress.syllables);
  const s = word.stress;
  return (
    <div class="stress">
      <h4>Stress</h4>
      <dl class="stress-marks">
        <dt>expected</dt>
        <dd class="ipa" data-testid="stress-expected">
          {view.expected}
        </dd>
        <dt>heard</dt>
        <dd class="ipa" data-testid="stress-detected">
          {view.detected ?? "not judged (weak form or unclear)"}
          {view.verdict && <span class={`verdict verdict-${view.verdict}`}> {STRESS_VERDICT[view.verdict]}</span>}
        </dd>
      </dl>
      {s.applicable && <p class="small">Chance the stress is wrong: {Math.round(s.error_probability * 100)} %.</p>}
      <table class="evidence">
        <caption>Evidence per syllable (longer, louder and higher vowels sound stressed)</caption>
        <thead>
          <tr>
            <th scope="col">syllable</th>
            <th scope="col">vowel length</th>
            <th scope="col">loudness</th>
            <th scope="col">pitch</th>
          </tr>
        </thead>
        <tbody>
          {s.syllables.map((syl, i) => (
            <tr key={i}>
              <th scope="row" class="ipa">
                {i === s.expected_primary ? "ˈ" : ""}
                {syllableIpa(syl)}
              </th>
              {bars[i].map((bar) => (
                <td key={bar.label}>
                  <span class="bar" aria-hidden="true">
                    <span style={{ width: `${Math.round(bar.fraction * 100)}%` }} />
                  </span>
                  <span class="bar-text">{bar.text}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WordDetail({ word, onPlay }: { word: WordAssessment; onPlay?: () => void }) {
  const look = SEVERITY[word.severity];
  return (
    <div class="word-detail" aria-live="polite">
      <h3>
        “{word.text}” <span class="ipa">/{word.ipa}/</span>
      </h3>
      <p class={`sev-text sev-${word.severity}`}>
        <span aria-hidden="true">{look.icon} </span>
        {describeWord(word)}
        {word.weak_form && " · weak form (normally reduced)"}
      </p>
      {onPlay && word.start !== null && word.end !== null && (
        <button type="button" onClick={onPlay}>
          <span aria-hidden="true">▶ </span>Play this word ({word.start.toFixed(2)}–{word.end.toFixed(2)} s)
        </button>
      )}
      <PhoneTable word={word} />
      <StressDetail word={word} />
    </div>
  );
}

import { arpabetToIpa } from "../phones";
import { href } from "../route";
import type { PracticeGroup, Progress } from "../types";
import { NOT_AVAILABLE } from "./HistoryPage";
import { Notice } from "./Notice";
import { ProgressChart } from "./ProgressChart";
import { useApi } from "./useApi";

/** The practice group that trains a substitution, if one has both sounds in its focus. */
function groupFor(groups: PracticeGroup[], expected: string, realized: string): PracticeGroup | undefined {
  const [a, b] = [arpabetToIpa(expected), arpabetToIpa(realized)];
  return groups.find((g) => g.kind === "sound" && g.focus.split(" vs ").includes(a) && g.focus.split(" vs ").includes(b));
}

export function ProgressPage() {
  const [progress] = useApi<Progress>("/progress");
  const [practice] = useApi<{ groups: PracticeGroup[] }>("/practice");
  const groups = practice.state === "ok" ? practice.data.groups : [];
  return (
    <section aria-labelledby="progress-title">
      <h1 id="progress-title">Progress</h1>
      {progress.state === "loading" && <Notice>Loading your progress…</Notice>}
      {progress.state === "unavailable" && <Notice kind="warn">Progress is {NOT_AVAILABLE}</Notice>}
      {progress.state === "error" && <Notice kind="error">{progress.message}</Notice>}
      {progress.state === "ok" && (
        <>
          <p>{progress.data.attempts} attempts so far.</p>
          <div class="panel">
            <h2>Scores over time</h2>
            <ProgressChart points={progress.data.scores_over_time} />
          </div>
          <div class="progress-grid">
            <div class="panel">
              <h2>Sounds that go wrong most</h2>
              <ul class="plain">
                {progress.data.top_substitutions.map((s) => {
                  const group = groupFor(groups, s.expected, s.realized);
                  const sentence = group?.sentences[0]?.text;
                  return (
                    <li key={`${s.expected}-${s.realized}`}>
                      <span class="ipa">
                        /{arpabetToIpa(s.expected)}/ → /{arpabetToIpa(s.realized)}/
                      </span>{" "}
                      <code>
                        {s.expected}→{s.realized}
                      </code>{" "}
                      × {s.count} {sentence && <a href={href("practice", { text: sentence })}>Practise {group.focus}</a>}
                    </li>
                  );
                })}
              </ul>
            </div>
            <div class="panel">
              <h2>Words to practise</h2>
              <ul class="plain">
                {progress.data.words_to_practise.map((w) => (
                  <li key={w.word}>
                    <strong>{w.word.toLowerCase()}</strong> × {w.count}, last {Math.round(w.last_accuracy)}/100{" "}
                    <a href={href("practice", { text: w.word.toLowerCase() })} aria-label={`Practise ${w.word.toLowerCase()}`}>
                      Practise
                    </a>
                  </li>
                ))}
              </ul>
              <h2>Stress errors</h2>
              <ul class="plain">
                {progress.data.stress_errors.map((w) => (
                  <li key={w.word}>
                    <strong>{w.word.toLowerCase()}</strong> × {w.count}{" "}
                    <a href={href("practice", { text: w.word.toLowerCase() })} aria-label={`Practise the stress of ${w.word.toLowerCase()}`}>
                      Practise
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

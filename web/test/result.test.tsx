import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ResultView } from "../src/components/ResultView";
import { SEVERITY } from "../src/present";
import type { ProcessResult } from "../src/types";
import { goldenResult, withStressError } from "./fixture";

let root: HTMLElement;
beforeEach(() => {
  // the waveform fetches the learner audio: no server here, the view must still render
  vi.stubGlobal("fetch", () => Promise.reject(new TypeError("offline")));
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => {
  vi.unstubAllGlobals();
  render(null, root);
  root.remove();
});

function show(result: ProcessResult) {
  render(<ResultView result={result} />, root);
  return [...root.querySelectorAll<HTMLButtonElement>("button.word")];
}

async function select(button: HTMLButtonElement) {
  button.click();
  await new Promise((r) => setTimeout(r, 0)); // let preact re-render
}

describe("result view from the golden mock answer", () => {
  it("renders every word in order, each with its severity as class, icon and text", () => {
    const result = goldenResult();
    const buttons = show(result);
    expect(buttons.map((b) => b.querySelector(".word-text")!.textContent)).toEqual(result.words.map((w) => w.text.toLowerCase()));
    buttons.forEach((button, i) => {
      const severity = result.words[i].severity;
      expect(button.dataset.severity).toBe(severity);
      expect(button.classList.contains(`sev-${severity}`)).toBe(true);
      expect(button.querySelector(".word-sev")!.textContent).toContain(SEVERITY[severity].icon);
      expect(button.querySelector(".word-sev")!.textContent).toContain(SEVERITY[severity].label);
      expect(button.querySelector(".sr-only")!.textContent).toContain(`${Math.round(result.words[i].accuracy)}/100`);
    });
  });

  it("shows the five scores as numbers with words", () => {
    show(goldenResult());
    const scores = [...root.querySelectorAll(".scores li")].map((li) => li.textContent);
    expect(scores).toEqual(["overall97good", "accuracy99good", "stress100good", "fluency88good", "completeness100good"]);
  });

  it("a word's phones: expected and realised in IPA and ARPAbet with scores", async () => {
    const result = goldenResult();
    const buttons = show(result);
    await select(buttons[6]); // PRODUCTIVE
    const rows = [...root.querySelectorAll("table.phones tbody tr")];
    expect(rows).toHaveLength(result.words[6].phones.length);
    expect(rows[1].textContent).toBe(`/ɹ/ R/ɹ/ R✓ correct${Math.round(result.words[6].phones[1].score)}`);
    expect(rows[2].textContent).toContain("/ə/ AH0");
  });

  it("syllables carry the expected stress mark against the detected one, with evidence", async () => {
    const buttons = show(goldenResult());
    await select(buttons[6]);
    expect(root.querySelector("[data-testid=stress-expected]")!.textContent).toBe("pɹə·ˈdʌk·tɪv");
    expect(root.querySelector("[data-testid=stress-detected]")!.textContent).toBe("pɹə·ˈdʌk·tɪv ✓ right syllable");
    const evidence = [...root.querySelectorAll("table.evidence tbody tr")].map((r) => r.textContent);
    expect(evidence).toEqual(["pɹə0.10 s76 dB213 Hz", "ˈdʌk0.10 s74 dB235 Hz", "tɪv0.14 s70 dB220 Hz"]);
  });

  it("a stronger other syllable below the error threshold is shown as close, not right", async () => {
    const result = goldenResult();
    result.words[6].stress.detected_primary = 0; // is_error stays false
    const buttons = show(result);
    await select(buttons[6]);
    expect(root.querySelector("[data-testid=stress-detected]")!.textContent).toBe("ˈpɹə·dʌk·tɪv ≈ another syllable was a little stronger; not counted as an error");
  });

  it("a one-syllable weak form has no stress marks", async () => {
    const buttons = show(goldenResult());
    await select(buttons[3]); // TO
    expect(root.querySelector(".word-detail")!.textContent).toContain("weak form");
    expect(root.querySelector("[data-testid=stress-expected]")).toBeNull();
  });
});

describe("result view of a stress error", () => {
  it("marks the word high severity with icon and error text, not colour alone", () => {
    const buttons = show(withStressError());
    const word = buttons[6];
    expect(word.dataset.severity).toBe("high");
    expect(word.querySelector(".word-sev")!.textContent).toBe("✖ stress");
    expect(word.textContent).toBe("productive✖ stress, stress on the wrong syllable, 42/100");
  });

  it("shows the detected stress on another syllable than the expected one", async () => {
    const buttons = show(withStressError());
    await select(buttons[6]);
    expect(root.querySelector("[data-testid=stress-expected]")!.textContent).toBe("pɹə·ˈdʌk·tɪv");
    expect(root.querySelector("[data-testid=stress-detected]")!.textContent).toBe("ˈpɹə·dʌk·tɪv ✖ stress on the wrong syllable");
    const substituted = root.querySelector("table.phones tr.status-substituted")!;
    expect(substituted.textContent).toBe("/d/ D/t/ T✖ replaced22");
  });
});

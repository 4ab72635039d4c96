import { describe, expect, it } from "vitest";
import { arpabetToIpa } from "../src/phones";
import { evidenceBars, markStress } from "../src/present";
import { goldenResult } from "./fixture";

describe("presentation helpers", () => {
  it("maps ARPAbet to IPA with the reduced vowels", () => {
    expect(["TH", "AH0", "AH1", "ER0", "ER1", "NG", null].map(arpabetToIpa)).toEqual(["θ", "ə", "ʌ", "ɚ", "ɝ", "ŋ", "∅"]);
  });

  it("places ˈ before the chosen syllable only", () => {
    const syllables = goldenResult().words[6].stress.syllables;
    expect(markStress(syllables, 0)).toBe("ˈpɹə·dʌk·tɪv");
    expect(markStress(syllables, 2)).toBe("pɹə·dʌk·ˈtɪv");
    expect(markStress(syllables, null)).toBe("pɹə·dʌk·tɪv");
  });

  it("scales evidence bars within the word (longest vowel = full bar)", () => {
    const bars = evidenceBars(goldenResult().words[6].stress.syllables);
    expect(bars.map((b) => b[0].fraction)).toEqual([0.1 / 0.14, 0.1 / 0.14, 1]);
    expect(bars[0][1].fraction).toBe(1); // the loudest vowel
    expect(bars[2][1].fraction).toBeCloseTo(1 - (75.66 - 70.16) / 30, 6);
    expect(bars[1][2].text).toBe("235 Hz");
  });
});

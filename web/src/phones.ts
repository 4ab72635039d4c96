// ARPAbet (CMUdict's 39 phones, vowels with a stress digit) → IPA, General American; the same
// table as libs/voicemesh/voicemesh/phones.py (AH0 = ə, ER0 = ɚ, unstressed variants).

const IPA: Record<string, string> = {
  AA: "ɑ", AE: "æ", AH: "ʌ", AO: "ɔ", AW: "aʊ", AY: "aɪ", EH: "ɛ", ER: "ɝ", EY: "eɪ", IH: "ɪ",
  IY: "i", OW: "oʊ", OY: "ɔɪ", UH: "ʊ", UW: "u",
  B: "b", CH: "tʃ", D: "d", DH: "ð", F: "f", G: "ɡ", HH: "h", JH: "dʒ", K: "k", L: "l", M: "m",
  N: "n", NG: "ŋ", P: "p", R: "ɹ", S: "s", SH: "ʃ", T: "t", TH: "θ", V: "v", W: "w", Y: "j",
  Z: "z", ZH: "ʒ",
};

/** The phone without its stress digit: AH0 → AH. */
export function basePhone(arpabet: string): string {
  return arpabet.replace(/[012]$/, "");
}

/** IPA of one ARPAbet phone; unstressed AH/ER are the reduced ə/ɚ. Unknown → the input. */
export function arpabetToIpa(arpabet: string | null): string {
  if (!arpabet) return "∅";
  if (arpabet === "AH0") return "ə";
  if (arpabet === "ER0") return "ɚ";
  return IPA[basePhone(arpabet)] ?? arpabet;
}

export function isVowel(arpabet: string): boolean {
  return /[012]$/.test(arpabet);
}

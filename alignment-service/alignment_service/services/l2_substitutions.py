"""The default list of likely L2 English phone substitutions for the extended recognition
network (ERN).

Each expected phone (ARPAbet, no stress digit) maps to the phones a learner commonly says
instead. Compiled by hand from the substitution patterns described for Mandarin, Cantonese,
Japanese, Korean, Spanish, German and Hindi speakers in Swan & Smith, *Learner English*
(2nd ed., Cambridge University Press, 2001), and from the phones with the weakest GOP/expert
agreement on speechocean762 (Y, AW, V, OW, UH, DH, B, UW; see the project's DESIGN notes).
Deletions (e.g. final consonant deletion) and insertions (epenthetic vowels) are not
substitutions: they show up as phones squeezed to the 3-frame minimum, not here.
"""

from __future__ import annotations

from types import MappingProxyType

DEFAULT_L2_SUBSTITUTIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        # Dental fricatives: th-stopping and th-fronting.
        "TH": ("T", "S", "F"),
        "DH": ("D", "Z"),
        # Labial approximant / fricative confusions.
        "V": ("W", "F"),
        "W": ("V",),
        # Liquids (East Asian L1s).
        "R": ("L",),
        "L": ("R",),
        # Final devoicing and sibilant confusions.
        "Z": ("S",),
        "ZH": ("SH", "JH"),
        "JH": ("ZH", "CH"),
        "SH": ("S",),
        "B": ("P",),
        "D": ("T",),
        "G": ("K",),
        "N": ("NG",),
        "NG": ("N",),
        # Tense/lax and neighbouring vowel pairs.
        "IH": ("IY",),
        "IY": ("IH",),
        "UH": ("UW",),
        "UW": ("UH",),
        "AE": ("EH", "AA"),
        "EH": ("AE",),
        "AA": ("AH", "AO"),
        "AH": ("AA",),
        "AO": ("AA", "OW"),
        "OW": ("AO",),
    }
)

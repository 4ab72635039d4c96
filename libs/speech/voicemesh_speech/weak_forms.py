"""English function words with weak forms in connected speech.

Source: Roach, "English Phonetics and Phonology" (4th ed., 2009), ch. 12 "Weak forms", and
Gimson's "Pronunciation of English" (8th ed., 2014), §12.4: articles, auxiliaries,
prepositions, pronouns and conjunctions that are normally unstressed and reduced (AH0 for the
vowel, dropped /h/) inside a phrase. A word marked ``weak_form`` is one whose reduced
realization is not a pronunciation error. Rules (Roach 12.1):
- at the end of a clause (before . , ; : ! ? or the end of the text) auxiliaries,
  prepositions and conjunctions take their strong form ("Yes, I CAN."), object pronouns stay
  weak ("I saw him.");
- "that" is weak as a conjunction or relative ("I think that he…"), strong as a
  demonstrative ("that book", "I like that"): without a parser it counts as a conjunction when
  the next word starts a clause (a personal pronoun, article or determiner).
"""

from __future__ import annotations

ARTICLES = frozenset({"a", "an", "the"})
CONJUNCTIONS = frozenset({"and", "but", "or", "nor", "as", "than", "that"})
PREPOSITIONS = frozenset({"at", "for", "from", "of", "to"})
AUXILIARIES = frozenset(
    {"am", "are", "is", "was", "were", "be", "been", "can", "could", "do", "does", "had",
     "has", "have", "must", "shall", "should", "will", "would"}
)  # fmt: skip
SUBJECT_PRONOUNS = frozenset({"he", "she", "we", "you"})
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you"})
POSSESSIVES = frozenset({"his", "her", "your"})
OTHERS = frozenset({"some", "there", "just"})
WEAK_FORM_WORDS: frozenset[str] = (
    ARTICLES
    | CONJUNCTIONS
    | PREPOSITIONS
    | AUXILIARIES
    | SUBJECT_PRONOUNS
    | OBJECT_PRONOUNS
    | POSSESSIVES
    | OTHERS
)
_CLAUSE_STARTERS = frozenset(
    {"i", "you", "he", "she", "it", "we", "they", "a", "an", "the", "this", "these", "those",
     "my", "your", "his", "her", "our", "their", "its", "there", "some", "one"}
)  # fmt: skip


def is_weak_form(word: str, *, next_word: str | None, clause_final: bool) -> bool:
    """True when ``word`` (any case) is a function word that is normally reduced here.

    ``next_word`` is the following word in the same sentence (None at the end) and
    ``clause_final`` whether punctuation or the end of the text follows ``word``.
    """
    key = word.lower()
    if key not in WEAK_FORM_WORDS:
        return False
    if clause_final:
        return key in OBJECT_PRONOUNS
    if key == "that":
        return next_word is not None and next_word.lower() in _CLAUSE_STARTERS
    return True

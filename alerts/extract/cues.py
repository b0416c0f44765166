"""The modality cue lexicon (alerts/data/cues/modality.yaml): which words make a claim alleged, planned,
speculative or denied, and which name or hide its source.

The lexicon is data so that the words can be read, reviewed and scored apart from the code that decides where
they count (alerts/extract/modality.py, alerts/extract/attribution.py, alerts/extract/article_scope.py). Each
cue class is also a heuristic's name: a decision it makes is recorded on the indicator as
"modality.<class>".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alerts.yamlio import YamlError, load_yaml_file, position

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "cues" / "modality.yaml"
MODES = ("denied", "speculative", "planned", "alleged", "asserted")  # strongest first


@dataclass(frozen=True, slots=True)
class CueClass:
    """One named class of cues: the modality it gives a claim and its words (lemmas or lower-cased forms)."""

    name: str
    mode: str
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class ModalityCues:
    """The whole lexicon: cue classes by name, plus the word lists that attribution and clause scope read."""

    classes: dict[str, CueClass]
    lists: dict[str, frozenset[str]]

    def __getitem__(self, name: str) -> frozenset[str]:
        """The words of a cue class or of a plain list ("time_marks", "source_verbs")."""
        if name in self.classes:
            return self.classes[name].words
        return self.lists[name]

    def mode(self, name: str) -> str:
        return self.classes[name].mode


def _words(path: Path, parent: object, key: str, where: str) -> frozenset[str]:
    value = parent.get(key) if isinstance(parent, dict) else None
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise YamlError(path, *position(parent, key), f"{where}: expected a list of words")
    return frozenset(str(word).lower() for word in value)


def load_cues(path: Path = CUES_PATH) -> ModalityCues:
    """Read and check the lexicon; a malformed entry is a one-line error naming the file and the class."""
    data = load_yaml_file(path) or {}
    entries = data.get("classes") or {}
    classes: dict[str, CueClass] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or entry.get("mode") not in MODES:
            raise YamlError(path, *position(entries, name), f"class {name}: needs a mode, one of {', '.join(MODES)}")
        classes[name] = CueClass(str(name), str(entry["mode"]), _words(path, entry, "words", f"class {name}"))
    lists = {str(key): _words(path, data, key, str(key)) for key in data if key != "classes"}
    return ModalityCues(classes, lists)


@lru_cache(maxsize=1)
def default_cues() -> ModalityCues:
    """The packaged lexicon, read once per process."""
    return load_cues()

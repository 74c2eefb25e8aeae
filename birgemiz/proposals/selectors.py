"""Every read the pages, the API, the panel and the exports share."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from birgemiz.core.memo import VersionedMemo
from birgemiz.core.workdays import is_working_day
from birgemiz.proposals.choices import FINAL, Sort, Status
from birgemiz.proposals.models import Comment, Proposal, ProposalEvent

LIST_RELATED = ("addressee", "region", "sphere", "on_behalf_of", "origin_event")
#: What the list page joins: nothing. The addressee, region and sphere come from the process
#: memos and the NGOs from one query (``with_reference_objects``): every joined table cost
#: PostgreSQL more to plan than the page's query costs to run (5 joins: 5 ms of planning for
#: 0.5 ms of work at 100,000 rows), and a deep page joined every row it skipped.
PAGE_RELATED: tuple[str, ...] = ()


@dataclass
class ProposalFilters:
    status: str = ""
    region: str = ""
    body: str = ""
    author_org: str = ""
    sphere: str = ""
    event: int | None = None
    session: int | None = None
    panel: str = ""
    overdue: bool = False
    q: str = ""
    sort: str = Sort.NEWEST

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v not in ("", None, False) and k != "sort"} | (
            {"sort": self.sort} if self.sort != Sort.NEWEST else {}
        )


def public() -> QuerySet[Proposal]:
    return Proposal.objects.filter(hidden_at__isnull=True)


def proposal_list(
    filters: ProposalFilters | None = None, *, base: QuerySet | None = None, related=LIST_RELATED
) -> QuerySet[Proposal]:
    """Public proposals, filtered and sorted; every filter is an indexed column. With
    ``related=PAGE_RELATED`` the caller attaches the rest by ``with_reference_objects``."""
    f = filters or ProposalFilters()
    qs = (base if base is not None else public()).select_related(*related).defer("embedding", "text")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.region:
        qs = qs.filter(region__slug=f.region)
    if f.body:
        qs = qs.filter(addressee__slug=f.body)
    if f.author_org:
        qs = qs.filter(on_behalf_of__slug=f.author_org)
    if f.sphere:
        qs = qs.filter(sphere__code=f.sphere)
    if f.event:
        qs = qs.filter(origin_event_id=f.event)
    if f.session:
        qs = qs.filter(origin_session_id=f.session)
    if f.panel:
        qs = qs.filter(panel__code=f.panel)
    if f.overdue:
        qs = qs.filter(due_at__lt=timezone.localdate())
    if f.q:
        qs = qs.filter(title__icontains=f.q.strip()[:100])
    if f.sort == Sort.SUPPORTED:
        return qs.order_by("-supports", "-id")
    if f.sort == Sort.OLDEST_UNANSWERED:
        return (
            qs.filter(first_answered_at__isnull=True).exclude(status__in=FINAL).order_by("created_at", "id")
        )
    return qs.order_by("-created_at", "-id")


def with_reference_objects(proposals: list[Proposal]) -> list[Proposal]:
    """Set each proposal's addressee, region and sphere from the memos every process keeps
    (state bodies, regions, spheres; a body newer than the memo costs one query), and the NGO
    it was sent on behalf of (one query when there is one)."""
    from birgemiz.geo.models import Region
    from birgemiz.geo.selectors import region_list
    from birgemiz.orgs import selectors as orgs
    from birgemiz.orgs.models import Organisation, Sphere

    bodies = {o.pk: o for o in orgs.state_body_options()}
    missing = {p.addressee_id for p in proposals if p.addressee_id not in bodies}
    if missing:
        bodies |= Organisation.objects.in_bulk(missing)
    regions = {r.pk: r for r in region_list()}
    spheres = {s.pk: s for s in orgs.spheres()}
    # A memo a moment older than a new region or sphere: those few come from the database.
    if missing_regions := {p.region_id for p in proposals} - regions.keys():
        regions |= Region.objects.in_bulk(missing_regions)
    if missing_spheres := {p.sphere_id for p in proposals if p.sphere_id} - spheres.keys():
        spheres |= Sphere.objects.in_bulk(missing_spheres)
    ngo_ids = {p.on_behalf_of_id for p in proposals if p.on_behalf_of_id}
    ngos = Organisation.objects.in_bulk(ngo_ids) if ngo_ids else {}
    for p in proposals:
        p.addressee = bodies[p.addressee_id]
        p.region = regions[p.region_id]
        p.sphere = spheres.get(p.sphere_id)
        p.on_behalf_of = ngos.get(p.on_behalf_of_id)
    return proposals


def proposal_get(pk: int) -> Proposal:
    """One proposal with what its page shows (hidden ones too: the view checks who may see)."""
    return (
        Proposal.objects.select_related(*LIST_RELATED, "author", "hidden_by")
        .prefetch_related(
            "attachments",
            Prefetch(
                "events",
                queryset=ProposalEvent.objects.select_related("actor", "body", "forwarded_to"),
            ),
        )
        .defer("embedding")
        .get(pk=pk)
    )


def proposal_comments(proposal: Proposal, *, include_hidden: bool = False) -> list[Comment]:
    """Comments as a tree: top-level ones with ``children`` set (one query)."""
    qs = Comment.objects.filter(proposal=proposal).select_related("author")
    if not include_hidden:
        qs = qs.filter(hidden=False)
    comments = list(qs)
    by_id = {c.pk: c for c in comments}
    roots = []
    for c in comments:
        c.children = []
    for c in comments:
        if not c.parent_id:
            roots.append(c)
        elif c.parent_id in by_id:  # replies to a hidden comment go with it
            by_id[c.parent_id].children.append(c)
    return roots


def reported_comments(limit: int = 50) -> list[Comment]:
    """The moderators' queue: visible comments someone reported, most reported first, with the
    reasons given (two queries; a partial index keeps it small)."""
    from django.db.models import Prefetch

    from birgemiz.proposals.models import CommentReport

    return list(
        Comment.objects.filter(reports__gt=0, hidden=False)
        .select_related("author", "proposal")
        .prefetch_related(Prefetch("report_rows", queryset=CommentReport.objects.order_by("created_at")))
        .order_by("-reports", "created_at")[:limit]
    )


def reported_comments_count() -> int:
    return Comment.objects.filter(reports__gt=0, hidden=False).count()


def user_state(user, proposal: Proposal) -> dict[str, bool]:
    """Whether the person supports and follows this proposal (one query)."""
    if not getattr(user, "is_authenticated", False):
        return {"supported": False, "following": False}
    row = Proposal.objects.filter(pk=proposal.pk).aggregate(
        supported=Count("support_rows", filter=Q(support_rows__user=user), distinct=True),
        following=Count("follows", filter=Q(follows__user=user), distinct=True),
    )
    return {"supported": bool(row["supported"]), "following": bool(row["following"])}


def supported_ids(user, proposals) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    from birgemiz.proposals.models import Support

    ids = [p.pk for p in proposals]
    return set(Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True))


def section_figures(qs: QuerySet) -> dict:
    """Total, overdue and the five newest, for a section on another module's page (2 queries)."""
    figures = qs.aggregate(total=Count("id"), overdue=Count("id", filter=Q(due_at__lt=timezone.localdate())))
    latest = list(
        qs.select_related("addressee").defer("embedding", "text").order_by("-created_at", "-id")[:5]
    )
    return {**figures, "latest": latest}


def _regions_with_proposals() -> frozenset[int]:
    return frozenset(public().order_by().values_list("region_id", flat=True).distinct())


#: Regions that have public proposals, so a region's page shows our section only when it has
#: something (its empty state stays); reloaded after a submission or a moderator's hiding.
regions_with_proposals = VersionedMemo("proposals:regions", _regions_with_proposals)


def overdue_count(qs: QuerySet | None = None) -> int:
    """Overdue proposals; the nationwide figure shown on every list is cached for a minute."""
    if qs is not None:
        return qs.filter(due_at__lt=timezone.localdate()).count()
    from django.core.cache import cache

    key = f"proposals:overdue:{timezone.localdate()}"
    count = cache.get(key)
    if count is None:
        count = public().filter(due_at__lt=timezone.localdate()).count()
        cache.set(key, count, 60)
    return count


def list_count(filters: ProposalFilters, limit: int | None) -> int:
    """How many public proposals match ``filters``, counted up to ``limit`` (all of them with
    None: the API's exact count); cached until a
    proposal is received, changes status or is hidden (the dashboard's version stamp moves
    then) and at most five minutes. Counting 10,000 rows costs more than the rest of a page."""
    import hashlib

    from django.core.cache import cache

    matching = proposal_list(filters, related=()).order_by().values("pk")
    if limit is not None:
        matching = matching[:limit]
    if filters.q:  # a typed search: counted, not cached (random words would flood the cache)
        return matching.count()
    query = sorted(filters.as_query().items())
    digest = hashlib.sha256(repr(query).encode()).hexdigest()[:24]
    version = cache.get("proposals:dashboard:version") or 0
    key = f"proposals:count:{version}:{timezone.localdate()}:{limit}:{digest}"
    count = cache.get(key)
    if count is None:
        count = matching.count()
        cache.set(key, count, 300)
    return count


def unread_notifications(user) -> int:
    from birgemiz.proposals.models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- The accountability dashboard --------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    slug: str = ""
    received: int = 0
    answered: int = 0
    overdue: int = 0
    implemented: int = 0
    working_days: list[int] = field(default_factory=list)
    calendar_days: list[int] = field(default_factory=list)

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.received if self.received else None

    @property
    def implemented_share(self) -> float | None:
        return self.implemented / self.received if self.received else None

    @property
    def standing(self) -> list[tuple[str, int]]:
        """The received proposals by where they stand now (they add up to ``received``)."""
        answered_only = max(self.answered - self.implemented, 0)
        waiting = max(self.received - self.answered - self.overdue, 0)
        return [("implemented", self.implemented), ("answered", answered_only),
                ("waiting", waiting), ("overdue", self.overdue)]  # fmt: skip

    @property
    def median_working_days(self) -> int | None:
        return percentile(self.working_days, 50)

    @property
    def p90_working_days(self) -> int | None:
        return percentile(self.working_days, 90)

    @property
    def median_calendar_days(self) -> int | None:
        return percentile(self.calendar_days, 50)

    @property
    def p90_calendar_days(self) -> int | None:
        return percentile(self.calendar_days, 90)


def percentile(values: list[int], p: int) -> int | None:
    """Nearest-rank percentile (a day count someone really waited, not an interpolation)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[rank - 1]


class WorkingDayIndex:
    """Working days between two dates by a running count over the range: one pass over the
    calendar instead of one per proposal."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.counts = start, [0]
        day, n = start, 0
        while day < end:
            day += dt.timedelta(days=1)
            n += is_working_day(day)
            self.counts.append(n)

    def between(self, a: dt.date, b: dt.date) -> int:
        i, j = (a - self.start).days, (b - self.start).days
        return self.counts[max(j, 0)] - self.counts[max(i, 0)] if j > i else 0


@dataclass
class Dashboard:
    start: dt.date
    end: dt.date
    by: str
    rows: list[Row]
    total: Row

    @property
    def largest(self) -> int:
        """The most proposals one row received: the chart's bars are measured against it."""
        return max((r.received for r in self.rows), default=0)


def dashboard(*, start: dt.date, end: dt.date, by: str = "body", region: str = "") -> Dashboard:
    """Per body (or per region), for proposals received from ``start`` to ``end`` inclusive:
    received, answered share, days to the first answer (working and calendar, median and 90th
    percentile), overdue now, implemented share. Three queries whatever the number of rows."""
    from birgemiz.geo.models import Region
    from birgemiz.orgs.models import Organisation

    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = public().filter(created_at__gte=since, created_at__lt=until)
    if region:
        qs = qs.filter(region__slug=region)
    group = "addressee_id" if by == "body" else "region_id"
    today = timezone.localdate()
    counts = list(
        qs.values(group).annotate(
            received=Count("id"),
            answered=Count("id", filter=Q(first_answered_at__isnull=False)),
            overdue=Count("id", filter=Q(due_at__lt=today)),
            implemented=Count("id", filter=Q(status=Status.IMPLEMENTED)),
        )
    )
    keys = [c[group] for c in counts]
    if by == "body":
        labels = {o.pk: (o.short_name, o.slug) for o in Organisation.objects.filter(pk__in=keys)}
    else:
        labels = {r.pk: (r.name, r.slug) for r in Region.objects.filter(pk__in=keys)}
    rows = {
        c[group]: Row(key=str(c[group]), label=labels.get(c[group], ("?", ""))[0],
                      slug=labels.get(c[group], ("?", ""))[1], received=c["received"],
                      answered=c["answered"], overdue=c["overdue"], implemented=c["implemented"])
        for c in counts
    }  # fmt: skip
    total = Row(key="", label="")
    # From the day the answering body received it (the clock restarts when a proposal is
    # forwarded to another body), so a body is never charged with the days another one took.
    durations = list(
        qs.filter(first_answered_at__isnull=False).values_list(group, "clock_started_on", "first_answered_at")
    )
    if durations:
        first = min(d[1] for d in durations)
        last = max(timezone.localtime(d[2], tz).date() for d in durations)
        index = WorkingDayIndex(min(first, last), last)
        for key, received_on, answered in durations:
            a, b = received_on, timezone.localtime(answered, tz).date()
            wd, cd = index.between(a, b), (b - a).days
            for row in (rows[key], total):
                row.working_days.append(wd)
                row.calendar_days.append(cd)
    for row in rows.values():
        total.received += row.received
        total.answered += row.answered
        total.overdue += row.overdue
        total.implemented += row.implemented
    ordered = sorted(rows.values(), key=lambda r: (-r.received, r.label))
    return Dashboard(start=start, end=end, by=by, rows=ordered, total=total)


def dashboard_changed() -> None:
    """Every cached dashboard is stale (a proposal was received, answered or hidden)."""
    from django.core.cache import cache

    try:
        cache.incr("proposals:dashboard:version")
    except ValueError:
        cache.set("proposals:dashboard:version", 1, None)
    cache.delete(f"proposals:overdue:{timezone.localdate()}")


def dashboard_cached(**period) -> Dashboard:
    """The dashboard as computed at most five minutes ago (it reads every proposal of the period)."""
    from django.core.cache import cache

    version = cache.get("proposals:dashboard:version") or 0
    key = f"proposals:dashboard:{version}:" + ":".join(f"{k}={v}" for k, v in sorted(period.items()))
    board = cache.get(key)
    if board is None:
        board = dashboard(**period)
        cache.set(key, board, 300)
    return board


# --- Similar proposals -------------------------------------------------------------------------


def _load_index():
    from birgemiz.proposals import similarity

    ids, vectors = [], []
    current = public().filter(
        embedding__isnull=False, embedding_version=getattr(similarity, "EMBEDDING_VERSION", "")
    )
    for pk, vector in current.values_list("pk", "embedding").iterator(chunk_size=5000):
        ids.append(pk)
        vectors.append(bytes(vector))
    return similarity.VectorIndex(ids, vectors)


#: Every public proposal's embedding, in each process's memory; the embedding task and hiding
#: move the version stamp, so every process rebuilds on its next search.
similarity_index = VersionedMemo("proposals:similarity-index", _load_index)


def similar_proposals(
    text: str, *, exclude_id: int | None = None, limit: int = 5
) -> list[tuple[Proposal, float]]:
    """Up to ``limit`` public proposals that say what ``text`` says, best first."""
    text = (text or "").strip()
    if len(text) < 8:
        return []
    try:
        from birgemiz.proposals import similarity
    except ImportError:  # the embeddings module is not installed: no suggestions, no error
        return []

    query = similarity.embed_query(text)
    hits = similarity_index.get().search(query, limit=limit, exclude={exclude_id} if exclude_id else None)
    found = (
        public()
        .select_related("addressee", "region")
        .defer("embedding", "text")
        .in_bulk([pk for pk, _ in hits])
    )
    return [(found[pk], score) for pk, score in hits if pk in found]


def likely_duplicates(proposal: Proposal, *, limit: int = 5) -> list[tuple[Proposal, float]]:
    """For moderators: the proposals closest to this one (by its own stored embedding)."""
    try:
        from birgemiz.proposals import similarity
    except ImportError:
        return []
    threshold = getattr(similarity, "DUPLICATE_THRESHOLD", similarity.THRESHOLD)
    if proposal.embedding and proposal.embedding_version == getattr(similarity, "EMBEDDING_VERSION", ""):
        query = bytes(proposal.embedding)
    else:
        query = similarity.embed_query(f"{proposal.title}\n{proposal.text}")
    hits = similarity_index.get().search(query, limit=limit, threshold=threshold, exclude={proposal.pk})
    found = public().select_related("addressee").defer("embedding", "text").in_bulk([pk for pk, _ in hits])
    return [(found[pk], score) for pk, score in hits if pk in found]


# --- Interactive panels ------------------------------------------------------------------------


def panel_get(code: str):
    from birgemiz.proposals.models import Panel

    return Panel.objects.select_related("addressee", "region", "session__event").get(code=code)


#: How many cards the projector wall shows.
WALL_SIZE = 24


def wall_items(panel) -> list[Proposal]:
    """The newest proposals of a panel that moderators have not taken off the wall (one query)."""
    return list(
        public()
        .filter(panel=panel, off_wall=False)
        .select_related("author", "sphere")
        .only("id", "title", "text", "created_at", "author__full_name", "sphere__code", "panel_id")
        .order_by("-id")[:WALL_SIZE]
    )


def event_proposals(event) -> QuerySet[Proposal]:
    """What an event collected, by programme item and sphere (for the forum export)."""
    return (
        public()
        .filter(origin_event=event)
        .select_related("sphere", "addressee", "origin_session")
        .order_by("origin_session__starts_at", "origin_session_id", "sphere__position", "id")
    )


def panel_proposals(panel) -> QuerySet[Proposal]:
    return (
        public().filter(panel=panel).select_related("sphere", "addressee").order_by("sphere__position", "id")
    )

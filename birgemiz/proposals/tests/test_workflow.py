"""The lifecycle document and the code's transition table say the same."""

from pathlib import Path

from birgemiz.proposals.choices import TRANSITIONS, Status

DOC = Path(__file__).resolve().parents[3] / "docs" / "lifecycles" / "proposal.md"
COLUMNS = ["under_consideration", "forwarded", "accepted", "answered", "rejected", "implemented"]


def test_the_document_shows_the_transition_table():
    rows = {}
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        label = cells[0].replace(" ", "_")
        if label in Status.values and len(cells) == 7:
            rows[label] = {col for col, cell in zip(COLUMNS, cells[1:], strict=True) if cell == "✓"}
    assert rows == {k: set(v) for k, v in TRANSITIONS.items()}

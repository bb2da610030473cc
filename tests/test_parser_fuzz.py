"""The parser's only failure mode is ParseError, whatever bytes it is given."""

from __future__ import annotations

from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParsedPage, ParseError, parse_page

REAL = (CORPUS / "site/en/qa/1.html").read_bytes()
SNAP = (CORPUS / "snapshots/qa-1.txt").read_bytes()


def _ok_or_parse_error(raw: bytes, name: str) -> None:
    try:
        result = parse_page(raw, name=name)
    except ParseError as e:
        assert e.reason
    else:
        assert isinstance(result, ParsedPage)
        assert result.question.title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000), st.sampled_from(["x.html", "x.txt", "x"]))
def test_arbitrary_bytes(raw: bytes, name: str) -> None:
    _ok_or_parse_error(raw, name)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([REAL, SNAP]), st.integers(0, 60000), st.integers(0, 60000), st.binary(max_size=64))
def test_damaged_real_pages(page: bytes, cut: int, at: int, junk: bytes) -> None:
    """Real pages cut short or with junk spliced in."""
    damaged = page[: cut % (len(page) + 1)]
    pos = at % (len(damaged) + 1)
    _ok_or_parse_error(damaged[:pos] + junk + damaged[pos:], "x.html" if page is REAL else "x.txt")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ab&;#x0123 \n\r\t\"'=-Dr.ShareAskDate:[]()é中")), max_size=2000))
def test_tag_soup(text: str) -> None:
    _ok_or_parse_error(("<html><body>" + text).encode(), "x.html")

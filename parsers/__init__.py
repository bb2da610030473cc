"""Pure parsing: page bytes in, typed records out. No I/O, no Prefect."""

from parsers.page import PARSER_VERSION, parse_page
from parsers.records import ParsedPage, ParseError, Question, RelatedLink, Reply
from parsers.urls import canonicalize_url, question_id_for_url

__all__ = [
    "PARSER_VERSION",
    "ParseError",
    "ParsedPage",
    "Question",
    "RelatedLink",
    "Reply",
    "canonicalize_url",
    "parse_page",
    "question_id_for_url",
]

"""Departments: which text is one, and where a page's department comes from.

The headline "<page title> - <Department>" names the question's department, but a title may hold a
" - " of its own ("Knee Pain - What It Means") and the site's second text layout has no headline at
all. So a suffix counts as a department only where the page names it elsewhere (a doctor line, a
Related FAQ entry, a pill, a breadcrumb, structured data), or it is one of the site's departments,
or it at least reads like one (then with a warning: nothing else on the page vouches for it).
"""

from __future__ import annotations

import re

from parsers.patterns import DEPT_SEP

# The site's departments seen so far (the vocabulary, like the labels in parsers.patterns): a suffix
# among them needs no other witness. A department outside it still reads, by its shape.
KNOWN = frozenset(
    d.casefold()
    for d in (
        "Allergy and Immunology", "Anesthesiology", "Breast Surgery", "Cardiology", "Cardiovascular Surgery",
        "Chinese Medicine", "Colorectal Surgery", "Dentistry", "Dermatology", "Ear, Nose & Throat", "ENT",
        "Emergency Medicine",
        "Endocrinology", "Family Medicine", "Gastroenterology", "Gastroenterology and Hepatology",
        "General Surgery", "Geriatrics", "Hematology", "Hematology and Oncology", "Hepatology",
        "Infectious Diseases", "Internal Medicine", "Nephrology", "Neurology", "Neurosurgery", "Nursing",
        "Nutrition", "Obstetrics and Gynecology", "Gynecology", "Obstetrics", "Oncology", "Ophthalmology",
        "Oral Surgery", "Orthopedics", "Otolaryngology", "Pediatrics", "Pharmacy", "Physical Medicine",
        "Plastic Surgery", "Psychiatry", "Psychology", "Pulmonology", "Radiology", "Rehabilitation",
        "Rheumatology", "Thoracic Surgery", "Traditional Chinese Medicine", "Urology",
    )
)  # fmt: skip

_SMALL = frozenset({"and", "of", "&", "the", "for", "in"})
_WORD = re.compile(r"^[A-Z][A-Za-z'’.]*(?:-[A-Za-z]+)*$")


def reads_like_department(text: str) -> bool:
    """A department's shape: one to five capitalised words (joined by "and", "of", "&"), no digits,
    no sentence punctuation. "left side", "What should I do?" and "2 weeks" are not."""
    words = text.split()
    if not 1 <= len(words) <= 5 or text.endswith((".", "?", "!", ":", ",")):
        return False
    if words[0].casefold() in _SMALL or words[-1].casefold() in _SMALL:
        return False
    return all(w.casefold() in _SMALL or _WORD.match(w.removesuffix(",")) for w in words)


def split_headline(headline: str) -> tuple[str, str | None]:
    """("<page title>", "<suffix>") at the last " - ", or (headline, None) without one."""
    parts = DEPT_SEP.split(headline)
    if len(parts) < 2:
        return headline, None
    return " - ".join(parts[:-1]), parts[-1]


def vouched(department: str, named: set[str] | frozenset[str]) -> bool:
    """Whether a department is one the page names elsewhere (`named`, casefolded) or the site's."""
    key = department.casefold()
    return key in named or key in KNOWN

"""Small counts stay private: which cells of a published table are hidden.

A table is a set of cells (any hashable key → a whole number) and the *groups* that bind
them: each group is some member cells and the cell that is their sum (a neighbourhood
column and the network total, the adults and children of a row and its people). A reader
who sees a total and all members but one can work the missing one out by subtraction; a
reader who knows one contribution to a cell (an association reading its own figures) can
subtract it too.

- **Primary**: a cell is hidden when its count is between 1 and ``threshold - 1``, or when
  taking away its largest single contribution leaves such a count (``contributions``: the
  largest part one association brought to the cell).
- **Secondary**: in every group whose total is shown, the hidden members must be at least two
  and together at least ``threshold`` (else subtracting would give a small count): the
  smallest shown member is hidden too, as many times as needed, and when no member is left
  the total itself is hidden. This repeats until no group changes, so a cell hidden for one
  group is protected in every group it belongs to.

Zero is shown: it singles nobody out.
"""

from django.conf import settings


def threshold():
    return getattr(settings, "FIGURES_SMALL_COUNT_THRESHOLD", 5)


def is_small(value, limit):
    return value is not None and 0 < value < limit


def primary(values, contributions=None, limit=None):
    """The keys of the cells hidden for their own count (or what one contributor leaves)."""
    limit = threshold() if limit is None else limit
    contributions = contributions or {}
    hidden = set()
    for key, value in values.items():
        if is_small(value, limit):
            hidden.add(key)
            continue
        largest = contributions.get(key)
        if largest is not None and is_small(value - largest, limit):
            hidden.add(key)
    return hidden


def _order(values, key):
    value = values[key] or 0
    return (value == 0, value, str(key))


def protect(values, groups, contributions=None, limit=None):
    """The keys of every hidden cell: ``primary`` then secondary suppression over ``groups``
    (an iterable of ``(members, total)``)."""
    limit = threshold() if limit is None else limit
    hidden = primary(values, contributions, limit)
    groups = [(list(members), total) for members, total in groups]
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            if total in hidden:
                continue
            masked = [key for key in members if key in hidden]
            if not masked:
                continue
            masked_sum = sum(values[key] or 0 for key in masked)
            if len(masked) >= 2 and (masked_sum == 0 or masked_sum >= limit):
                continue
            shown = sorted(
                (key for key in members if key not in hidden), key=lambda k: _order(values, k)
            )
            hidden.add(shown[0] if shown else total)
            changed = True
    return hidden

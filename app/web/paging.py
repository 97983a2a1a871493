"""Numbered pages of a list: every list says how many rows it has and which of them it shows.

A view reads ``?page=`` with ``page_number``, asks its query for ``total`` and the rows from
``offset`` (``size`` of them), and renders ``paging.html``'s ``summary`` and ``links`` with the
``Paging`` it built. The links keep the rest of the query string (filters) as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from app.kit.errors import FieldError, ValidationFailed

PAGE_SIZE = 50
MAX_PAGE = 100_000


def page_number(value: str, field: str = "page") -> int:
    """``?page=``: empty is the first page; anything but 1 .. MAX_PAGE is 422 naming ``field``."""
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise ValidationFailed(fields=[FieldError(field, "页码应为正整数", "not_a_page")])
    return int(value)


@dataclass(frozen=True)
class Paging:
    total: int
    number: int  # 1-based; past the last page shows no rows (and says so)
    size: int
    prev_url: str | None
    next_url: str | None

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.offset + self.size)

    @property
    def cut(self) -> bool:
        """Whether the list has more rows than this page shows."""
        return self.total > self.size


def paging(request: Request, total: int, number: int, size: int = PAGE_SIZE) -> Paging:
    def url(n: int) -> str:
        target = request.url.include_query_params(page=n)
        return f"{target.path}?{target.query}"

    pages = max(1, -(-total // size))
    return Paging(
        total=total,
        number=number,
        size=size,
        prev_url=url(number - 1) if 1 < number <= pages + 1 else None,
        next_url=url(number + 1) if number < pages else None,
    )

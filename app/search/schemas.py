"""What an enterprise search answers, in JSON and on the page alike (the same model renders both).

Field names are English and pinned by tests; descriptions open with the Chinese meaning.
"""

from __future__ import annotations

import builtins
from typing import Literal

from pydantic import BaseModel, Field

ListStatus = Literal["red", "black", "none"]


class Segment(BaseModel):
    """A piece of a text; ``match`` pieces are the part that matched the query (highlighted)."""

    text: str = Field(description="A piece of the text, unescaped. 文本片段", examples=["烟台"])
    match: bool = Field(
        description="Whether this piece matched the query. 是否命中", examples=[True]
    )


class Highlight(BaseModel):
    name: list[Segment] = Field(
        description="The current name in pieces; matched pieces have match=true. 企业名称（分段）",
        examples=[[{"text": "烟台", "match": False}, {"text": "万华", "match": True}]],
    )
    former_name: list[Segment] | None = Field(
        description="The former name that matched, when the current name does not contain every "
        "word (else null). 命中的曾用名",
        examples=[None],
    )
    uscc: list[Segment] = Field(
        description="The credit code in pieces (the matched prefix when searching by code). "
        "统一社会信用代码（分段）",
        examples=[[{"text": "91370600", "match": True}, {"text": "MA3C00003F", "match": False}]],
    )


class EnterpriseLinks(BaseModel):
    html: str = Field(
        description="The enterprise's record page. 企业信用记录页面",
        examples=["/enterprises/91370611MA3C00003F"],
    )
    api: str = Field(
        description="The same record in JSON. 企业信用记录（JSON）",
        examples=["/api/v1/enterprises/91370611MA3C00003F"],
    )


class SearchItem(BaseModel):
    uscc: str = Field(description="统一社会信用代码 (credit code)", examples=["91370611MA3C00003F"])
    name: str = Field(description="企业名称 (current name)", examples=["烟台万华化工有限公司"])
    district_code: str | None = Field(
        description="行政区划代码 of the registration (district)", examples=["370611"]
    )
    district_name: str | None = Field(description="区县 (district name)", examples=["福山区"])
    industry: str | None = Field(
        description="行业 (industry)", examples=["化学原料和化学制品制造业"]
    )
    credit_level: str | None = Field(
        description="信用等级 code valid today (green, blue, yellow, black), null when none",
        examples=["green"],
    )
    credit_level_label: str | None = Field(
        description="信用等级 as shown (label and meaning), null when none",
        examples=["绿色（诚信守法）"],
    )
    list_status: ListStatus = Field(
        description="名单状态 today: red (红名单, honour list), black (黑名单, dishonesty list) or "
        "none",
        examples=["none"],
    )
    list_status_label: str = Field(description="名单状态 as shown", examples=["未列入"])
    highlight: Highlight = Field(description="The matched parts. 命中部分（高亮）")
    links: EnterpriseLinks = Field(description="Where to read the record. 链接")


class FacetValue(BaseModel):
    value: str = Field(description="The filter value to pass back. 筛选值", examples=["370611"])
    label: str = Field(description="What the value means. 名称", examples=["福山区"])
    count: int = Field(description="Matching enterprises with this value. 数量", examples=[42])
    selected: bool = Field(description="Whether this filter is applied. 是否已选", examples=[False])


class Facets(BaseModel):
    # ``list`` is a field name here (the `list` parameter), hence ``builtins.list``.
    district: builtins.list[FacetValue] = Field(description="区县 (parameter `district`)")
    industry: builtins.list[FacetValue] = Field(description="行业 (parameter `industry`)")
    level: builtins.list[FacetValue] = Field(description="信用等级 (parameter `level`)")
    list: builtins.list[FacetValue] = Field(description="名单状态 (parameter `list`)")


class Suggestion(BaseModel):
    text: str = Field(description="What to try. 建议", examples=["换用更短的词，如“万华”"])
    query: str | None = Field(
        description="A search to try (the `q` to use), when there is one. 建议的查询词",
        examples=["万华"],
    )


class QueryEcho(BaseModel):
    q: str = Field(description="The search as received. 查询词", examples=["福山 电镀"])
    district: str | None = Field(description="区县 filter", examples=["370611"])
    industry: str | None = Field(description="行业 filter", examples=[None])
    level: str | None = Field(description="信用等级 filter", examples=[None])
    list: str | None = Field(description="名单状态 filter", examples=[None])


class SearchResult(BaseModel):
    query: QueryEcho = Field(description="The search and filters. 查询条件")
    items: list[SearchItem] = Field(description="This page of results, best first. 本页结果")
    total: int = Field(
        description="Matching enterprises (exact when total_exact, else a lower bound). 结果数",
        examples=[128],
    )
    total_exact: bool = Field(
        description="Whether total is exact; very large result sets are counted up to a cap. "
        "结果数是否精确",
        examples=[True],
    )
    facets: Facets = Field(description="Filter values with their counts. 筛选项及数量")
    facets_exact: bool = Field(
        description="Whether the facet counts cover every result; when false they count the first "
        "results in ranking order (a lower bound). 筛选计数是否覆盖全部结果",
        examples=[True],
    )
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page (pass as `cursor`), null on the last page. "
        "下一页参数",
        examples=["eyJrIjoxMjMsInQiOjR9.3f2b6c1d9e8a4b7c"],
    )
    hint: str | None = Field(
        description="A note about the query, e.g. what is wrong with a malformed credit code. 提示",
        examples=["统一社会信用代码有误：第18位（校验位）应为“F”，实际为“E”"],
    )
    suggestions: list[Suggestion] = Field(
        description="What to try when nothing matched (empty otherwise). 无结果时的建议"
    )

"""Shared data and helpers of the enterprise import tests. Every example code is verified by the
identifier algorithm (see test_identifiers.py); WANHUA is 万华化学集团股份有限公司 of Yantai."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.enterprises.importer import report_path_for
from app.models import Enterprise

WANHUA = "91370000163044841F"
TENCENT = "91440300708461136T"
GUIDE_EXAMPLE = "91350100M000100Y43"
PENGLAI_OLD = "913706847060143910"
CHANGDAO_OLD = "913706341650123411"
ALL_CODES = (WANHUA, TENCENT, GUIDE_EXAMPLE, PENGLAI_OLD, CHANGDAO_OLD)
HEADER = "统一社会信用代码,企业名称,法定代表人,行政区划代码,所属行业,注册地址\n"
OLD = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

WANHUA_ROW = (
    f"{WANHUA},万华化学集团股份有限公司,廖增太,370672,化学原料和化学制品制造业,烟台市重庆大街59号"
)
MIXED_LINES = [  # line 1 is the header
    WANHUA_ROW,  # 2
    "91370000163044841G,校验位错误有限公司,张三,370602,金属制品业,芝罘区",  # 3
    "91370000I63044841F,排除字母有限公司,张三,370602,金属制品业,芝罘区",  # 4
    "91370000163044841,长度不对有限公司,张三,370602,金属制品业,芝罘区",  # 5
    "91350100m000100y43,小写代码有限公司,李四,370611,印刷和记录媒介复制业,福山区",  # 6
    "９１４４０３００７０８４６１１３６Ｔ,全角代码有限公司,王五,370612,农副食品加工业,",  # 7
    '" 9137 0684 7060 1439 10 ",蓬莱旧代码有限公司,赵六,370684,水产品加工, 蓬莱 ',  # 8
    ",没有代码有限公司,张三,370602,金属制品业,芝罘区",  # 9
    "913706341650123411,,孙七,370634,水产养殖,长岛",  # 10
    WANHUA_ROW,  # 11: the same row again
    f"{CHANGDAO_OLD},长岛旧代码有限公司,孙七,37063,水产养殖,长岛",  # 12
    f"{CHANGDAO_OLD},长岛旧代码有限公司,孙七,370634,水产养殖,长岛",  # 13
    ",,,,,",  # 14: blank, skipped
    "91370000163044842F,组织机构代码错误有限公司,张三,370602,金属制品业,芝罘区",  # 15
    "91370000163044841号,汉字代码有限公司,张三,370602,金属制品业,芝罘区",  # 16
]
MIXED = HEADER + "".join(line + "\n" for line in MIXED_LINES)
MIXED_REJECTIONS = [
    (3, "统一社会信用代码", "第18位（校验位）应为“F”，实际为“G”"),
    (4, "统一社会信用代码", "第9位字符“I”不合法：统一社会信用代码不使用字母I、O、Z、S、V"),
    (5, "统一社会信用代码", "统一社会信用代码应为18位，实际为17位"),
    (9, "统一社会信用代码", "统一社会信用代码不能为空"),
    (10, "企业名称", "企业名称不能为空"),
    (11, "统一社会信用代码", f"统一社会信用代码{WANHUA}与第2行重复，只导入第一次出现的第2行"),
    (12, "行政区划代码", "行政区划代码应为6位数字，实际为“37063”"),
    (15, "统一社会信用代码", "第17位（组织机构代码校验位）应为“1”，实际为“2”"),
    (
        16,
        "统一社会信用代码",
        "第18位字符“号”不合法：只能是数字或英文字母（不含I、O、Z、S、V）",
    ),
]


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "registry.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def stored(session: Session, codes: Sequence[str] = ALL_CODES) -> dict[str, Enterprise]:
    rows = session.scalars(
        select(Enterprise)
        .where(Enterprise.uscc.in_(codes))
        .execution_options(populate_existing=True)
    )
    return {e.uscc: e for e in rows}


def report_rows(path: Path) -> list[list[str]]:
    raw = report_path_for(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the report is UTF-8 with a BOM (for Excel)"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def age_all(session: Session) -> None:
    session.execute(update(Enterprise).values(updated_at=OLD))
    session.commit()

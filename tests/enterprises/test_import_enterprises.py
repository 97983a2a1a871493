"""`ecocredit import enterprises FILE.csv`: which rows reach the database, what the report file
says, how updates by credit code behave, encodings and headers, hostile content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.enterprises import service
from app.enterprises.importer import ImportSummary, import_enterprises, report_path_for
from app.kit.identifiers import make_uscc
from app.models import RegistrationStatus
from tests.support.penalty_imports import (
    ALL_CODES,
    CHANGDAO_OLD,
    GUIDE_EXAMPLE,
    HEADER,
    MIXED,
    MIXED_REJECTIONS,
    OLD,
    PENGLAI_OLD,
    TENCENT,
    WANHUA,
    WANHUA_ROW,
    age_all,
    report_rows,
    stored,
    write,
)

# --- the mixed file --------------------------------------------------------------------------


def test_mixed_file_imports_exactly_the_valid_rows(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    summary = import_enterprises(session, path)

    enterprises = stored(session)
    assert sorted(enterprises) == sorted(ALL_CODES)
    assert enterprises[GUIDE_EXAMPLE].name == "小写代码有限公司"  # lowercase code, normalised
    assert enterprises[TENCENT].name == "全角代码有限公司"  # full-width code, normalised
    assert enterprises[PENGLAI_OLD].district_code == "370684"  # historical region kept
    assert enterprises[PENGLAI_OLD].address == "蓬莱"  # surrounding spaces stripped
    assert enterprises[CHANGDAO_OLD].district_code == "370634"
    wanhua = enterprises[WANHUA]
    assert (wanhua.name, wanhua.legal_representative, wanhua.industry) == (
        "万华化学集团股份有限公司",
        "廖增太",
        "化学原料和化学制品制造业",
    )
    assert wanhua.registration_status is RegistrationStatus.active
    assert wanhua.former_names == []
    assert (summary.read, summary.inserted, summary.updated, summary.unchanged) == (14, 5, 0, 0)
    assert (summary.rejected, summary.duplicates) == (9, 1)
    assert [(r.line, r.column, r.reason) for r in summary.shown] == MIXED_REJECTIONS


def test_report_file_lists_every_rejected_row_next_to_the_input(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path, MIXED, name="烟台企业名录.csv")
    summary = import_enterprises(session, path)
    assert summary.report_path == tmp_path / "烟台企业名录.report.csv"
    rows = report_rows(path)
    assert rows[0] == ["行号", "列", "统一社会信用代码", "企业名称", "原因"]
    assert [(int(r[0]), r[1], r[4]) for r in rows[1:]] == MIXED_REJECTIONS
    assert rows[1][2:4] == ["91370000163044841G", "校验位错误有限公司"]  # what the file said
    assert rows[4][2] == ""  # the empty code cell


def test_rerunning_the_same_file_changes_nothing(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    import_enterprises(session, path)
    before = {code: (e.id, e.name, e.former_names) for code, e in stored(session).items()}
    age_all(session)

    again = import_enterprises(session, path)

    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 5, 9)
    after = stored(session)
    assert {code: (e.id, e.name, e.former_names) for code, e in after.items()} == before
    assert {e.updated_at for e in after.values()} == {OLD}  # not even touched


# --- updates ---------------------------------------------------------------------------------


def test_update_by_code_records_the_former_name(session: Session, tmp_path: Path) -> None:
    import_enterprises(session, write(tmp_path, MIXED))
    age_all(session)
    changed = HEADER + (
        f"{WANHUA},万华化学集团有限公司,,370602,,\n"  # renamed, moved; empty cells keep data
        f"{TENCENT},全角代码有限公司,王五,370612,农副食品加工业,\n"  # unchanged
    )
    summary = import_enterprises(session, write(tmp_path, changed, name="changes.csv"))

    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 1)
    enterprises = stored(session)
    wanhua = enterprises[WANHUA]
    assert wanhua.name == "万华化学集团有限公司"
    assert wanhua.former_names == ["万华化学集团股份有限公司"]
    assert wanhua.district_code == "370602"
    assert wanhua.legal_representative == "廖增太"  # an empty cell never erases
    assert wanhua.industry == "化学原料和化学制品制造业"
    assert wanhua.updated_at > OLD
    assert enterprises[TENCENT].updated_at == OLD


def test_renaming_back_and_respelling_keep_a_clean_name_history(
    session: Session, tmp_path: Path
) -> None:
    def name_to(name: str, file: str) -> None:
        import_enterprises(session, write(tmp_path, HEADER + f"{WANHUA},{name},,,,\n", name=file))

    name_to("烟台万华聚氨酯股份有限公司", "1.csv")
    name_to("万华化学集团股份有限公司", "2.csv")
    name_to("万华化学集团股份有限公司", "3.csv")  # the same again: nothing new
    name_to("烟台万华聚氨酯股份有限公司", "4.csv")  # back to the first name
    wanhua = stored(session)[WANHUA]
    assert wanhua.name == "烟台万华聚氨酯股份有限公司"
    assert wanhua.former_names == ["万华化学集团股份有限公司"]

    name_to("腾讯科技（深圳）有限公司", "5.csv")
    name_to("腾讯科技(深圳)有限公司", "6.csv")  # half-width brackets: same name, respelled
    wanhua = stored(session)[WANHUA]
    assert wanhua.name == "腾讯科技(深圳)有限公司"
    assert wanhua.former_names == ["万华化学集团股份有限公司", "烟台万华聚氨酯股份有限公司"]


def test_optional_columns_status_date_and_former_names(session: Session, tmp_path: Path) -> None:
    text = (
        "统一社会信用代码,企业名称,登记状态,成立日期,曾用名\n"
        f"{WANHUA},万华化学集团股份有限公司,存续（在营、开业、在册）,1998-12-16,"
        "烟台万华聚氨酯股份有限公司；烟台万华合成革集团有限公司\n"
        f"{TENCENT},腾讯,吊销，未注销,2000年2月24日,\n"
        f"{GUIDE_EXAMPLE},示例,注销,20010305,\n"
        f"{PENGLAI_OLD},蓬莱,歇业了,2001-02-30,\n"
    )
    summary = import_enterprises(session, write(tmp_path, text))
    enterprises = stored(session)
    assert enterprises[WANHUA].established_on == dt.date(1998, 12, 16)
    assert enterprises[WANHUA].former_names == [
        "烟台万华聚氨酯股份有限公司",
        "烟台万华合成革集团有限公司",
    ]
    assert enterprises[TENCENT].registration_status is RegistrationStatus.revoked
    assert enterprises[TENCENT].established_on == dt.date(2000, 2, 24)
    assert enterprises[GUIDE_EXAMPLE].registration_status is RegistrationStatus.cancelled
    assert PENGLAI_OLD not in enterprises
    assert [(r.line, r.column, r.reason) for r in summary.shown] == [
        (
            5,
            "登记状态",
            "登记状态“歇业了”无法识别（可用：存续、在营、开业、在册、吊销、注销、迁出）",
        ),
        (5, "成立日期", "成立日期“2001-02-30”不是有效日期"),
    ]


# --- encodings and headers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8（带BOM）"), ("gb18030", "GB18030")],
)
def test_utf8_with_or_without_bom_and_gb18030(
    session: Session, tmp_path: Path, encoding: str, label: str
) -> None:
    # 䶮 is outside GBK: GB18030 encodes it in four bytes.
    text = HEADER + f"{WANHUA},烟台䶮氏化工（集团）有限公司,廖增太,370602,化工,芝罘区“东”路\n"
    summary = import_enterprises(session, write(tmp_path, text, encoding))
    assert summary.encoding == label
    wanhua = stored(session)[WANHUA]
    assert wanhua.name == "烟台䶮氏化工（集团）有限公司"
    assert wanhua.address == "芝罘区“东”路"


def test_english_headers_matched_tolerantly(session: Session, tmp_path: Path) -> None:
    text = (
        "\ufeff USCC , Name,LEGAL_REPRESENTATIVE,District_Code,industry,address,remark\r\n"
        f"{WANHUA},Wanhua Chemical Group Co. Ltd.,Liao Zengtai,370672,chemicals,Yantai,x\r\n"
    )
    summary = import_enterprises(session, write(tmp_path, text))
    assert summary.ignored_columns == ["remark"]
    wanhua = stored(session)[WANHUA]
    assert (wanhua.name, wanhua.legal_representative, wanhua.district_code) == (
        "Wanhua Chemical Group Co. Ltd.",
        "Liao Zengtai",
        "370672",
    )


def test_title_line_above_the_header_and_quoted_multiline_cells(
    session: Session, tmp_path: Path
) -> None:
    text = (
        "烟台市企业名录（2025年）\n"
        + HEADER
        + f'{WANHUA},万华化学集团股份有限公司,廖增太,370672,化工,"烟台市\n重庆大街59号"\n'
        + f"{TENCENT},,王五,370612,,\n"
    )
    summary = import_enterprises(session, write(tmp_path, text))
    assert stored(session)[WANHUA].address == "烟台市 重庆大街59号"
    assert [(r.line, r.column) for r in summary.shown] == [(5, "企业名称")]  # physical line


def test_unquoted_comma_shifts_the_row_and_is_rejected(session: Session, tmp_path: Path) -> None:
    text = HEADER + f"{WANHUA},万华化学集团股份有限公司,廖增太,370672,化工,烟台市,开发区\n"
    summary = import_enterprises(session, write(tmp_path, text))
    assert stored(session) == {}
    assert summary.shown[0].column == "（整行）"
    assert "比表头的6列多" in summary.shown[0].reason


# --- hostile and odd content -----------------------------------------------------------------


def test_hostile_content_is_stored_as_text_and_defused_in_the_report(
    session: Session, tmp_path: Path
) -> None:
    text = HEADER + (
        f"{WANHUA},\"=cmd|' /C calc'!A0\",@SUM(1),370602,+1,<script>alert(1)</script>\n"
        '=HYPERLINK("http://x"),-2 有限公司,张三,370602,化工,芝罘区\n'
    )
    summary = import_enterprises(session, write(tmp_path, text))
    wanhua = stored(session)[WANHUA]
    assert wanhua.name == "=cmd|' /C calc'!A0"  # stored exactly as text
    assert wanhua.legal_representative == "@SUM(1)"
    assert wanhua.address == "<script>alert(1)</script>"
    assert summary.rejected == 1
    rejected = report_rows(tmp_path / "registry.csv")[1]
    assert rejected[2] == '\'=HYPERLINK("http://x")'  # neutralised for Excel
    assert rejected[3] == "'-2 有限公司"


def test_control_characters_are_rejected_and_layout_whitespace_tidied(
    session: Session, tmp_path: Path
) -> None:
    text = HEADER + (
        f'{WANHUA},"万华\t化学\u3000\u3000集团\u200b有限公司",廖增太,370602,化工,"芝罘区\r\n东路"\n'
        f"{TENCENT},腾讯\x07科技,王五,370612,化工,牟平区\n"
        f"{GUIDE_EXAMPLE},示例,李四,３７０６１１,化工,福山区\x1f\n"
    )
    summary = import_enterprises(session, write(tmp_path, text))
    enterprises = stored(session)
    assert enterprises[WANHUA].name == "万华 化学 集团有限公司"
    assert enterprises[WANHUA].address == "芝罘区 东路"
    assert [(r.line, r.column, r.reason) for r in summary.shown] == [
        (4, "企业名称", "第3个字符是控制字符（U+0007），不能导入"),  # line 2 spans two lines
        (5, "注册地址", "第4个字符是控制字符（U+001F），不能导入"),
    ]
    assert set(enterprises) == {WANHUA}


def test_field_lengths_are_checked(session: Session, tmp_path: Path) -> None:
    text = HEADER + (
        f"{WANHUA},{'万' * 201},廖增太,370602,化工,芝罘区\n"
        f"{TENCENT},腾讯,{'王' * 101},370612,{'化' * 51},{'路' * 301}\n"
        f"{GUIDE_EXAMPLE},{'示' * 200},李四,370611,{'化' * 50},福山区\n"
    )
    summary = import_enterprises(session, write(tmp_path, text))
    assert set(stored(session)) == {GUIDE_EXAMPLE}
    assert [(r.line, r.reason) for r in summary.shown] == [
        (2, "企业名称不能超过200个字符，实际为201个"),
        (3, "法定代表人不能超过100个字符，实际为101个"),
        (3, "所属行业不能超过50个字符，实际为51个"),
        (3, "注册地址不能超过300个字符，实际为301个"),
    ]
    assert summary.rejected == 2


# --- chunks and the search index hook --------------------------------------------------------


def test_chunks_keep_first_wins_across_chunk_boundaries(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshed: list[list[int]] = []
    monkeypatch.setattr(
        service,
        "_search_index_refresher",
        lambda: lambda _session, ids: refreshed.append(sorted(ids)),
    )
    rows = [f"{code},企业{n},,,,\n" for n, code in enumerate(ALL_CODES)]
    text = HEADER + "".join(rows) + f"{WANHUA},后来的万华,,,,\n"
    summary = import_enterprises(session, write(tmp_path, text), chunk_size=2)

    enterprises = stored(session)
    assert enterprises[WANHUA].name == "企业0"
    assert (summary.inserted, summary.duplicates) == (5, 1)
    assert [len(ids) for ids in refreshed] == [2, 2, 1]  # every chunk, inserted ids
    assert sorted(i for ids in refreshed for i in ids) == sorted(e.id for e in enterprises.values())

    refreshed.clear()
    renamed = HEADER + f"{TENCENT},新名字,,,,\n{WANHUA},企业0,,,,\n"
    import_enterprises(session, write(tmp_path, renamed, name="renamed.csv"))
    assert refreshed == [[enterprises[TENCENT].id]]  # only what changed


def test_a_header_without_rows_is_a_valid_empty_import(session: Session, tmp_path: Path) -> None:
    report_path_for(tmp_path / "registry.csv").write_text("stale report of an earlier run")
    summary: ImportSummary = import_enterprises(session, write(tmp_path, HEADER))
    assert (summary.read, summary.inserted, summary.rejected) == (0, 0, 0)
    assert report_rows(tmp_path / "registry.csv") == [
        ["行号", "列", "统一社会信用代码", "企业名称", "原因"]
    ]  # a fresh, empty report: no stale one from an earlier run


def test_codes_whose_check_characters_hold_but_cannot_exist_are_rejected(
    session: Session, tmp_path: Path
) -> None:
    lines = [
        WANHUA_ROW,
        "000000000000000000,全零代码有限公司,张三,370602,金属制品业,芝罘区",
        f"{make_uscc('99', '370602', 'MA3C0000')},类别错误有限公司,张三,370602,金属制品业,芝罘区",
        f"{make_uscc('91', '990602', 'MA3C0000')},区划错误有限公司,张三,370602,金属制品业,芝罘区",
    ]
    summary = import_enterprises(session, write(tmp_path, HEADER + "\n".join(lines) + "\n"))
    assert (summary.inserted, summary.rejected) == (1, 3)
    reasons = [(r.line, r.reason) for r in summary.shown]
    assert reasons[0] == (3, "第1位“0”不是有效的登记管理部门代码（GB 32100）")
    assert reasons[1][0] == 4
    assert "机构类别代码" in reasons[1][1]
    assert reasons[2][0] == 5
    assert "不是省级行政区代码" in reasons[2][1]


def test_a_stray_nul_in_one_field_rejects_that_row_and_keeps_the_other_49(
    session: Session, tmp_path: Path
) -> None:
    codes = [make_uscc("91", "370602", f"{88_000_000 + n}") for n in range(50)]
    lines = [
        f"{code},烟台测试{n}有限公司,张三,370602,金属制品业,芝罘区" for n, code in enumerate(codes)
    ]
    lines[30] = f"{codes[30]},烟台测试30\x00有限公司,张三,370602,金属制品业,芝罘区"
    summary = import_enterprises(session, write(tmp_path, HEADER + "\n".join(lines) + "\n"))
    assert (summary.inserted, summary.rejected) == (49, 1)
    assert [(r.line, r.column) for r in summary.shown] == [(32, "企业名称")]
    assert "U+0000" in summary.shown[0].reason
    assert codes[30] not in stored(session, codes)

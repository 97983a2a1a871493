"""`ecocredit import enterprises`: files that are not a registry CSV, and the command line
(exit codes, what is printed, the console script in a subprocess on a fresh database)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.config import get_settings
from app.enterprises.importer import import_enterprises, report_path_for
from app.enterprises.source import SourceError
from app.models import Enterprise
from tests.support.penalty_imports import HEADER, MIXED, WANHUA, stored, write

# --- whole-file errors -----------------------------------------------------------------------


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("registry.csv", HEADER)
    return buffer.getvalue()


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["统一社会信用代码", "企业名称"])
    sheet.append([WANHUA, "万华化学集团股份有限公司"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(_png(), "这是PNG图片，不是CSV文件", id="png"),
        pytest.param(_zip(), "这是ZIP压缩包，不是CSV文件", id="zip"),
        pytest.param(_xlsx(), "这是Excel工作簿（.xlsx）", id="xlsx"),
        pytest.param(b"", "文件是空的", id="empty"),
        pytest.param(b"\xef\xbb\xbf\r\n\r\n", "文件是空的", id="only-bom"),
        pytest.param(HEADER.encode("utf-16"), "UTF-16", id="utf-16"),
        pytest.param(b"uscc,name\n" + bytes(range(256)), "二进制数据", id="binary"),
        pytest.param(
            b"uscc,name\n" + WANHUA.encode() + b",\x80\x80\n",
            "既不是UTF-8也不是GB18030编码的文本（第30字节无法解码）",
            id="undecodable",
        ),
        pytest.param(
            (HEADER + f"{WANHUA},万华化学集团股份有限公司,,,,\n").encode() + b"x,\xe4\xb8\n",
            "文件是UTF-8编码，但第3行（第",  # read as GB18030 it would garble every name
            id="damaged-utf8",
        ),
        pytest.param(
            "企业名称,地址\n万华,烟台\n".encode(), "找不到“统一社会信用代码”列", id="no-uscc"
        ),
        pytest.param(
            f"统一社会信用代码,地址\n{WANHUA},烟台\n".encode(), "找不到“企业名称”列", id="no-name"
        ),
        pytest.param(b"just some text\nno header here\n", "找不到“统一社会信用代码”列", id="text"),
    ],
)
def test_a_file_that_is_not_a_registry_csv_gets_one_error_and_imports_nothing(
    session: Session, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        import_enterprises(session, path)
    assert reason in caught.value.message
    assert caught.value.message.startswith("无法导入“upload.csv”：")
    assert stored(session) == {}
    assert not report_path_for(path).exists()


def test_missing_file(session: Session, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="找不到文件"):
        import_enterprises(session, tmp_path / "nope.csv")


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli_database(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A new migrated database that the command's own engine connects to."""
    url = fresh_database()
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = len(conn.execute(select(Enterprise.id)).all())
    engine.dispose()
    return count


def test_cli_imports_reports_and_reruns(cli_database: str, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    runner = CliRunner()
    first = runner.invoke(cli_app, ["import", "enterprises", str(path)])
    assert first.exit_code == 1, first.output  # some rows rejected
    assert "读取 14 行：新增 5，更新 0，未变 0，拒绝 9（其中重复 1）" in first.stdout
    assert "第3行 [统一社会信用代码] 第18位（校验位）应为“F”，实际为“G”" in first.stdout
    assert f"报告文件：{report_path_for(path)}" in first.stdout
    assert _count(cli_database) == 5

    again = runner.invoke(cli_app, ["import", "enterprises", str(path)])
    assert "新增 0，更新 0，未变 5，拒绝 9" in again.stdout
    assert _count(cli_database) == 5

    clean = write(tmp_path, HEADER + f"{WANHUA},万华化学集团股份有限公司,,,,\n", name="ok.csv")
    assert runner.invoke(cli_app, ["import", "enterprises", str(clean)]).exit_code == 0


def test_cli_refuses_a_picture_with_exit_code_2(cli_database: str, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(_png())
    result = CliRunner().invoke(cli_app, ["import", "enterprises", str(path)])
    assert result.exit_code == 2
    assert "无法导入“photo.csv”：这是PNG图片，不是CSV文件" in result.stderr
    assert result.stderr.count("无法导入") == 1  # one error, not one per row
    assert _count(cli_database) == 0


def test_console_script_in_a_subprocess(cli_database: str, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + f"{WANHUA},万华化学集团股份有限公司,廖增太,370602,化工,烟台\n")
    script = Path(sys.executable).with_name("ecocredit")
    env = {"ECOCREDIT_DATABASE_URL": cli_database, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(script), "import", "enterprises", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "读取 1 行：新增 1，更新 0，未变 0，拒绝 0" in done.stdout
    assert _count(cli_database) == 1
    missing = subprocess.run(
        [str(script), "import", "enterprises", str(tmp_path / "nope.csv")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert "找不到文件" in missing.stderr

"""Reading report PDFs as a person would: their text (pdftotext), their fonts (pdffonts), their
pages as pictures (pdftoppm) and the QR codes on them (zxing-cpp)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image


def _run(*args: str, data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(data)
        done = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdf_text(data: bytes) -> str:
    """The text of every page, in reading order; pages separated by form feeds."""
    return _run("pdftotext", "-enc", "UTF-8", data=data)


def squeezed(text: str) -> str:
    """Text without any white space (pdftotext spaces and breaks CJK lines as it likes)."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    return pdf_text(data).split("\f")[:-1]


def pdf_fonts(data: bytes) -> list[list[str]]:
    """pdffonts' rows: name, type, encoding, emb, sub, uni, object, id."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(data)
        done = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True)
    return [line.split() for line in done.stdout.splitlines()[2:]]


def page_images(data: bytes, resolution: int = 110) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(Path(tmp) / "page")],
            check=True,
        )
        images = []
        for png in sorted(Path(tmp).glob("page-*.png")):
            with Image.open(png) as image:
                images.append(image.copy())
    return images


def qr_codes(image: Image.Image) -> list[str]:
    """The texts of the QR codes found on a page."""
    return [found.text for found in zxingcpp.read_barcodes(image)]

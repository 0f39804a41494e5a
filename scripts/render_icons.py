"""Renders resources/icons/timeline-gui.svg to the PNG sizes desktops look for.

    python scripts/render_icons.py

Writes resources/icons/hicolor/<N>x<N>/apps/timeline-gui.png for every N in timeline_gui.ICON_SIZES, with Qt's own
SVG renderer (QtSvg ships with PySide6-Essentials), and from those PNGs the icons PyInstaller puts on the
standalone app: packaging/timeline-gui.ico (Windows) and packaging/timeline-gui.icns (macOS). All are
committed, so nothing renders at build time or at runtime; run this again after changing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from timeline_gui import ICON_SIZES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "timeline-gui.svg"
ICO_SIZES = ICON_SIZES  # every size Windows can use from a PNG-encoded .ico
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08"}  # PNG-encoded entries


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (read by Windows Vista and later)."""
    sizes = [size for size in ICO_SIZES if size in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for size, kind in ICNS_TYPES.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render(size: int) -> QImage:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs the application
    pngs = {}
    for size in ICON_SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "timeline-gui.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not write")
        pngs[size] = target.read_bytes()
        print(target.relative_to(ROOT))
    for target, data in (
        (ROOT / "packaging" / "timeline-gui.ico", ico(pngs)),
        (ROOT / "packaging" / "timeline-gui.icns", icns(pngs)),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

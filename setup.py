"""Build hook: the translation catalogs (.mo) and the first screen's CLDR names (cldr.json) are made by Babel
whenever the package is built. Everything else about the project is in pyproject.toml."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithLocaleData(build_py):
    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(ROOT / "src"))
        try:
            from timeline_gui.locale_build import compile_locale_data
        finally:
            sys.path.remove(str(ROOT / "src"))
        source = ROOT / self.get_package_dir("timeline_gui.resources") / "locale"
        # An editable install reads the resources from the source folder itself, so that is where they go.
        target = source if self.editable_mode else Path(self.build_lib) / "timeline_gui" / "resources" / "locale"
        for path in compile_locale_data(source, target):
            self.announce(f"wrote {path}", level=2)


setup(cmdclass={"build_py": BuildPyWithLocaleData})

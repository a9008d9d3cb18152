from __future__ import annotations

import re

from app.settings import PROJECT_ROOT, Settings


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    names = {(field.alias or name).upper() for name, field in Settings.model_fields.items()}
    assert names - documented == set()

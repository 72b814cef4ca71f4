"""YAML parsing that remembers where every mapping and key came from.

Bank files are edited by hand, so every problem must point at a file and a line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is much faster and keeps the same marks
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class LineMap(dict):
    """A dict that also knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineMap:
        mapping = LineMap(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        mapping.duplicate_keys = []
        for key_node, _ in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in mapping.key_lines:
                mapping.duplicate_keys.append((key, line))
            mapping.key_lines[key] = line
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)


class YamlFileError(Exception):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def load_yaml_with_lines(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a YamlFileError with file and line."""
    if path.exists() and not path.is_file():
        # A pipe or a device named *.yaml would block the read for ever.
        raise YamlFileError(path, 1, "not a regular file (a pipe, a device or a folder), so it was not read")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(path, 1, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise YamlFileError(path, 1, f"cannot read: {error.strerror}") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "end of stream" in (error.problem or "") and error.context_mark:
            # An unterminated quote is found only at the end: say where it starts.
            mark = error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or error.context or "invalid YAML"
        raise YamlFileError(path, line, f"invalid YAML: {reason}") from None
    except yaml.YAMLError as error:
        raise YamlFileError(path, 1, f"invalid YAML: {error}") from None

"""Read and rewrite the content YAML files as plain data, for the tools that edit them.

`hotline content import` and `hotline content translate` change answers in `content/*.yaml`.
They must leave everything else as the author wrote it (keys and their order, keywords, sources,
`verified_on`), never leave the directory half-written, and never write files the hotline would
refuse to load. So edits work on the raw mappings read here, are dumped back in the same shape
(multi-line texts as `|` blocks, keyword lists on one line), staged and loaded in a scratch copy,
and only then written: every file to a temporary sibling first, then renamed over the original.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from hotline import languages
from hotline.content import model as store

# Longer than any line an author writes: PyYAML would otherwise fold long texts at 80 columns.
YAML_WIDTH = 100_000
SUFFIX = ".yaml"
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class _BlockList(list):
    """A list dumped one item per line (`sources`), unlike the one-line keyword lists."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper in the authors' style: texts, phrases and dates in "double quotes", multi-line
    texts as `|` blocks, and block lists indented under their key."""

    def choose_scalar_style(self) -> str:
        """Keep PyYAML's choice (plain, block…) but quote where the authors quote."""
        style = super().choose_scalar_style()
        value = self.event.value  # type: ignore[union-attr]  # PyYAML asks for scalars only
        if style == "'":
            return '"'
        if not style and not self.simple_key_context and (" " in value or _DATE_LIKE.match(value)):
            return '"'
        return style

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent `- item` lines under their key, as the content files do."""
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_block_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=False)


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_BlockList, _represent_block_list)
_Dumper.add_representer(dict, _represent_dict)


def read_all(directory: Path) -> dict[str, dict]:
    """Every topic file as a raw mapping, by topic id, in file-name order (as `content.load`)."""
    raw = {}
    for path in sorted(Path(directory).glob("*" + SUFFIX)):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise store.ContentError(f"{path.name}: {error}") from error
        if not isinstance(data, dict) or data.get("id") != path.stem:
            raise store.ContentError(f"{path.name}: 'id' must equal the file name")
        raw[path.stem] = data
    return raw


def dump(data: dict) -> str:
    """One topic as YAML text, in the shape the authors use (key order kept)."""
    data = copy.copy(data)
    if isinstance(data.get("sources"), list):
        data["sources"] = _BlockList(data["sources"])
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=YAML_WIDTH,
        default_flow_style=None,
    )


def staged_load(directory: Path, changed: dict[str, dict]) -> store.Content:
    """Load the content as it would be after writing `changed`, without touching `directory`.

    Raises ContentError when the result would not load (the hotline would refuse to start).
    """
    with tempfile.TemporaryDirectory(prefix="hotline-content-") as scratch:
        for path in Path(directory).glob("*" + SUFFIX):
            shutil.copyfile(path, Path(scratch) / path.name)
        for topic_id, data in changed.items():
            (Path(scratch) / f"{topic_id}{SUFFIX}").write_text(dump(data), encoding="utf-8")
        return store.load(Path(scratch))


def write_all(directory: Path, changed: dict[str, dict]) -> list[Path]:
    """Write the changed topics: all temporary files first, then rename each over its original.

    A failure while writing leaves every original untouched (the temporary files are removed).
    The renames are each atomic; they run only once every new file is complete on disk.
    """
    staged: dict[Path, Path] = {}
    try:
        for topic_id, data in changed.items():
            target = Path(directory) / f"{topic_id}{SUFFIX}"
            staged[target] = _write_temporary(target, dump(data))
    except BaseException:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        raise
    for target, temporary in staged.items():
        os.replace(temporary, target)
    return list(staged)


def _write_temporary(target: Path, text: str) -> Path:
    """A complete, synced sibling of `target` (hidden, not `*.yaml`, so never loaded)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        temporary.chmod(mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def has_comments(directory: Path, topic_id: str) -> bool:
    """True when a topic file holds `# comments`, which rewriting it loses (PyYAML drops them)."""
    path = Path(directory) / f"{topic_id}{SUFFIX}"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return any(line.lstrip().startswith("#") for line in lines)


def ordered_languages(by_language: dict) -> dict:
    """The same mapping with languages in the canonical order (fr first), for inserted ones."""
    known = [lang for lang in languages.LANGUAGES if lang in by_language]
    others = [lang for lang in by_language if lang not in languages.LANGUAGES]
    return {lang: by_language[lang] for lang in known + others}

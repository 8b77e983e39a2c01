"""The corpus in tests/corpus: every file is listed, from a named commit, with its licence.

The files are other projects' work kept under their own terms, so the manifest must not
drift from the folder: an unlisted file, or one without a licence text beside it, fails.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import CORPUS, MANIFEST, corpus_files

# Licences that allow the files to be redistributed unmodified (GPL with its text beside).
REDISTRIBUTABLE = {
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "MIT",
    "MPL-2.0",
}
# Words every copy of the licence text contains (a wrong file in LICENSES/ fails).
TEXT_MARKS = {
    "Apache-2.0": "Apache License",
    "BSD-2-Clause": "Redistribution and use in source and binary forms",
    "BSD-3-Clause": "Neither the name",
    "GPL-3.0-only": "GNU GENERAL PUBLIC LICENSE",
    "GPL-3.0-or-later": "GNU GENERAL PUBLIC LICENSE",
    "MIT": "Permission is hereby granted, free of charge",
    "MPL-2.0": "Mozilla Public License",
}
NOT_CORPUS = {"MANIFEST.tsv", "README.md", ".gitattributes"}


def _rows() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_the_folder_holds_exactly_the_listed_files() -> None:
    on_disk = {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name not in NOT_CORPUS and "LICENSES" not in p.parts
    }
    listed = [row["file"] for row in _rows()]
    assert len(listed) == len(set(listed))
    assert on_disk == set(listed)
    assert {p.relative_to(CORPUS).as_posix() for p in corpus_files()} == set(listed)


def test_every_file_names_its_source_and_a_redistributable_licence() -> None:
    for row in _rows():
        assert row["repo"].count("/") == 1 and len(row["commit"]) == 40, row
        assert row["path"] and row["file"].startswith(row["repo"].replace("/", "__") + "/"), row
        assert row["licence"] in REDISTRIBUTABLE, row
        text = (CORPUS / row["licence_file"]).read_text(encoding="utf-8")
        assert Path(row["licence_file"]).parent == Path("LICENSES"), row
        assert TEXT_MARKS[row["licence"]] in text, row


def test_every_licence_text_is_used() -> None:
    used = {row["licence_file"] for row in _rows()}
    kept = {p.relative_to(CORPUS).as_posix() for p in (CORPUS / "LICENSES").iterdir()}
    notices = {name for name in kept if ".NOTICE." in name}
    assert kept - notices == used
    for notice in notices:  # a NOTICE belongs to a source whose licence is here
        assert notice.split(".NOTICE.")[0] + ".txt" in used, notice

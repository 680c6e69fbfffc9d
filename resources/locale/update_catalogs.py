"""Extract the program's messages and bring the zh_CN and zh_TW catalogs up to date.

Run from the repository root (any folder works)::

    .venv/bin/python resources/locale/update_catalogs.py [-v]

1. extracts ``_()``, ``N_()``, ``NC_()`` (a message in a context) and ``ngettext()`` messages
   from frontdesk/, ui/ and reports/ (mapping in ``babel.cfg``) into ``resources/locale/frontdesk.pot``;
2. updates ``<lang>/LC_MESSAGES/frontdesk.po`` from it (created when missing), keeping the
   existing translations, without fuzzy matching; a removed message stays as a ``#~`` entry
   until the next run, so its translation can be reused by hand;
3. with ``--translations FILE.json`` (``{"msgid": ["zh_CN text", "zh_TW text"], ...}``), fills
   in those translations (a plural message takes a list of forms per language; a message in a
   context is keyed ``"context\u0004msgid"``);
4. prints how many messages each language lacks and exits 1 when any does (``-v`` lists them).

Runs hold ``resources/locale/.lock``, so several people (or helpers) adding messages at the same
time never overwrite each other's translations. Edit the .po files through this script only.

A file is rewritten only when more than its dates changed. Uses only the standard library
and Babel; compiling the ``.mo`` files is left to bootstrap.py and build.spec.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DOMAIN = "frontdesk"
SOURCES = ("frontdesk", "ui", "reports")
CONTEXT_SEPARATOR = "\u0004"  # a translations key "context\u0004msgid" is a message in context (NC_)
KEYWORDS = {"_": None, "N_": None, "NC_": ((1, "c"), 2), "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
LANGUAGES = ("zh_CN", "zh_TW")
POT = HERE / f"{DOMAIN}.pot"
DATE_HEADERS = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def project_version() -> str:
    """The version in pyproject.toml (for the Project-Id-Version header)."""
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def extracted() -> Iterator[tuple[str, int, str | tuple[str, ...], list[str], str | None]]:
    """(path from the repository root, line, message, comments, context) for every call."""
    with (HERE / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder,
            method_map,
            options_map,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            yield f"{folder}/{filename}", lineno, message, comments, context


def template() -> Catalog:
    """The message template built from the current source tree."""
    pot = Catalog(
        domain=DOMAIN,
        project=DOMAIN,
        version=project_version(),
        charset="utf-8",
        fuzzy=False,
        header_comment=f"# Messages of {DOMAIN}, extracted by resources/locale/update_catalogs.py.\n#",
    )
    for path, lineno, message, comments, context in extracted():
        pot.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return pot


def render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100)
    return buf.getvalue()


def without_dates(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not line.startswith(DATE_HEADERS)]


def save(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` unless only its dates would change; True if written."""
    data = render(catalog)
    if path.exists() and without_dates(path.read_bytes()) == without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def updated(language: str, pot: Catalog) -> Catalog:
    """The catalog of ``language`` brought up to date with ``pot``."""
    po = HERE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language, domain=DOMAIN)
    else:
        catalog = Catalog(
            locale=language,
            domain=DOMAIN,
            project=DOMAIN,
            charset="utf-8",
            header_comment=f"# {language} messages of {DOMAIN}.\n#",
        )
    catalog.update(pot, no_fuzzy_matching=True)
    catalog.version = pot.version
    catalog.fuzzy = False  # a fuzzy header makes babel's compile skip the whole catalog
    return catalog


def missing(catalog: Catalog) -> list[str]:
    """msgids without a (complete) translation, or marked fuzzy."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


@contextlib.contextmanager
def locked(timeout: float = 120.0) -> Iterator[None]:
    """Hold ``.lock`` beside this script (created exclusively; a lock older than 10 minutes is stale)."""
    lock = HERE / ".lock"
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > 600:
                    lock.unlink()
                    continue
            if time.monotonic() > deadline:
                raise SystemExit(f"{lock} is held by another run; remove it if no run is going on") from None
            time.sleep(0.2)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def apply_translations(catalog: Catalog, language: str, translations: dict[str, list[object]]) -> int:
    """Fill the given translations (index 0 zh_CN, 1 zh_TW) into ``catalog``; returns how many."""
    index = LANGUAGES.index(language)
    count = 0
    for key, texts in translations.items():
        context, _sep, msgid = key.rpartition(CONTEXT_SEPARATOR)  # "meter kind\u0004Water"
        message = catalog.get(msgid, context=context or None)
        if message is None:
            print(f"  not in the sources (skipped): {key!r}", file=sys.stderr)
            continue
        text = texts[index]
        message.string = tuple(text) if isinstance(text, list) else str(text)
        message.flags.discard("fuzzy")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the untranslated messages")
    parser.add_argument(
        "--translations", type=Path, metavar="FILE.json", help='{"msgid": ["zh_CN", "zh_TW"]} to fill in'
    )
    args = parser.parse_args(argv)
    translations: dict[str, list[object]] = {}
    if args.translations:
        translations = json.loads(args.translations.read_text(encoding="utf-8"))
    with locked():
        return run(args.verbose, translations)


def run(verbose: bool, translations: dict[str, list[object]]) -> int:
    pot = template()
    wrote = save(POT, pot)
    print(f"{POT.relative_to(ROOT)}: {len(pot)} messages{' (written)' if wrote else ''}")
    status = 0
    for language in LANGUAGES:
        catalog = updated(language, pot)
        if translations:
            apply_translations(catalog, language, translations)
        path = HERE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        wrote = save(path, catalog)
        lacking = missing(catalog)
        note = " (written)" if wrote else ""
        print(
            f"{path.relative_to(ROOT)}: {len(catalog) - len(lacking)}/{len(catalog)} translated, "
            f"{len(lacking)} untranslated{note}"
        )
        if verbose:
            for msgid in lacking:
                print(f"    {msgid!r}")
        if lacking:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

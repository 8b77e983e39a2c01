"""Editor settings: their shapes on the wire, and how they layer over config files.

Editors send settings in several shapes, all accepted:

- ``initializationOptions`` as a plain settings dict (``{"select": ["DF1"]}``), as
  ``{"settings": {...}}`` (Neovim, Helix), or as the VS Code extension template's
  ``{"settings": [{"workspace": "file:///a", ...}, ...], "globalSettings": {...}}``;
- ``workspace/configuration`` answers for the section ``dfls``, per document;
- ``workspace/didChangeConfiguration`` payloads, ``{"dfls": {...}}`` or a settings dict.

Precedence for a document: defaults < the nearest config file (``.dfls.toml`` or
``[tool.dfls]``, found by walking up from the document) < editor settings (global, then the
most specific workspace folder, then what ``workspace/configuration`` returned for it).
Invalid entries are reported once and fall back to the layer below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dfls.engine.config import LoadedSettings, Settings, from_mapping, load_for

SECTION = "dfls"

# Keys an editor extension sends for itself (the VS Code template's and ours), not lint
# settings: ignored without complaint.
CLIENT_KEYS = frozenset(
    {
        "workspace",
        "cwd",
        "path",
        "interpreter",
        "importStrategy",
        "showNotifications",
        "args",
        "trace",
        "logLevel",
        "logFile",
        "enable",
        "server",
        "configurationPreference",
    }
)

Mapping_ = Mapping[str, object]


def _settings_part(value: Mapping_) -> dict[str, object]:
    return {str(k): v for k, v in value.items() if str(k) not in CLIENT_KEYS}


@dataclass
class EditorSettings:
    """Settings the editor sent: global, and per workspace folder (by path prefix)."""

    global_: dict[str, object] = field(default_factory=dict)
    folders: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    def for_path(self, path: Path | None) -> dict[str, object]:
        merged = dict(self.global_)
        if path is not None:
            text = str(path)
            matches = [
                (prefix, values)
                for prefix, values in self.folders
                if text == prefix or text.startswith(prefix.rstrip("/") + "/")
            ]
            for _, values in sorted(matches, key=lambda m: len(m[0])):
                merged.update(values)
        return merged


def parse_initialization_options(
    options: object, uri_to_path: Callable[[str], Path | None]
) -> tuple[EditorSettings, list[str]]:
    """Read ``initializationOptions`` in any accepted shape; problems are returned."""
    if options is None:
        return EditorSettings(), []
    if not isinstance(options, Mapping):
        return EditorSettings(), [
            f"initializationOptions: expected an object, got {type(options).__name__}"
        ]
    errors: list[str] = []
    if SECTION in options and isinstance(options[SECTION], Mapping) and len(options) == 1:
        options = options[SECTION]
        assert isinstance(options, Mapping)
    if "settings" not in options and "globalSettings" not in options:
        return EditorSettings(_settings_part(options)), []
    editor = EditorSettings()
    global_settings = options.get("globalSettings")
    if isinstance(global_settings, Mapping):
        editor.global_.update(_settings_part(global_settings))
    elif global_settings is not None:
        errors.append("initializationOptions.globalSettings: expected an object")
    settings = options.get("settings")
    if isinstance(settings, Mapping):
        editor.global_.update(_settings_part(settings))
    elif isinstance(settings, list):
        for index, item in enumerate(settings):
            if not isinstance(item, Mapping):
                errors.append(f"initializationOptions.settings[{index}]: expected an object")
                continue
            folder = item.get("workspace")
            path = uri_to_path(folder) if isinstance(folder, str) else None
            if path is None:
                editor.global_.update(_settings_part(item))
            else:
                editor.folders.append((str(path), _settings_part(item)))
    elif settings is not None:
        errors.append("initializationOptions.settings: expected an object or a list")
    return editor, errors


def section_values(value: object) -> dict[str, object] | None:
    """Settings from a ``workspace/configuration`` answer or a didChangeConfiguration
    payload: ``{"dfls": {...}}`` or the section's own dict. None when there are none."""
    if not isinstance(value, Mapping):
        return None
    inner = value.get(SECTION)
    if isinstance(inner, Mapping):
        return _settings_part(inner)
    if SECTION in value:
        return None
    return _settings_part(value)


class ConfigStore:
    """Resolves the :class:`Settings` of each document and remembers them until a change.

    The same Settings object is returned for a document until :meth:`invalidate`, which
    lets the engine's per-document cache survive between keystrokes.
    """

    def __init__(self, load: Callable[[Path, Path | None], LoadedSettings] = load_for) -> None:
        self.editor = EditorSettings()
        self.scoped: dict[str, dict[str, object]] = {}
        """What ``workspace/configuration`` returned, per document URI."""
        self.roots: list[Path] = []
        self._load = load
        self._files: dict[Path, LoadedSettings] = {}
        self._resolved: dict[str, Settings] = {}
        self._shown: set[str] = set()
        self._pending: list[str] = []

    # -- inputs ---------------------------------------------------------------------------

    def set_editor(self, editor: EditorSettings, errors: Sequence[str] = ()) -> None:
        self.editor = editor
        self.report(errors)
        self.invalidate(files=False)

    def set_scoped(self, uri: str, values: dict[str, object] | None) -> bool:
        """Record a document's ``workspace/configuration`` answer; True if it changed."""
        before = self.scoped.get(uri)
        if values is None:
            self.scoped.pop(uri, None)
        else:
            self.scoped[uri] = values
        if before != values:
            self._resolved.pop(uri, None)
            return True
        return False

    def forget(self, uri: str) -> None:
        self.scoped.pop(uri, None)
        self._resolved.pop(uri, None)

    def invalidate(self, files: bool = True) -> None:
        """Forget resolved settings (and, with ``files``, the config files read)."""
        self._resolved.clear()
        if files:
            self._files.clear()

    def report(self, errors: Sequence[str]) -> None:
        for error in errors:
            if error not in self._shown:
                self._shown.add(error)
                self._pending.append(error)

    # -- outputs --------------------------------------------------------------------------

    def take_errors(self) -> list[str]:
        """Problems found since the last call, each reported only once per session."""
        pending, self._pending = self._pending, []
        return pending

    def _root_for(self, path: Path) -> Path | None:
        best: Path | None = None
        for root in self.roots:
            if (path == root or root in path.parents) and (
                best is None or len(root.parts) > len(best.parts)
            ):
                best = root
        return best

    def file_settings(self, path: Path | None) -> Settings:
        if path is None:
            return Settings()
        directory = path.parent
        loaded = self._files.get(directory)
        if loaded is None:
            try:
                loaded = self._load(path, self._root_for(path))
            except (OSError, ValueError, RecursionError) as error:
                # An unreadable directory or a hostile config must not stop linting:
                # load_file reports bad files itself, this is the last line of defence.
                loaded = LoadedSettings(Settings(), None, (f"{directory}: {error!s:.200}",))
            self._files[directory] = loaded
            self.report(list(loaded.errors))
        return loaded.settings

    def settings_for(self, uri: str, path: Path | None) -> Settings:
        cached = self._resolved.get(uri)
        if cached is not None:
            return cached
        base = self.file_settings(path)
        editor = self.editor.for_path(path)
        editor.update(self.scoped.get(uri, {}))
        if editor:
            settings, errors = from_mapping(editor, base=base, where="editor settings")
            self.report(errors)
        else:
            settings = base
        self._resolved[uri] = settings
        return settings

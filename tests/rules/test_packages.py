from __future__ import annotations

import pytest

from dfls.knowledge.packages.commands import analyse
from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.packages.managers import BY_NAME, MANAGERS
from dfls.knowledge.packages.paths import covers, normalise
from dfls.model import Dockerfile, Instruction
from dfls.model.shell import scripts
from tests.rules.helpers import findings


def _run(text: str) -> Instruction:
    dockerfile = Dockerfile.parse("FROM debian:12\n" + text)
    return dockerfile.instructions[1]


def _summary(text: str) -> list[tuple[str, str, list[str]]]:
    facts = analyse(_run(text))
    return [(c.manager.name, c.action, [w.value for w in c.packages]) for c in facts.packages]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "RUN apt-get update && apt-get install -y --no-install-recommends curl git\n",
            [("apt-get", "update", []), ("apt-get", "install", ["curl", "git"])],
        ),
        ("RUN apt install -o Dpkg::Options::=x vim\n", [("apt-get", "install", ["vim"])]),
        ("RUN apk --no-cache add -t .deps gcc musl-dev\n", [("apk", "add", ["gcc", "musl-dev"])]),
        ("RUN apk add --virtual=.deps gcc\n", [("apk", "add", ["gcc"])]),
        ("RUN pip3 install -r req.txt flask==3.0\n", [("pip", "install", ["flask==3.0"])]),
        ("RUN python3.12 -m pip install -U pip\n", [("pip", "install", ["pip"])]),
        ("RUN sudo -E env FOO=1 pip install x\n", [("pip", "install", ["x"])]),
        ("RUN npm --prefix /app ci --omit dev\n", [("npm", "ci", [])]),
        ("RUN yarn --frozen-lockfile\n", [("yarn", "install", [])]),
        ("RUN go mod download\n", [("go", "mod download", [])]),
        ("RUN dnf -y group install Tools\n", [("dnf", "group install", ["Tools"])]),
        ("RUN microdnf install -y shadow-utils\n", [("microdnf", "install", ["shadow-utils"])]),
        ("RUN zypper -n in git\n", [("zypper", "in", ["git"])]),
        ("RUN uv pip install x\n", [("uv", "pip install", ["x"])]),
        ("RUN bundle\n", [("bundle", "install", [])]),
        ("RUN echo apt-get install x\n", []),
        ("RUN ['apt-get', 'install', 'x']\n", []),
    ],
)
def test_commands_and_packages(text: str, expected: list[tuple[str, str, list[str]]]) -> None:
    assert _summary(text) == expected


def test_heredoc_bodies_and_continuations_are_analysed() -> None:
    text = "RUN <<EOF\nset -e\napt-get update\napt-get install -y \\\n  curl\nEOF\n"
    assert _summary(text) == [("apt-get", "update", []), ("apt-get", "install", ["curl"])]


def test_exec_form_is_analysed_but_not_editable() -> None:
    (command,) = analyse(_run('RUN ["apt-get", "install", "-y", "curl"]\n')).packages
    assert command.installs and [w.value for w in command.packages] == ["curl"]
    assert command.insert_after_action("--no-install-recommends") is None


def test_package_spans_are_exact_across_lines() -> None:
    run = _run("RUN apt-get install -y \\\n    curl \\\n    git\n")
    (command,) = analyse(run).packages
    spans = [command.word_span(w) for w in command.packages]
    assert [(s.start.line, s.start.character, s.end.character) for s in spans] == [
        (2, 4, 8),
        (3, 4, 7),
    ]
    head = command.head_span
    assert (head.start.line, head.start.character, head.end.character) == (1, 4, 19)


def test_head_span_starts_at_python_for_python_m_pip() -> None:
    (command,) = analyse(_run("RUN python3 -m pip install x\n")).packages
    assert (command.head_span.start.character, command.head_span.end.character) == (4, 26)


@pytest.mark.parametrize(
    ("text", "names", "present"),
    [
        ("RUN apt-get install -qy x\n", ("-y",), True),
        ("RUN apt-get install -qq x\n", ("-qq",), True),
        ("RUN apt-get -y install x\n", ("-y",), True),
        ("RUN apt-get install --yes x\n", ("-y",), False),
        ("RUN apt-get install -t bookworm-backports -q x\n", ("-y",), False),
    ],
)
def test_has_option(text: str, names: tuple[str, ...], present: bool) -> None:
    (command,) = analyse(_run(text)).packages
    assert command.has_option(*names) is present


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("RUN pip install -r a.txt --requirement b.txt --requirement=c.txt -rd.txt\n", 4),
        ("RUN pip install x\n", 0),
    ],
)
def test_option_values(text: str, values: int) -> None:
    (command,) = analyse(_run(text)).packages
    found = command.option_values("-r", "--requirement")
    assert len(found) == values
    for word in found:
        assert word.value.endswith(".txt")
        assert command.script.source[word.start : word.end] == word.text


def test_insert_after_action() -> None:
    run = _run("RUN pip install x\n")
    (command,) = analyse(run).packages
    edit = command.insert_after_action("--no-cache-dir")
    assert edit is not None
    assert (edit.span.start.character, edit.new_text) == (15, " --no-cache-dir")


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("/var/lib/apt/lists/*", "/var/lib/apt/lists", True),
        ("/var/lib/apt/lists", "/var/lib/apt/lists", True),
        ("/var/lib/apt/lists/", "/var/lib/apt/lists", True),
        ("/var/lib/apt", "/var/lib/apt/lists", True),
        ("/var/cache/apk/*.tar.gz", "/var/cache/apk", True),
        ("/var/lib/apt/lists/partial", "/var/lib/apt/lists", False),
        ("/var/cache/apt", "/var/lib/apt/lists", False),
        ("/root/.cache", "~/.cache/pip", True),
        ("$HOME/.npm", "~/.npm", True),
        ("/home/node/.npm/_cacache", "~/.npm", False),
        ("/home/node/.npm", "~/.npm", True),
        ("/var/*/apt/lists", "/var/lib/apt/lists", True),
        ("/*", "/var/lib/apt/lists", False),
        ("$DIR/lists", "/var/lib/apt/lists", False),
        ("lists", "/var/lib/apt/lists", False),
    ],
)
def test_covers(pattern: str, path: str, expected: bool) -> None:
    assert covers(pattern, path) is expected


def test_normalise() -> None:
    assert normalise("/var//lib/../lib/apt/") == "/var/lib/apt"
    assert normalise("~/") == "~"
    assert normalise("${HOME}/.cache") == "~/.cache"
    assert normalise("tmp/") == "tmp"


@pytest.mark.parametrize(
    ("text", "manager", "cleaned"),
    [
        ("RUN yum install -y x && yum clean all\n", "yum", True),
        ("RUN yum install -y x && dnf clean all\n", "yum", True),
        ("RUN yum install -y x && yum clean packages\n", "yum", False),
        ("RUN dnf install -y x && rm -rf /var/cache/dnf\n", "dnf", True),
        ("RUN --mount=type=cache,target=/var/cache/dnf dnf install -y x\n", "dnf", True),
        ("RUN --mount=type=bind,target=/var/cache/dnf dnf install -y x\n", "dnf", False),
        ("RUN zypper -n in x && zypper cc\n", "zypper", True),
        ("RUN npm ci && npm cache clean --force\n", "npm", True),
        ("RUN --mount=type=cache,target=/root/.npm npm ci\n", "npm", True),
        ("RUN npm ci\n", "npm", False),
    ],
)
def test_cleans(text: str, manager: str, cleaned: bool) -> None:
    assert analyse(_run(text)).cleans(BY_NAME[manager]) is cleaned


def test_mounts() -> None:
    facts = analyse(
        _run("RUN --mount=type=tmpfs,dst=/var/lib/apt/lists --mount=src=x,target=/y a\n")
    )
    assert [(m.type, m.target) for m in facts.mounts] == [
        ("tmpfs", "/var/lib/apt/lists"),
        ("bind", "/y"),
    ]
    assert facts.mounted("/var/lib/apt/lists") and not facts.mounted("/y")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RUN apt-get update\n", "RUN apt-get update && X\n"),
        ("run a \\\n  && b\n", "run a \\\n  && b && X\n"),
        ("RUN if a; then b; fi\n", "RUN if a; then b; fi && X\n"),
        ("RUN a &\n", None),
        ("RUN a;\n", None),
        ("RUN a # note\n", None),
        ('RUN ["a"]\n', None),
        ("RUN <<EOF\na\nEOF\n", None),
    ],
)
def test_append_command(text: str, expected: str | None) -> None:
    dockerfile = Dockerfile.parse("FROM a:1\n" + text)
    edit = append_command(dockerfile.instructions[1], "X")
    if expected is None:
        assert edit is None
        return
    assert edit is not None
    assert dockerfile.apply_edit(edit.span, edit.new_text).text == "FROM a:1\n" + expected


def test_manager_table_is_consistent() -> None:
    names = [m.name for m in MANAGERS]
    assert len(names) == len(set(names))
    programs = [p for m in MANAGERS for p in m.programs]
    assert len(programs) == len(set(programs))
    for manager in MANAGERS:
        assert manager.install, manager.name
        for option in manager.value_options | set(manager.yes_options):
            assert option.startswith("-"), (manager.name, option)


@pytest.mark.parametrize("text", ["RUN yarn --version\n", "RUN bundle -v\n", "RUN yarn --help\n"])
def test_bare_program_asking_for_information_is_not_an_install(text: str) -> None:
    (command,) = analyse(_run(text)).packages
    assert command.action == "" and not command.installs


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("RUN apt-get install -y gcc libpq-dev && apt-get purge -y gcc\n", ["libpq-dev"]),
        ("RUN apt-get install -y gcc=4:12.2 && apt-get remove -y gcc\n", []),
        ("RUN apt-get install -y gcc && apt-get purge -y --auto-remove gcc\n", []),
        (
            "RUN apt-mark auto '.*' > /dev/null; apt-get install -y gcc make;"
            " apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n",
            [],
        ),
        ("RUN apk add --virtual .deps gcc musl-dev && apk del .deps\n", []),
        ("RUN apk add -t .deps gcc && apk del .other\n", ["gcc"]),
        ("RUN apk add gcc make && apk del gcc\n", ["make"]),
        ("RUN dnf install -y gcc make && dnf remove -y gcc\n", ["make"]),
        ("RUN pip install Foo_Bar==1 && pip uninstall -y foo-bar\n", []),
    ],
)
def test_kept(text: str, kept: list[str]) -> None:
    facts = analyse(_run(text))
    install = next(facts.find(action="install"))
    assert [w.value.split("=")[0] for w in facts.kept(install)] == kept


@pytest.mark.parametrize(
    ("manager", "value", "name"),
    [
        ("apt-get", "curl=7.88", "curl"),
        ("apt-get", "curl/bookworm-backports", "curl"),
        ("apt-get", "libc6:i386", "libc6"),
        ("apk", "curl~8", "curl"),
        ("pip", "Flask[async]>=3", "flask"),
        ("pip", "typing_extensions", "typing-extensions"),
        ("yum", "gcc-c++", "gcc-c++"),
    ],
)
def test_package_name(manager: str, value: str, name: str) -> None:
    from dfls.knowledge.packages.managers import package_name

    assert package_name(BY_NAME[manager], value) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RUN npm ci\n", True),
        ("RUN npm install --omit=dev\n", True),
        ("RUN npm install -g typescript\n", False),
        ("RUN npm install express\n", False),
        ("RUN yarn\n", True),
        ("RUN pip install -r requirements.txt\n", True),
        ("RUN pip install flask\n", False),
        ("RUN uv sync --frozen\n", True),
        ("RUN uv pip install -r requirements.txt\n", True),
        ("RUN poetry install --no-root\n", True),
        ("RUN bundle install\n", True),
        ("RUN composer install --no-dev\n", True),
        ("RUN go mod download\n", True),
        ("RUN cargo fetch\n", True),
        ("RUN cargo build --release\n", False),
        ("RUN apt-get install -y curl\n", False),
    ],
)
def test_manifest_install(text: str, expected: bool) -> None:
    from dfls.knowledge.packages.commands import manifest_install

    (command,) = analyse(_run(text)).packages
    assert manifest_install(command) is expected


@pytest.mark.parametrize(
    ("run", "incomplete"),
    [
        ('RUN echo "oops', True),
        ("RUN echo 'oops", True),
        ("RUN echo $(date", True),
        ("RUN echo `date", True),
        ("RUN (cd /a && make", True),
        ('RUN echo "a" && b', False),
        ('RUN echo "$(printf "%s" x)"', False),
        ("RUN echo it\\'s", False),
        ("RUN echo ok # it's a comment", False),
        ('RUN --mount=type=cache,target=/x echo "$((1 + 2))"', False),
    ],
)
def test_script_knows_when_it_is_incomplete(run: str, incomplete: bool) -> None:
    (script,) = scripts(Dockerfile.parse(run + "\n").instructions[0])
    assert script.incomplete is incomplete


def test_no_insert_fix_on_an_incomplete_script() -> None:
    (found,) = findings("DF203", 'FROM debian:12\nRUN apt-get install curl && echo "oops\n')
    assert found.fix is None

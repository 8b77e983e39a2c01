from __future__ import annotations

import pytest

from dfls.knowledge.builds import builds, describe
from dfls.model.shell import parse_commands


@pytest.mark.parametrize(
    ("command", "described"),
    [
        ("go build -o /server .", "go build"),
        ("go install ./cmd/...", "go install"),
        ("cargo build --release", "cargo build"),
        ("./mvnw -B clean package", "mvnw package"),
        ("gradle --no-daemon bootJar", "gradle bootJar"),
        ("dotnet publish -c Release", "dotnet publish"),
        ("npm run build", "npm run build"),
        ("yarn build", "yarn build"),
        ("pnpm run build:prod", "pnpm run build:prod"),
        ("python3 -m build", "python3 -m build"),
        ("python setup.py bdist_wheel", "python setup.py bdist_wheel"),
        ("pip wheel -r requirements.txt", "pip wheel"),
        ("make -j4", "make"),
        ("/usr/bin/gcc -O2 main.c", "gcc"),
        ("npx tsc -p .", "tsc"),
    ],
)
def test_builds(command: str, described: str) -> None:
    (parsed,) = parse_commands(command)
    plain = parsed.unwrapped()
    assert builds(plain)
    assert describe(plain) == described


@pytest.mark.parametrize(
    "command",
    [
        "go mod download",
        "go version",
        "javac --version",
        "mvn dependency:go-offline",
        "npm ci",
        "npm run test",
        "pip install -r requirements.txt",
        "python main.py",
        "cargo fetch",
        "echo build",
    ],
)
def test_does_not_build(command: str) -> None:
    (parsed,) = parse_commands(command)
    assert not builds(parsed.unwrapped())

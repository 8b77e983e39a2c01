"""Runs the dfls bundled with the VS Code extension: ``python -I -S launch.py server --stdio``.

`npm run package` installs dfls and its pure-Python dependencies into ../libs; this puts them
first on sys.path, so nothing the interpreter has installed can shadow them (the extension
also passes -I -S, which keep site-packages, PYTHON* variables and the working directory
out). Written so that an old Python still gets as far as saying which version is needed.
"""

import os
import sys

REQUIRED = (3, 11)


def main():
    if sys.version_info < REQUIRED:
        found = "%d.%d.%d" % tuple(sys.version_info[:3])
        sys.stderr.write(
            "dfls needs Python %d.%d or newer; %s is Python %s\n" % (REQUIRED + (sys.executable, found))
        )
        return 3
    libs = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
    sys.path.insert(0, libs)
    from dfls.cli.main import main as dfls_main

    return dfls_main()


if __name__ == "__main__":
    sys.exit(main())

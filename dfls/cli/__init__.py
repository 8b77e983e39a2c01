"""The command line: ``dfls check``, ``dfls rules``, ``dfls server`` and the output formats."""

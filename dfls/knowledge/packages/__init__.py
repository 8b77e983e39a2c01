"""Package managers and their commands in RUN instructions.

- :mod:`~dfls.knowledge.packages.managers`: the table of package managers (programs,
  actions, options, caches, manifests) and package names without versions.
- :mod:`~dfls.knowledge.packages.commands`: package commands parsed out of one RUN and what
  that RUN does with packages and caches (:func:`~dfls.knowledge.packages.commands.analyse`).
- :mod:`~dfls.knowledge.packages.paths`: removed or mounted paths against cache directories.
- :mod:`~dfls.knowledge.packages.index`: index updates and the actions that read the index.
- :mod:`~dfls.knowledge.packages.edits`: appending a command to a RUN.
"""

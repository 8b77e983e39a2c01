"""The semantic tokens legend: standard LSP token types and modifiers (the index of each
is its value on the wire). Its own module, without imports, so the server can announce it
in its ``initialize`` answer before it loads the model."""

TOKEN_TYPES = (
    "keyword",
    "parameter",
    "string",
    "variable",
    "comment",
    "macro",
    "class",
    "type",
    "function",
    "operator",
    "number",
    "property",
)
TOKEN_MODIFIERS = ("declaration", "deprecated", "readonly", "defaultLibrary")

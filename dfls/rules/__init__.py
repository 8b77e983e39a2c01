"""The rules: what is good. Each rule is one module; ``registry`` lists them all."""

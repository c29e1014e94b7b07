"""One module per rule family. Each declares its `Rule`s and a `CHECK`; flexlint.registry lists them."""

"""The bottom layer: what several apps use (base template, components, template helpers,
errors, the page cache) and that imports no app (docs/ARCHITECTURE.md)."""

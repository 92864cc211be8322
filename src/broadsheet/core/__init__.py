"""The bottom layer: pieces every app may use and that import no app (docs/ARCHITECTURE.md)."""

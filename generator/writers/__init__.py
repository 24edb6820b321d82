"""Writers: a `Document` (or a `View`) in, a file on disk out, written atomically."""

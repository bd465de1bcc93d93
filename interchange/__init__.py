"""The casemgr/1 interchange format (shared/spec/interchange.md): reading and writing cases files."""

FORMAT = "casemgr/1"

"""lakip-lint: a linter for Indonesian LAKIP (Laporan Kinerja) workbooks."""
__version__ = "0.1.0"

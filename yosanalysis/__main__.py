"""`python -m yosanalysis` is the `yosanalysis` command."""

from yosanalysis.cli import main

raise SystemExit(main())

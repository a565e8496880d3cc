"""`python -m peacetalks`: the same command line as the `peacetalks` script."""

from peacetalks.cli import main

main()

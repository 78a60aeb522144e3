"""`python -m hotline.cli.entry`: the CLI without relying on the console script being on PATH."""

from hotline.cli import main

if __name__ == "__main__":
    main()

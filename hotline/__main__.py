"""`python -m hotline …`: the `hotline` command where only requirements.txt was installed.

A buildpack platform runs `pip install -r requirements.txt` and nothing else, so the `hotline`
console script (from `pip install -e .`) does not exist there; the Procfile's worker line is
`python -m hotline worker`, which finds the package in the app directory.
"""

from hotline.cli import main

if __name__ == "__main__":
    main(prog_name="hotline")

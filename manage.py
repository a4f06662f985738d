#!/usr/bin/env python
"""Django's command-line utility; `hexad` is the same thing installed as a command."""

from hexad.__main__ import main

if __name__ == "__main__":
    main()
